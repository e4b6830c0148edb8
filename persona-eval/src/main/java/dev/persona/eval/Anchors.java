package dev.persona.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Figures measured elsewhere, shown beside ours only where the protocol matches theirs: the
 * reference runs of {@code ../shared/BASELINES.md} (same files, same protocol, this kind of
 * machine; their settings were picked on the test split, so they are optimistic) and published
 * results.
 */
final class Anchors {
  private Anchors() {}

  static List<Report.Anchor> of(DataSet d, Split s) {
    List<Report.Anchor> out = new ArrayList<>();
    String baselines = "BASELINES.md (settings picked on test)";
    if (d.name().equals("ml1m") && s.name().startsWith("given")) {
      out.add(anchor(baselines, "popularity", 0.2011, 0.0667, 0.1903));
      out.add(
          anchor(
              baselines,
              "Mahout 0.13 boolean item-based LLR (every 10th user)",
              0.1960,
              0.0626,
              0.1844));
      out.add(anchor(baselines, "EASE lambda 1000", 0.4367, 0.1824, 0.4164));
      out.add(anchor(baselines, "Spark MLlib 4.1 ALS implicit, rank 64", 0.4292, 0.1790, 0.4112));
    }
    if (d.name().equals("lastfm") && s.name().startsWith("given")) {
      out.add(anchor(baselines, "popularity", 0.0584, Double.NaN, 0.0694));
      out.add(anchor(baselines, "Mahout boolean item-based LLR", 0.1608, Double.NaN, 0.1779));
      out.add(anchor(baselines, "EASE lambda 100", 0.1784, Double.NaN, 0.1979));
      out.add(anchor(baselines, "Spark MLlib ALS implicit, rank 64", 0.1882, Double.NaN, 0.2037));
    }
    if (d.name().equals("lastfm") && s.name().startsWith("random 0.10 test, 0.10 validation")) {
      String recbole = "RecBole-GNN benchmark (random 8:1:1, full ranking; published)";
      out.add(anchor(recbole, "BPR", 0.167, 0.176, Double.NaN));
      out.add(anchor(recbole, "LightGCN", 0.197, 0.206, Double.NaN));
    }
    return out;
  }

  private static Report.Anchor anchor(
      String source, String method, double ndcg, double recall, double capped) {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    put(m, "ndcg@10", ndcg);
    put(m, "recall@10", recall);
    put(m, "recall_capped@10", capped);
    return new Report.Anchor(source, method, m);
  }

  private static void put(Map<String, Double> m, String k, double v) {
    if (!Double.isNaN(v)) {
      m.put(k, v);
    }
  }
}
