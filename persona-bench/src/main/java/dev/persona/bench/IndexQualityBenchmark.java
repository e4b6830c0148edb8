package dev.persona.bench;

import dev.persona.core.index.IdIndex;
import dev.persona.core.topk.TopK;
import dev.persona.eval.DataSet;
import dev.persona.eval.DataSets;
import dev.persona.eval.Interaction;
import dev.persona.eval.Protocol;
import dev.persona.eval.Split;
import dev.persona.recommend.train.AlsModel;
import dev.persona.recommend.train.AlsParams;
import dev.persona.recommend.train.Ials;
import dev.persona.recommend.train.Interactions;
import dev.persona.recommend.train.ItemSpace;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the IVF index ({@code FactorIndex}) costs in accuracy on a real data set: iALS (defaults, 64
 * factors, binary interactions) is trained on a seeded random split, and every test user's top 10
 * is ranked twice from the same folded-in vector, once from the full 8-bit scan and once from the
 * index at several probe shares (both re-scored exactly, training items removed, full catalogue):
 * NDCG@10 and Recall@10 of each, and how much of the full scan's top 10 the index keeps. The index
 * is forced on here; serving builds it only from 20,000 items, and Last.fm has 17,632.
 *
 * <p>Run: {@code persona-bench/run IndexQualityBenchmark [data dir] [data set] [protocol]}, by
 * default {@code ../shared/data lastfm random:0.1}.
 */
public final class IndexQualityBenchmark {
  public static void main(String[] args) {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    String name = args.length > 1 ? args[1] : "lastfm";
    String protocol = args.length > 2 ? args[2] : "random:0.1";
    if (!DataSets.available(name, data)) {
      System.out.println("IndexQualityBenchmark: " + name + " not found under " + data);
      return;
    }
    DataSet set = DataSets.load(name, data);
    Split split = Protocol.parse(protocol, 1).split(set);
    IdIndex ids = new IdIndex();
    Interactions.Builder b = new Interactions.Builder();
    Set<String> seen = new HashSet<>();
    for (Interaction i : split.train()) {
      if (set.relevant(i) && seen.add(i.user() + '\u0000' + i.item())) {
        b.add(i.user(), ids.add(i.item()), 1);
      }
    }
    b.items(ids.size());
    AlsParams p = AlsParams.defaults();
    long t0 = System.nanoTime();
    float[] factors = new Ials(p).train(b.build(), x -> {}).items();
    String[] itemIds = new String[ids.size()];
    for (int i = 0; i < itemIds.length; i++) {
      itemIds[i] = ids.toId(i);
    }
    ItemSpace space = ItemSpace.bind(itemIds, ids);
    AlsModel exact = new AlsModel(space, p, factors, Integer.MAX_VALUE);
    long t1 = System.nanoTime();
    AlsModel indexed = new AlsModel(space, p, factors, 0);
    System.out.printf(
        Locale.ROOT,
        "# IndexQualityBenchmark: %s, %s; %,d items, %,d test users; iALS %.1f s; index of %d"
            + " clusters built in %.1f s%n",
        name,
        protocol,
        space.size(),
        split.test().size(),
        (t1 - t0) / 1e9,
        indexed.index().clusters(),
        (System.nanoTime() - t1) / 1e9);
    double[] shares = {0.05, 0.1, 0.2};
    double[][] sums = new double[shares.length + 1][3]; // ndcg, recall, kept of the full scan's
    int users = 0;
    for (var e : new TreeMap<>(split.test()).entrySet()) {
      List<Interaction> history = split.history().getOrDefault(e.getKey(), List.of());
      int[] local = history.stream().mapToInt(i -> space.localOf(ids.toIndex(i.item()))).toArray();
      float[] weights = new float[local.length];
      Arrays.fill(weights, 1f);
      float[] x = exact.foldIn(local, weights, local.length);
      if (x == null) {
        continue;
      }
      int[] skip = Arrays.stream(local).filter(i -> i >= 0).sorted().distinct().toArray();
      Set<String> relevant = new HashSet<>(e.getValue());
      users++;
      int[] full = rescore(exact, x, scan(exact, x, skip), 10);
      add(sums[0], full, full, relevant, itemIds);
      for (int s = 0; s < shares.length; s++) {
        int[] probed = rescore(exact, x, indexed.index().search(x, skip, 300, shares[s]), 10);
        add(sums[s + 1], probed, full, relevant, itemIds);
      }
    }
    System.out.println("| ranking | NDCG@10 | Recall@10 | of the full scan's top 10 |");
    System.out.println("| --- | ---: | ---: | ---: |");
    for (int s = 0; s <= shares.length; s++) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %.4f | %.4f | %.3f |%n",
          s == 0
              ? "full 8-bit scan"
              : String.format(Locale.ROOT, "IVF, %.2f probed", shares[s - 1]),
          sums[s][0] / users,
          sums[s][1] / users,
          sums[s][2] / users);
    }
  }

  /** The full scan's best 300 positively scored items outside the history, as serving takes. */
  static long[] scan(AlsModel m, float[] x, int[] skip) {
    float[] scores = new float[m.items().size()];
    m.scoreApproximately(x, scores);
    TopK top = new TopK(300);
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > 0 && Arrays.binarySearch(skip, i) < 0) {
        top.offer(i, scores[i]);
      }
    }
    long[] out = new long[top.size()];
    int[] best = top.ids();
    for (int i = 0; i < best.length; i++) {
      out[i] = best[i];
    }
    return out;
  }

  static int[] rescore(AlsModel m, float[] x, long[] candidates, int k) {
    TopK top = new TopK(k);
    for (long c : candidates) {
      top.offer((int) c, m.exact(x, (int) c));
    }
    return top.ids();
  }

  static void add(double[] sum, int[] ranked, int[] full, Set<String> relevant, String[] ids) {
    double dcg = 0;
    int hits = 0;
    Set<Integer> fullTop = new HashSet<>();
    for (int i : full) {
      fullTop.add(i);
    }
    int kept = 0;
    for (int r = 0; r < ranked.length; r++) {
      if (relevant.contains(ids[ranked[r]])) {
        dcg += 1 / (Math.log(r + 2) / Math.log(2));
        hits++;
      }
      if (fullTop.contains(ranked[r])) {
        kept++;
      }
    }
    double ideal = 0;
    for (int r = 0; r < Math.min(10, relevant.size()); r++) {
      ideal += 1 / (Math.log(r + 2) / Math.log(2));
    }
    sum[0] += dcg / ideal;
    sum[1] += hits / (double) relevant.size();
    sum[2] += full.length == 0 ? 1 : kept / (double) full.length;
  }

  private IndexQualityBenchmark() {}
}
