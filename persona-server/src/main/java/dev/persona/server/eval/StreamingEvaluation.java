package dev.persona.server.eval;

import dev.persona.core.model.Event;
import dev.persona.core.store.SyncPolicy;
import dev.persona.eval.DataSet;
import dev.persona.eval.Interaction;
import dev.persona.eval.Report;
import dev.persona.eval.Stat;
import dev.persona.recommend.Recommendation;
import dev.persona.recommend.train.TrainingConfig;
import dev.persona.server.PersonaServer;
import dev.persona.server.config.PersonaConfig;
import dev.persona.server.config.TrainingOptions;
import dev.persona.server.profile.ProfileOptions;
import dev.persona.server.recommend.ModelService;
import dev.persona.server.recommend.RecommendService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The streaming (prequential) evaluation: what real-time updating is worth.
 *
 * <p>A Persona server (the real store, ingestion pipeline, profiles and recommender) on a temporary
 * directory is fed the first part of a data set's log in time order and trains its models at the
 * cut. Then the rest of the log is replayed twice, event by event, on a clock that reads each
 * event's time:
 *
 * <ul>
 *   <li><b>frozen</b>: before each target, the user's list is asked for and scored; nothing is
 *       ingested, so every model stays as it was at the cut (fold-in, item-to-item, session,
 *       profiles, popularity counts);
 *   <li><b>real time</b>: the same, then the event is ingested through the pipeline, so the next
 *       request sees it.
 * </ul>
 *
 * The trained snapshot is the same in both. A target is an interaction with an item new to that
 * user (what a recommendation can bring); each request excludes the user's earlier items, which a
 * client knows in either case. Every event is {@code view}, as offline.
 */
public final class StreamingEvaluation {
  /**
   * @param testFraction the share of the log (by time) replayed after the cut
   * @param k the list length scored
   * @param buckets time buckets in the report's curve
   * @param maxTargets score at most this many targets, evenly spaced (every event is still
   *     replayed)
   * @param easeMaxItems EASE is skipped above this many items
   */
  public record Options(double testFraction, int k, int buckets, int maxTargets, int easeMaxItems) {
    public Options {
      if (!(testFraction > 0 && testFraction < 1)) {
        throw new IllegalArgumentException(
            "streaming test fraction must be in (0, 1), got " + testFraction);
      }
      if (k < 1 || k > 100) {
        throw new IllegalArgumentException("streaming k must be in 1..100, got " + k);
      }
      if (buckets < 1 || maxTargets < 1) {
        throw new IllegalArgumentException("streaming buckets and targets must be >= 1");
      }
    }

    public static Options defaults() {
      return new Options(0.2, 10, 10, 5_000, 5_000);
    }
  }

  private StreamingEvaluation() {}

