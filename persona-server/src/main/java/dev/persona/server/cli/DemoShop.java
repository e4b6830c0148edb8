package dev.persona.server.cli;

import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.server.PersonaServer;
import dev.persona.server.ingest.LocalImportSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code persona demo} puts into its server: a generated shop whose month ends today, example
 * segments, a clustering, and a first training. Public so that the dashboard's browser tests look
 * at exactly what the demo shows.
 */
public final class DemoShop {
  /** Segments to look at, defined once (a later run keeps whatever the user changed). */
  public static final Map<String, String> EXAMPLE_SEGMENTS =
      new LinkedHashMap<>(
          Map.of(
              "best-customers", "rfm.recency >= 4 and rfm.frequency >= 4",
              "electronics-fans", "interest.category[\"electronics\"] > 0.3",
              "at-risk", "rfm.segment in [\"at risk\", \"can't lose them\"]",
              "premium-shoppers", "consumption.level = \"high\" and consumption.orders >= 1",
              "suspected-bots", "risk.flagged"));

  private DemoShop() {}

  /**
   * Loads the demo shop into {@code server} unless {@code data} holds the marker of an earlier
   * complete load, defines the example segments that are missing, clusters, and starts training
   * when no model was ever trained.
   *
   * @return the training job started, or {@code null} when a model or a job exists already
   */
  public static String load(PersonaServer server, Path data, PrintWriter out) {
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
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    var profiles = server.profiles();
    profiles.refresh(); // population statistics for RFM, now that the shop is in
    for (var e : EXAMPLE_SEGMENTS.entrySet()) {
      if (profiles.segments().definition(e.getKey()).isEmpty()) {
        profiles.defineSegment(e.getKey(), e.getValue(), "an example of the demo");
      }
    }
    profiles.cluster();
    var models = server.recommendations().models();
    if (models.current() == null && models.jobs().isEmpty()) {
      return models.train("demo").id;
    }
    return null;
  }
}
