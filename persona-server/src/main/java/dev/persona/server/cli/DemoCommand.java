package dev.persona.server.cli;

import dev.persona.server.PersonaServer;
import dev.persona.server.config.PersonaConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start a server with a generated demo shop (2,000 users, 500 items, 60,000 events over the",
      "last 30 days) and print the URL, the API key and example requests. The shop is loaded once;",
      "later runs on the same --data reuse it."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", description = "TCP port (default 8080)")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default 127.0.0.1)")
  String host;

  @Option(
      names = "--data",
      defaultValue = ".persona/demo",
      paramLabel = "DIR",
      description = "store directory (default .persona/demo)")
  Path data;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "use this key instead of a generated one")
  String apiKey;

  @Option(
      names = "--evaluation",
      paramLabel = "DIR",
      defaultValue = "target/evaluation",
      description =
          "where persona evaluate wrote the report the dashboard shows (default"
              + " target/evaluation)")
  Path evaluation;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String key = apiKey != null ? apiKey : HexFormat.of().formatHex(randomBytes(16));
    PersonaConfig config =
        PersonaConfig.defaults()
            .withDataDir(data)
            .withHost(host)
            .withPort(port)
            .withApiKeys(List.of(key))
            .withEvaluationDir(evaluation);
    PrintWriter out = spec.commandLine().getOut();
    ServeCommand.run(config, out, server -> loadAndIntroduce(server, out, key));
    return 0;
  }

  /** Loads the demo shop once, then prints where to start. */
  private void loadAndIntroduce(PersonaServer server, PrintWriter out, String key) {
    if (DemoShop.load(server, data, out) != null) {
      out.println("Training the recommendation models in the background (see GET /v1/models).");
    }
    String url = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + server.port();
    out.println();
    out.println("Persona demo is running at " + url);
    out.println("Dashboard: " + url + "/");
    out.println("API key (needed for writes): " + key);
    out.println();
    out.println("Open the dashboard in a browser: a user's profile (" + url + "/#/users/u1),");
    out.println("why they get each recommendation, segments and the system. Or try the API:");
    out.println("  curl -s " + url + "/v1/health");
    out.println("  curl -s " + url + "/v1/items/i1");
    out.println("  curl -s " + url + "/v1/users/u1");
    out.println(
        "  curl -s -X POST "
            + url
            + "/v1/events -H 'Content-Type: application/json' -H 'Authorization: Bearer "
            + key
            + "' \\\n      -d '{\"type\":\"view\",\"userId\":\"u1\",\"itemId\":\"i7\"}'");
    out.println("  curl -s " + url + "/v1/users/u1/profile");
    out.println("  curl -s '" + url + "/v1/users/u1/profile?explain=true'");
    out.println("  curl -s " + url + "/v1/segments");
    out.println(
        "  curl -s -X POST "
            + url
            + "/v1/segments/query -H 'Content-Type: application/json' -H 'Authorization: Bearer "
            + key
            + "' \\\n      -d '{\"rule\": \"age >= 30 and interest.category[\\\"fashion\\\"] > 0.3\", \"limit\": 5}'");
    out.println("  curl -s " + url + "/v1/clusters");
    out.println("  curl -s '" + url + "/v1/users/u1/recommendations?n=5'");
    out.println("  curl -s " + url + "/v1/items/i1/similar");
    out.println("  curl -s " + url + "/v1/models");
    out.println("  open " + url + "/api.html for the whole API (or " + url + "/v1/openapi.json)");
    out.println();
    out.println("Data in " + data.toAbsolutePath() + ". Stop with Ctrl-C.");
    out.flush();
  }

  /** From the non-blocking system generator: a demo must not wait for entropy. */
  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