  /**
   * Replays one data set.
   *
   * @throws IllegalArgumentException for a data set without times
   */
  public static Report.Streaming run(DataSet d, Options o, Consumer<String> log) throws Exception {
    if (!d.timed()) {
      throw new IllegalArgumentException(
          "streaming evaluation needs times, and data set " + d.name() + " has none");
    }
    List<Interaction> all = new ArrayList<>(d.interactions());
    all.sort(Comparator.comparingLong(Interaction::time));
    int cut = (int) Math.round(all.size() * (1 - o.testFraction()));
    List<Interaction> head = all.subList(0, cut);
    List<Interaction> tail = all.subList(cut, all.size());

    // targets: interactions with items new to the user; each with the user's earlier items
    Map<String, Set<String>> seen = new HashMap<>();
    for (Interaction i : head) {
      seen.computeIfAbsent(i.user(), u -> new LinkedHashSet<>()).add(i.item());
    }
    List<Integer> targets = new ArrayList<>();
    for (int t = 0; t < tail.size(); t++) {
      Interaction i = tail.get(t);
      if (seen.computeIfAbsent(i.user(), u -> new LinkedHashSet<>()).add(i.item())) {
        targets.add(t);
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException(
          "streaming evaluation: data set "
              + d.name()
              + " has no interaction with an item new to its user after the cut");
    }
    long allTargets = targets.size();
    if (targets.size() > o.maxTargets()) {
      List<Integer> spaced = new ArrayList<>();
      for (int j = 0; j < o.maxTargets(); j++) {
        spaced.add(targets.get((int) ((long) j * targets.size() / o.maxTargets())));
      }
      targets = spaced;
    }
    Set<Integer> scored = new HashSet<>(targets);

    Path dir = Files.createTempDirectory("persona-streaming-");
    AtomicLong clock = new AtomicLong(head.isEmpty() ? 0 : head.get(head.size() - 1).time());
    TrainingConfig tc = TrainingConfig.defaults();
    ProfileOptions po = ProfileOptions.defaults();
    PersonaConfig config =
        PersonaConfig.defaults()
            // the population statistics (which training's risk flags read) are refreshed on wall
            // time: not during a replay, so that a slow setup does not change who is trained on
            .withProfiles(
                new ProfileOptions(
                    po.config(), po.snapshotInterval(), Duration.ofDays(3650), po.clusters()))
            .withHost("127.0.0.1")
            .withPort(0)
            .withDataDir(dir)
            .withStore(
                dev.persona.store.rocks.StoreOptions.defaults().withSync(SyncPolicy.INTERVAL))
            .withTraining(
                new TrainingOptions(
                    new TrainingConfig(
                        tc.als(), true, tc.easeLambda(), o.easeMaxItems(), 0, tc.seed()),
                    Duration.ZERO,
                    1,
                    false,
                    true,
                    1));
    long t0 = System.nanoTime();
    try (PersonaServer server = PersonaServer.start(config, List.of(), clock::get)) {
      server.awaitReady(2, TimeUnit.MINUTES);
      // the catalogue index is rebuilt on the replay's clock, at the points of the replay a live
      // server would reach them (a minute of data time apart), not whenever a background check
      // in wall time happens to run: otherwise the lists that read it differ from run to run
      RecommendService recs = server.recommendations();
      recs.refreshIndexOnlyWhenCalled();
      // the catalogue, as a shop would send it before its events (items carry no attributes here)
      List<dev.persona.core.model.Item> items = new ArrayList<>();
      for (String id : new java.util.TreeSet<>(all.stream().map(Interaction::item).toList())) {
        items.add(dev.persona.core.model.Item.of(id, null, List.of()));
        if (items.size() == 5_000) {
          server.store().items().putAll(items);
          items.clear();
        }
      }
      server.store().items().putAll(items);
      List<Event> batch = new ArrayList<>();
      long seq = 0;
      for (Interaction i : head) {
        batch.add(event(++seq, i));
        if (batch.size() == 5_000) {
          server.pipeline().ingest(batch).get();
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        server.pipeline().ingest(batch).get();
      }
      ModelService models = server.recommendations().models();
      ModelService.Job job = models.train("streaming evaluation");
      while (job.state().equals("queued") || job.state().equals("running")) {
        Thread.sleep(100);
      }
      if (models.current() == null) {
        throw new IllegalStateException("training at the cut failed: " + job.message());
      }
      log.accept(
          String.format(
              Locale.ROOT,
              "# %s streaming: %,d events before the cut (trained %s), %,d after; %,d targets, %,d scored (%.0f s)",
              d.name(),
              head.size(),
              models.current().name(),
              tail.size(),
              allTargets,
              targets.size(),
              (System.nanoTime() - t0) / 1e9));

      Map<String, Set<String>> known = new HashMap<>();
      for (Interaction i : head) {
        known.computeIfAbsent(i.user(), u -> new LinkedHashSet<>()).add(i.item());
      }
      long cutTime = clock.get();
      double[][] frozen = new double[tail.size()][];
      double[][] live = new double[tail.size()][];
      // frozen: ask only
      Map<String, Set<String>> frozenKnown = copy(known);
      clock.set(cutTime);
      recs.reindex(); // the catalogue and its popularity at the cut
      for (int t = 0; t < tail.size(); t++) {
        Interaction i = tail.get(t);
        clock.set(i.time());
        recs.refreshIndex();
        if (scored.contains(t)) {
          frozen[t] = score(server, i, frozenKnown.getOrDefault(i.user(), Set.of()), o.k());
        }
        frozenKnown.computeIfAbsent(i.user(), u -> new LinkedHashSet<>()).add(i.item());
      }
      log.accept(
          String.format(
              Locale.ROOT,
              "# %s frozen pass done (%.0f s)",
              d.name(),
              (System.nanoTime() - t0) / 1e9));
      // real time: ask, then ingest
      clock.set(cutTime);
      recs.reindex();
      for (int t = 0; t < tail.size(); t++) {
        Interaction i = tail.get(t);
        clock.set(i.time());
        recs.refreshIndex();
        if (scored.contains(t)) {
          live[t] = score(server, i, known.getOrDefault(i.user(), Set.of()), o.k());
        }
        known.computeIfAbsent(i.user(), u -> new LinkedHashSet<>()).add(i.item());
        server.pipeline().ingest(List.of(event(++seq, i))).get();
      }
      log.accept(
          String.format(
              Locale.ROOT,
              "# %s real-time pass done (%.0f s)",
              d.name(),
              (System.nanoTime() - t0) / 1e9));
      return summarise(d, o, tail, targets, allTargets, frozen, live);
    } finally {
      delete(dir);
    }
  }

  private static Map<String, Set<String>> copy(Map<String, Set<String>> m) {
    Map<String, Set<String>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, new LinkedHashSet<>(v)));
    return out;
  }

