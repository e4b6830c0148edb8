package dev.persona.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.json.Wire;
import dev.persona.recommend.train.ModelInfo;
import dev.persona.recommend.train.Snapshot;
import dev.persona.server.PersonaServer;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.recommend.ModelService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train the recommendation models (iALS with fold-in, and EASE) on the whole event log, save",
      "the snapshot under DIR/models and print what was trained. With --url, ask a running server",
      "to train (POST /v1/models/train) and wait for the job. Settings: the training section of",
      "--config (docs/configuration.md)."
    })
final class TrainCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true)
  StoreTarget target = new StoreTarget();

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "key for --url when the server requires one")
  String apiKey;

  @Option(names = "--config", paramLabel = "FILE", description = "configuration file")
  Path config;

  @Option(
      names = "--timeout",
      paramLabel = "MINUTES",
      description = "how long to wait for training (default 120)",
      defaultValue = "120")
  long timeoutMinutes;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    return target.url != null ? remote(out) : local(out);
  }

  /** Opens the store (replaying the log as the server does, so profiles know who is risky). */
  private int local(PrintWriter out) throws Exception {
    PersonaConfig c = target.config(config);
    // no schedule and no training at start: this command trains once, itself
    c =
        c.withTraining(
            new dev.persona.server.config.TrainingOptions(
                c.training().config(),
                Duration.ZERO,
                c.training().minNewEvents(),
                false,
                c.training().excludeRiskyUsers(),
                c.training().keep()));
    try (PersonaServer server = PersonaServer.start(c.withHost("127.0.0.1").withPort(0))) {
      server.awaitReady(timeoutMinutes, TimeUnit.MINUTES);
      ModelService models = server.recommendations().models();
      ModelService.Job job = models.train("cli");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
      String last = null;
      while (!job.state().equals("done") && !job.state().equals("failed")) {
        if (System.nanoTime() > deadline) {
          out.println("training did not finish within " + timeoutMinutes + " minutes");
          return 1;
        }
        if (job.message() != null && !job.message().equals(last)) {
          last = job.message();
          System.err.println(last);
        }
        Thread.sleep(200);
      }
      if (job.state().equals("failed")) {
        out.println("training failed: " + job.message());
        return 1;
      }
      print(out, models.current(), c.dataDir().resolve("models"));
      return 0;
    }
  }

  static void print(PrintWriter out, Snapshot s, Path dir) {
    out.printf(
        Locale.ROOT,
        "Trained v%d on %,d users, %,d items, %,d pairs (events up to sequence %d); saved in %s%n",
        s.version(),
        s.users(),
        s.items(),
        s.pairs(),
        s.lastSequence(),
        dir);
    for (ModelInfo m : s.models()) {
      if (!m.ready()) {
        out.printf("  %-5s skipped: %s%n", m.name(), m.reason());
        continue;
      }
      out.printf(
          Locale.ROOT,
          "  %-5s %6.1f s  holdout HitRate@10 %s  NDCG@10 %s%n",
          m.name(),
          m.seconds(),
          metric(m.holdout().get("hitRate@10")),
          metric(m.holdout().get("ndcg@10")));
    }
    out.printf(
        Locale.ROOT,
        "  popularity     holdout HitRate@10 %s  NDCG@10 %s (%s users)%n",
        metric(s.baseline().get("hitRate@10")),
        metric(s.baseline().get("ndcg@10")),
        s.baseline().containsKey("users")
            ? String.valueOf(s.baseline().get("users").intValue())
            : "0");
    out.flush();
  }

  private static String metric(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private int remote(PrintWriter out) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    String base = target.url.toString().replaceAll("/+$", "");
    HttpRequest.Builder post =
        HttpRequest.newBuilder(URI.create(base + "/v1/models/train"))
            .POST(HttpRequest.BodyPublishers.noBody());
    if (apiKey != null) {
      post.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> r = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      out.println("the server refused: " + r.statusCode() + " " + r.body());
      return 1;
    }
    String id = Wire.mapper().readTree(r.body()).path("job").asText();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(timeoutMinutes);
    while (System.nanoTime() < deadline) {
      HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + "/v1/models/jobs/" + id));
      if (apiKey != null) {
        get.header("Authorization", "Bearer " + apiKey);
      }
      JsonNode job =
          Wire.mapper()
              .readTree(http.send(get.build(), HttpResponse.BodyHandlers.ofString()).body());
      String state = job.path("state").asText();
      if (state.equals("done") || state.equals("failed")) {
        out.println(job.path("job").asText() + " " + state + ": " + job.path("message").asText());
        return state.equals("done") ? 0 : 1;
      }
      Thread.sleep(500);
    }
    out.println("training did not finish within " + timeoutMinutes + " minutes");
    return 1;
  }
}
