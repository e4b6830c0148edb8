package dev.persona.server.cli;

import dev.persona.server.PersonaServer;
import dev.persona.server.config.PersonaConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Start the server on the embedded store in --data.")
final class ServeCommand implements Callable<Integer> {
  @Mixin ServerOptions options;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PersonaConfig config = options.resolve(Path.of("data"));
    run(config, spec.commandLine().getOut(), null);
    return 0;
  }

  /** Starts the server, prints where it listens, and blocks until the process is stopped. */
  static void run(PersonaConfig config, PrintWriter out, Consumer<PersonaServer> onReady)
      throws Exception {
    PersonaServer server = PersonaServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "persona-shutdown"));
    String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
    out.println(
        "Persona "
            + PersonaServer.version()
            + " listening on http://"
            + host
            + ":"
            + server.port());
    out.flush();
    server.awaitReady(1, java.util.concurrent.TimeUnit.HOURS);
    out.println("Ready: " + server.store().events().count() + " events in " + config.dataDir());
    if (onReady != null) {
      onReady.accept(server);
    }
    out.flush();
    stopped.await();
  }
}