  /** HitRate and NDCG of the user's list for the target interaction. */
  private static double[] score(
      PersonaServer server, Interaction target, Set<String> before, int k) {
    Recommendation r =
        server.recommendations().forUser(target.user(), k, null, recent(before, 500), 2);
    for (int rank = 0; rank < r.items().size(); rank++) {
      if (r.items().get(rank).itemId().equals(target.item())) {
        return new double[] {1, 1 / (Math.log(rank + 2) / Math.log(2))};
      }
    }
    return new double[] {0, 0};
  }

  /** The latest {@code n} of a user's items (a request's exclusions stay bounded). */
  private static Set<String> recent(Set<String> items, int n) {
    if (items.size() <= n) {
      return items;
    }
    List<String> l = new ArrayList<>(items);
    return new HashSet<>(l.subList(l.size() - n, l.size()));
  }

  private static Event event(long seq, Interaction i) {
    return new Event(
        "replay-" + seq, "view", i.user(), i.item(), i.time(), null, null, null, null, null, null);
  }

  private static Report.Streaming summarise(
      DataSet d,
      Options o,
      List<Interaction> tail,
      List<Integer> targets,
      long allTargets,
      double[][] frozen,
      double[][] live) {
    Map<String, double[]> hit = new LinkedHashMap<>();
    Map<String, double[]> ndcg = new LinkedHashMap<>();
    Map<String, Map<String, Stat>> overall = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>();
    int buckets = Math.min(o.buckets(), Math.max(1, targets.size()));
    long span = tail.isEmpty() ? 0 : tail.get(tail.size() - 1).time() - tail.get(0).time();
    java.time.format.DateTimeFormatter format =
        java.time.format.DateTimeFormatter.ofPattern(
            span < Duration.ofDays(2).toMillis() ? "MM-dd HH:mm" : "yyyy-MM-dd");
    for (int b = 0; b < buckets; b++) {
      int first = targets.get((int) ((long) b * targets.size() / buckets));
      labels.add(
          format.format(Instant.ofEpochMilli(tail.get(first).time()).atZone(ZoneOffset.UTC)));
    }
    for (String variant : List.of("real time", "frozen")) {
      double[][] v = variant.equals("frozen") ? frozen : live;
      double[] h = new double[buckets];
      double[] n = new double[buckets];
      Stat hs = new Stat();
      Stat ns = new Stat();
      for (int b = 0; b < buckets; b++) {
        Stat bh = new Stat();
        Stat bn = new Stat();
        int from = (int) ((long) b * targets.size() / buckets);
        int to = (int) ((long) (b + 1) * targets.size() / buckets);
        for (int j = from; j < to; j++) {
          double[] s = v[targets.get(j)];
          bh.add(s[0]);
          bn.add(s[1]);
          hs.add(s[0]);
          ns.add(s[1]);
        }
        h[b] = bh.mean();
        n[b] = bn.mean();
      }
      hit.put(variant, h);
      ndcg.put(variant, n);
      overall.put(variant, Map.of("hit", hs, "ndcg", ns));
    }
    String description =
        String.format(
            Locale.ROOT,
            "%s. Cut at %.0f%% of the log by time; %,d events replayed after it, %,d targets (items"
                + " new to their user), %,d scored%s. Lists of %d; the request excludes the user's"
                + " earlier items. Real time ingests each event after scoring it; frozen ingests"
                + " nothing after the cut. Same trained snapshot in both.",
            d.description(),
            100 * (1 - o.testFraction()),
            tail.size(),
            allTargets,
            targets.size(),
            targets.size() < allTargets ? " (evenly spaced)" : "",
            o.k());
    return new Report.Streaming(
        d.name(), description, o.k(), targets.size(), labels, hit, ndcg, overall);
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
