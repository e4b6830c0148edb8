package dev.persona.recommend.train;

import dev.persona.core.index.IdIndex;
import dev.persona.core.topk.TopK;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A training run: from the interactions to a {@link Snapshot}. The matrix is compacted to the items
 * someone interacted with; a holdout of one random interaction from each of up to {@code
 * holdoutUsers} users (with at least three) is set aside; iALS and, when the catalogue allows, EASE
 * are trained on the rest; each model and popularity are measured on the holdout, ranking the full
 * catalogue less the user's training items.
 */
public final class Trainer {
  private final TrainingConfig config;

  public Trainer(TrainingConfig config) {
    this.config = config;
  }

  /**
   * Trains.
   *
   * @param data interactions over the serving index {@code ids}
   * @param version the snapshot's version
   * @param lastSequence the last event sequence in {@code data}
   * @param progress told what is happening, in words
   */
  public Snapshot train(
      Interactions data,
      IdIndex ids,
      long version,
      long lastSequence,
      long now,
      Consumer<String> progress) {
    Interactions.Compact compact = data.compact();
    Interactions all = compact.data();
    String[] itemIds = new String[compact.globalOf().length];
    for (int i = 0; i < itemIds.length; i++) {
      itemIds[i] = ids.toId(compact.globalOf()[i]);
    }
    ItemSpace space = ItemSpace.bind(itemIds, ids);
    int[] held = holdout(all);
    int heldCount = 0;
    for (int h : held) {
      heldCount += h >= 0 ? 1 : 0;
    }
    Interactions train = heldCount > 0 ? all.without(held) : all;

    AlsParams p = config.als();
    progress.accept(
        String.format(
            java.util.Locale.ROOT,
            "iALS: %,d users, %,d items, %,d pairs, %d factors, %d iterations",
            train.userCount(),
            train.itemCount(),
            train.pairs(),
            p.factors(),
            p.iterations()));
    Ials.Factors factors = new Ials(p).train(train, f -> {});
    for (float v : factors.items()) {
      if (!Float.isFinite(v)) {
        throw new ArithmeticException(
            "iALS diverged (an item factor is not finite); the model in use is kept. Raise"
                + " training.als.regularization or lower training.als.alpha");
      }
    }
    AlsModel als = new AlsModel(space, p, factors.items());
    Map<String, Object> alsParams = new LinkedHashMap<>();
    alsParams.put("factors", p.factors());
    alsParams.put("iterations", p.iterations());
    alsParams.put("regularization", p.regularization());
    alsParams.put("exponent", p.exponent());
    alsParams.put("alpha", p.alpha());
    alsParams.put("cgSteps", p.cgSteps());
    alsParams.put("threads", p.workers());
    alsParams.put("seed", p.seed());
    Map<String, Double> alsHoldout =
        measure(train, held, heldCount, (row, out) -> alsScores(als, train, row, out));
    ModelInfo alsInfo =
        new ModelInfo(
            "als",
            "ready",
            null,
            alsParams,
            factors.report().seconds(),
            factors.report().loss(),
            alsHoldout);

    EaseModel ease = null;
    ModelInfo easeInfo;
    Map<String, Object> easeParams = new LinkedHashMap<>();
    easeParams.put("lambda", config.easeLambda());
    easeParams.put("maxItems", config.easeMaxItems());
    if (!config.ease()) {
      easeInfo = ModelInfo.skipped("ease", "turned off (training.ease.enabled)", easeParams);
    } else if (train.itemCount() > config.easeMaxItems()) {
      easeInfo =
          ModelInfo.skipped(
              "ease",
              String.format(
                  java.util.Locale.ROOT,
                  "%,d items exceed training.ease.maxItems %,d (training would need %.1f" + " GB)",
                  train.itemCount(),
                  config.easeMaxItems(),
                  Ease.trainingBytes(train.itemCount()) / 1e9),
              easeParams);
    } else if (Ease.trainingBytes(train.itemCount()) > freeHeap()) {
      easeInfo =
          ModelInfo.skipped(
              "ease",
              String.format(
                  java.util.Locale.ROOT,
                  "%,d items need %.1f GB to train and the heap has %.1f GB free; give the JVM"
                      + " more (-Xmx) or lower training.ease.maxItems",
                  train.itemCount(),
                  Ease.trainingBytes(train.itemCount()) / 1e9,
                  freeHeap() / 1e9),
              easeParams);
    } else {
      progress.accept(String.format(java.util.Locale.ROOT, "EASE: %,d items", train.itemCount()));
      long t0 = System.nanoTime();
      EaseModel trained = null;
      String failure = null;
      try {
        trained =
            new EaseModel(
                space,
                config.easeLambda(),
                new Ease(config.easeLambda(), config.easeMaxItems()).train(train));
      } catch (RuntimeException | OutOfMemoryError e) {
        failure = "training failed: " + e; // iALS is kept; EASE is reported, not fatal
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (trained == null) {
        easeInfo = ModelInfo.skipped("ease", failure, easeParams);
      } else {
        EaseModel model = trained;
        ease = model;
        Map<String, Double> easeHoldout =
            measure(train, held, heldCount, (row, out) -> easeScores(model, train, row, out));
        easeInfo =
            new ModelInfo("ease", "ready", null, easeParams, seconds, List.of(), easeHoldout);
      }
    }
    float[] popularity = new float[train.itemCount()];
    for (int i = 0; i < popularity.length; i++) {
      popularity[i] = train.itemDegree(i);
    }
    Map<String, Double> baseline =
        measure(
            train,
            held,
            heldCount,
            (row, out) -> System.arraycopy(popularity, 0, out, 0, popularity.length));
    return new Snapshot(
        version,
        now,
        lastSequence,
        all.userCount(),
        all.itemCount(),
        all.pairs(),
        als,
        ease,
        List.of(alsInfo, easeInfo),
        baseline);
  }

  /** Heap the JVM could still give: its maximum less what is in use now. */
  static long freeHeap() {
    Runtime r = Runtime.getRuntime();
    return r.maxMemory() - (r.totalMemory() - r.freeMemory());
  }

  /** One held-out item per chosen user ({@code -1} for the others). */
  int[] holdout(Interactions data) {
    int[] held = new int[data.userCount()];
    java.util.Arrays.fill(held, -1);
    if (config.holdoutUsers() == 0) {
      return held;
    }
    SplittableRandom random = new SplittableRandom(config.seed());
    int[] order = new int[data.userCount()];
    for (int u = 0; u < order.length; u++) {
      order[u] = u;
    }
    for (int u = order.length - 1; u > 0; u--) { // Fisher-Yates
      int v = random.nextInt(u + 1);
      int t = order[u];
      order[u] = order[v];
      order[v] = t;
    }
    int chosen = 0;
    for (int u : order) {
      int n = data.rowEnd(u) - data.rowStart(u);
      if (n >= 3) {
        held[u] = data.rowItems()[data.rowStart(u) + random.nextInt(n)];
        if (++chosen == config.holdoutUsers()) {
          break;
        }
      }
    }
    return held;
  }

  interface Scorer {
    /** Scores every item for user row {@code u} into {@code out}. */
    void score(int u, float[] out);
  }

  private static void alsScores(AlsModel als, Interactions train, int u, float[] out) {
    int from = train.rowStart(u);
    int n = train.rowEnd(u) - from;
    int[] items = java.util.Arrays.copyOfRange(train.rowItems(), from, from + n);
    float[] w = java.util.Arrays.copyOfRange(train.rowWeights(), from, from + n);
    float[] x = als.foldIn(items, w, n);
    if (x == null) {
      java.util.Arrays.fill(out, 0);
    } else {
      als.score(x, out);
    }
  }

  private static void easeScores(EaseModel ease, Interactions train, int u, float[] out) {
    int from = train.rowStart(u);
    int n = train.rowEnd(u) - from;
    ease.score(java.util.Arrays.copyOfRange(train.rowItems(), from, from + n), n, out);
  }

  /** HitRate@10 and NDCG@10 of one held item per user, over the full catalogue. */
  static Map<String, Double> measure(Interactions train, int[] held, int count, Scorer scorer) {
    if (count == 0) {
      return Map.of();
    }
    float[] scores = new float[train.itemCount()];
    double hits = 0;
    double ndcg = 0;
    TopK top = new TopK(10);
    for (int u = 0; u < held.length; u++) {
      if (held[u] < 0) {
        continue;
      }
      scorer.score(u, scores);
      for (int p = train.rowStart(u); p < train.rowEnd(u); p++) {
        scores[train.rowItems()[p]] = Float.NEGATIVE_INFINITY;
      }
      top.clear();
      float threshold = -Float.MAX_VALUE;
      for (int i = 0; i < scores.length; i++) {
        if (scores[i] >= threshold) {
          top.offer(i, scores[i]);
          threshold = Math.max(-Float.MAX_VALUE, top.threshold());
        }
      }
      int[] best = top.ids();
      for (int r = 0; r < best.length; r++) {
        if (best[r] == held[u]) {
          hits++;
          ndcg += 1 / (Math.log(r + 2) / Math.log(2));
          break;
        }
      }
    }
    Map<String, Double> out = new HashMap<>();
    out.put("users", (double) count);
    out.put("hitRate@10", hits / count);
    out.put("ndcg@10", ndcg / count);
    return out;
  }
}
