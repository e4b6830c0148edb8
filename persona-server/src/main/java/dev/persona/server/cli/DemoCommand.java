package dev.persona.server.cli;

import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.server.PersonaServer;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.ingest.LocalImportSink;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String key = apiKey != null ? apiKey : HexFormat.of().formatHex(randomBytes(16));
    PersonaConfig config =
        PersonaConfig.defaults()
            .withDataDir(data)
            .withHost(host)
            .withPort(port)
            .withApiKeys(List.of(key));
    PrintWriter out = spec.commandLine().getOut();
    ServeCommand.run(config, out, server -> loadAndIntroduce(server, out, key));
    return 0;
  }

  /** Loads the demo shop once, then prints where to start. */
  private void loadAndIntroduce(PersonaServer server, PrintWriter out, String key) {
    // The marker is written after a complete load; a load that was interrupted is redone (the
    // demo's events have fixed ids, so what was already stored counts as duplicates).
    Path loaded = data.resolve("demo-loaded");
    if (!Files.exists(loaded)) {
      // The demo's month ends today, so that "last 7 days" means something in every view of it.
      Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(30));
      ShopConfig shop = ShopConfig.demo().withStart(start);
      out.printf(
          "Loading the demo shop (%,d users, %,d items, %,d events)...%n",
          shop.users(), shop.items(), shop.events());
      out.flush();
      long t0 = System.nanoTime();
      Shop.LoadResult result =
          Shop.generate(shop)
              .loadInto(new LocalImportSink(server.pipeline(), server.store()), 1000);
      out.printf(
          "Loaded %,d items, %,d users and %,d events in %.1f s.%n",
          result.items(), result.users(), result.eventsAccepted(), (System.nanoTime() - t0) / 1e9);
      try {
        Files.writeString(loaded, Instant.now() + "\n");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    defineExampleSegments(server);
    if (server.recommendations().models().current() == null
        && server.recommendations().models().jobs().isEmpty()) {
      server.recommendations().models().train("demo");
      out.println("Training the recommendation models in the background (see GET /v1/models).");
    }
    String url = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + server.port();
    out.println();
    out.println("Persona demo is running at " + url);
    out.println("API key (needed for writes): " + key);
    out.println();
    out.println("Try:");
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
    out.println("  open " + url + "/v1/openapi.json for the whole API");
    out.println();
    out.println("Data in " + data.toAbsolutePath() + ". Stop with Ctrl-C.");
    out.flush();
  }

  /** Segments to look at, defined once (a later run keeps whatever the user changed). */
  static final Map<String, String> EXAMPLE_SEGMENTS =
      new LinkedHashMap<>(
          Map.of(
              "best-customers", "rfm.recency >= 4 and rfm.frequency >= 4",
              "electronics-fans", "interest.category[\"electronics\"] > 0.3",
              "at-risk", "rfm.segment in [\"at risk\", \"can't lose them\"]",
              "premium-shoppers", "consumption.level = \"high\" and consumption.orders >= 1",
              "suspected-bots", "risk.flagged"));

  private static void defineExampleSegments(PersonaServer server) {
    var profiles = server.profiles();
    profiles.refresh(); // population statistics for RFM, now that the shop is in
    for (var e : EXAMPLE_SEGMENTS.entrySet()) {
      if (profiles.segments().definition(e.getKey()).isEmpty()) {
        profiles.defineSegment(e.getKey(), e.getValue(), "an example of the demo");
      }
    }
    profiles.cluster();
  }

  /** From the non-blocking system generator: a demo must not wait for entropy. */
  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
