package dev.persona.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation report: for each data set a table per algorithm (mean and 95% interval over
 * users), the tuning trials, published or reference figures where the protocol matches, the
 * streaming evaluation; written as {@code report.md}, {@code results.csv} (one row per data set,
 * algorithm, metric and k), {@code results.json} (what the dashboard reads) and SVG charts.
 */
public final class Report {
  /**
   * A figure measured elsewhere, shown beside ours.
   *
   * @param source where it comes from, with its protocol
   * @param metrics by {@code name@k}
   */
  public record Anchor(String source, String method, Map<String, Double> metrics) {}

  /** One data set under one protocol. */
  public record Section(
      String dataset,
      String description,
      String protocol,
      int users,
      long hidden,
      int catalogue,
      List<Evaluator.Result> results,
      List<Tuner.Trial> trials,
      List<Anchor> anchors,
      List<String> notes) {
    public Section {
      results = List.copyOf(results);
      trials = List.copyOf(trials);
      anchors = List.copyOf(anchors);
      notes = List.copyOf(notes);
    }
  }

  /**
   * The streaming (prequential) evaluation of one data set.
   *
   * @param buckets labels of the time buckets
   * @param hit per variant, HitRate@k in each bucket
   * @param ndcg per variant, NDCG@k in each bucket
   * @param overall per variant, {@code hit} and {@code ndcg} over all targets
   */
  public record Streaming(
      String dataset,
      String description,
      int k,
      long targets,
      List<String> buckets,
      Map<String, double[]> hit,
      Map<String, double[]> ndcg,
      Map<String, Map<String, Stat>> overall) {}

  private final String command;
  private final List<Section> sections = new ArrayList<>();
  private final List<Streaming> streams = new ArrayList<>();

  /**
   * @param command the command that reproduces this report, printed at its top
   */
  public Report(String command) {
    this.command = command;
  }

  public synchronized void add(Section s) {
    sections.add(s);
  }

  public synchronized void add(Streaming s) {
    streams.add(s);
  }

  public synchronized List<Section> sections() {
    return List.copyOf(sections);
  }

  public synchronized List<Streaming> streams() {
    return List.copyOf(streams);
  }

  /** Writes every file under {@code dir} (created when missing). */
  public synchronized void write(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("charts"));
    Files.writeString(dir.resolve("report.md"), markdown());
    Files.writeString(dir.resolve("results.csv"), csv());
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(dir.resolve("results.json").toFile(), json());
    for (Section s : sections) {
      Files.writeString(dir.resolve("charts/" + chartName(s) + ".svg"), chart(s));
    }
    for (Streaming s : streams) {
      Files.writeString(
          dir.resolve("charts/" + s.dataset() + "-streaming.svg"),
          Svg.lines(
              s.dataset() + ": HitRate@" + s.k() + " over time, real time vs frozen",
              "HitRate@" + s.k(),
              s.buckets(),
              List.copyOf(s.hit().keySet()),
              List.copyOf(s.hit().values())));
      Files.writeString(
          dir.resolve("charts/" + s.dataset() + "-streaming-ndcg.svg"),
          Svg.lines(
              s.dataset() + ": NDCG@" + s.k() + " over time, real time vs frozen",
              "NDCG@" + s.k(),
              s.buckets(),
              List.copyOf(s.ndcg().keySet()),
              List.copyOf(s.ndcg().values())));
    }
  }

  private static String chartName(Section s) {
    return s.dataset() + "-" + s.protocol().replaceAll("[^A-Za-z0-9.]+", "-");
  }

  static int headline(Evaluator.Result r) {
    return r.metrics().containsKey("ndcg@10")
        ? 10
        : r.coverage().keySet().stream().max(Integer::compare).orElse(10);
  }

  private static String chart(Section s) {
    List<String> rows = new ArrayList<>();
    List<List<Svg.Bar>> values = new ArrayList<>();
    int k = s.results().isEmpty() ? 10 : headline(s.results().get(0));
    for (Evaluator.Result r : s.results()) {
      rows.add(r.algorithm());
      values.add(
          List.of(
              bar(r.metrics().get("ndcg@" + k)),
              bar(r.metrics().get("recall@" + k)),
              bar(r.metrics().get("hit@" + k))));
    }
    return Svg.bars(
        s.dataset() + " (" + s.protocol() + "), " + s.users() + " users, 95% intervals",
        rows,
        List.of("NDCG@" + k, "Recall@" + k, "HitRate@" + k),
        values);
  }

  private static Svg.Bar bar(Stat s) {
    return s == null ? new Svg.Bar(Double.NaN, Double.NaN) : new Svg.Bar(s.mean(), s.halfWidth());
  }

  private static final List<String> COLUMNS =
      List.of("ndcg", "recall", "recall_capped", "precision", "map", "hit", "mrr");

  String markdown() {
    StringBuilder md = new StringBuilder("# Persona evaluation report\n\n");
    md.append("Reproduce with: `").append(command).append("`\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Machine: %d cores, %s %s, max heap %,d MB. Full-catalogue ranking, each user's history"
                + " excluded; binary relevance; ± is the 95%% interval over users (normal"
                + " approximation). Definitions: docs/evaluation.md.%n%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name"),
            System.getProperty("java.version"),
            Runtime.getRuntime().maxMemory() >> 20));
    for (Section s : sections) {
      md.append("## ").append(s.dataset()).append(", ").append(s.protocol()).append("\n\n");
      md.append(s.description()).append(". ");
      md.append(
          String.format(
              Locale.ROOT,
              "%,d users evaluated, %,d hidden relevant items, %,d items in the catalogue.%n%n",
              s.users(),
              s.hidden(),
              s.catalogue()));
      if (!s.results().isEmpty()) {
        int k = headline(s.results().get(0));
        md.append("| algorithm |");
        for (String c : COLUMNS) {
          md.append(' ').append(label(c)).append('@').append(k).append(" |");
        }
        md.append(
            " coverage | diversity | novelty | popularity | users | train s | rank ms | heap MB |\n");
        md.append("| --- |").append(" ---: |".repeat(COLUMNS.size() + 8)).append('\n');
        for (Evaluator.Result r : s.results()) {
          md.append("| ").append(r.algorithm()).append(" |");
          for (String c : COLUMNS) {
            Stat st = r.metrics().get(c + "@" + k);
            md.append(String.format(Locale.ROOT, " %.4f ± %.4f |", st.mean(), st.halfWidth()));
          }
          md.append(
              String.format(
                  Locale.ROOT,
                  " %.3f | %.3f | %.2f | %.4f | %s | %.1f | %.2f | %,d |%n",
                  r.coverage().get(k),
                  r.metrics().get("diversity@" + k).mean(),
                  r.metrics().get("novelty@" + k).mean(),
                  r.metrics().get("popularity@" + k).mean(),
                  r.users() == r.sampledFrom()
                      ? String.format(Locale.ROOT, "%,d", r.users())
                      : String.format(
                          Locale.ROOT, "%,d of %,d (sample)", r.users(), r.sampledFrom()),
                  r.trainSeconds(),
                  r.rankMillis(),
                  r.heapMegabytes()));
        }
        md.append('\n');
        for (String note : s.notes()) {
          md.append("- ").append(note).append('\n');
        }
        if (!s.notes().isEmpty()) {
          md.append('\n');
        }
        if (!s.anchors().isEmpty()) {
          md.append("Figures measured elsewhere, for comparison:\n\n");
          md.append(
              "| source | method | NDCG@10 | Recall@10 | Recall_capped@10 |\n| --- | --- | ---: | ---: | ---: |\n");
          for (Anchor a : s.anchors()) {
            md.append("| ")
                .append(a.source())
                .append(" | ")
                .append(a.method())
                .append(" | ")
                .append(fmt(a.metrics().get("ndcg@10")))
                .append(" | ")
                .append(fmt(a.metrics().get("recall@10")))
                .append(" | ")
                .append(fmt(a.metrics().get("recall_capped@10")))
                .append(" |\n");
          }
          md.append('\n');
        }
        md.append("Settings: ");
        List<String> settings = new ArrayList<>();
        for (Evaluator.Result r : s.results()) {
          settings.add("**" + r.algorithm() + "** " + r.settings());
        }
        md.append(String.join("; ", settings)).append(".\n\n");
        md.append("![")
            .append(s.dataset())
            .append("](charts/")
            .append(chartName(s))
            .append(".svg)\n\n");
      }
      if (!s.trials().isEmpty()) {
        md.append("<details><summary>Tuning on the validation split (")
            .append(s.trials().size())
            .append(
                " trials, NDCG@10)</summary>\n\n| algorithm | settings | validation NDCG@10 | chosen |\n| --- | --- | ---: | --- |\n");
        for (Tuner.Trial t : s.trials()) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %.4f | %s |%n",
                  t.algorithm(),
                  t.settings().replace("|", "/"),
                  t.score(),
                  t.chosen() ? "yes" : ""));
        }
        md.append("\n</details>\n\n");
      }
    }
    for (Streaming s : streams) {
      md.append("## ").append(s.dataset()).append(", streaming (prequential)\n\n");
      md.append(s.description()).append("\n\n");
      md.append("| variant | HitRate@")
          .append(s.k())
          .append(" | NDCG@")
          .append(s.k())
          .append(" |\n| --- | ---: | ---: |\n");
      for (var e : s.overall().entrySet()) {
        Stat h = e.getValue().get("hit");
        Stat n = e.getValue().get("ndcg");
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.4f ± %.4f | %.4f ± %.4f |%n",
                e.getKey(),
                h.mean(),
                h.halfWidth(),
                n.mean(),
                n.halfWidth()));
      }
      md.append("\nOver time (buckets of equal target counts, from the first target's time):\n\n");
      List<String> variants = List.copyOf(s.hit().keySet());
      md.append("| from |");
      for (String v : variants) {
        md.append(" HitRate ").append(v).append(" |");
      }
      for (String v : variants) {
        md.append(" NDCG ").append(v).append(" |");
      }
      md.append("\n| --- |").append(" ---: |".repeat(2 * variants.size())).append('\n');
      for (int b = 0; b < s.buckets().size(); b++) {
        md.append("| ").append(s.buckets().get(b)).append(" |");
        for (String v : variants) {
          md.append(' ').append(fmt(s.hit().get(v)[b])).append(" |");
        }
        for (String v : variants) {
          md.append(' ').append(fmt(s.ndcg().get(v)[b])).append(" |");
        }
        md.append('\n');
      }
      for (String metric : List.of("streaming", "streaming-ndcg")) {
        md.append("\n![")
            .append(s.dataset())
            .append(' ')
            .append(metric)
            .append("](charts/")
            .append(s.dataset())
            .append('-')
            .append(metric)
            .append(".svg)\n");
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String label(String metric) {
    return switch (metric) {
      case "ndcg" -> "NDCG";
      case "recall" -> "Recall";
      case "recall_capped" -> "Recall_capped";
      case "precision" -> "Precision";
      case "map" -> "MAP";
      case "hit" -> "HitRate";
      case "mrr" -> "MRR";
      default -> metric;
    };
  }

  private static String fmt(Double d) {
    return d == null || d.isNaN() ? "-" : String.format(Locale.ROOT, "%.4f", d);
  }

  String csv() {
    StringBuilder csv =
        new StringBuilder("dataset,protocol,algorithm,metric,k,mean,ci95,users,sampled_from\n");
    for (Section s : sections) {
      for (Evaluator.Result r : s.results()) {
        for (var e : r.metrics().entrySet()) {
          String[] mk = e.getKey().split("@");
          csv.append(
              String.format(
                  Locale.ROOT,
                  "%s,\"%s\",%s,%s,%s,%.6f,%.6f,%d,%d%n",
                  r.dataset(),
                  r.protocol(),
                  r.algorithm(),
                  mk[0],
                  mk[1],
                  e.getValue().mean(),
                  e.getValue().halfWidth(),
                  r.users(),
                  r.sampledFrom()));
        }
        for (var e : r.coverage().entrySet()) {
          csv.append(
              String.format(
                  Locale.ROOT,
                  "%s,\"%s\",%s,coverage,%d,%.6f,,%d,%d%n",
                  r.dataset(),
                  r.protocol(),
                  r.algorithm(),
                  e.getKey(),
                  e.getValue(),
                  r.users(),
                  r.sampledFrom()));
        }
      }
    }
    return csv.toString();
  }

  Map<String, Object> json() {
    List<Object> out = new ArrayList<>();
    for (Section s : sections) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", s.dataset());
      m.put("description", s.description());
      m.put("protocol", s.protocol());
      m.put("users", s.users());
      m.put("catalogue", s.catalogue());
      m.put("notes", s.notes());
      List<Object> results = new ArrayList<>();
      for (Evaluator.Result r : s.results()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("algorithm", r.algorithm());
        x.put("settings", String.valueOf(r.settings()));
        Map<String, Object> metrics = new LinkedHashMap<>();
        r.metrics()
            .forEach((k, v) -> metrics.put(k, pair("mean", v.mean(), "ci95", v.halfWidth())));
        r.coverage().forEach((k, v) -> metrics.put("coverage@" + k, Map.of("mean", v)));
        x.put("metrics", metrics);
        x.put("users", r.users());
        x.put("sampledFrom", r.sampledFrom());
        x.put("trainSeconds", r.trainSeconds());
        x.put("rankMillis", r.rankMillis());
        x.put("heapMegabytes", r.heapMegabytes());
        results.add(x);
      }
      m.put("results", results);
      List<Object> anchors = new ArrayList<>();
      for (Anchor a : s.anchors()) {
        anchors.add(Map.of("source", a.source(), "method", a.method(), "metrics", a.metrics()));
      }
      m.put("anchors", anchors);
      List<Object> trials = new ArrayList<>();
      for (Tuner.Trial t : s.trials()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("algorithm", t.algorithm());
        x.put("settings", t.settings());
        x.put(Tuner.TARGET, t.score());
        x.put("chosen", t.chosen());
        trials.add(x);
      }
      m.put("trials", trials);
      out.add(m);
    }
    List<Object> streaming = new ArrayList<>();
    for (Streaming s : streams) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", s.dataset());
      m.put("k", s.k());
      m.put("targets", s.targets());
      m.put("buckets", s.buckets());
      m.put("hit", nullsForNaN(s.hit()));
      m.put("ndcg", nullsForNaN(s.ndcg()));
      Map<String, Object> overall = new LinkedHashMap<>();
      s.overall()
          .forEach(
              (k, v) ->
                  overall.put(
                      k,
                      Map.of(
                          "hit",
                          pair("mean", v.get("hit").mean(), "ci95", v.get("hit").halfWidth()),
                          "ndcg",
                          pair("mean", v.get("ndcg").mean(), "ci95", v.get("ndcg").halfWidth()))));
      m.put("overall", overall);
      streaming.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("command", command);
    root.put("sections", out);
    root.put("streaming", streaming);
    return root;
  }

  private static Map<String, List<Double>> nullsForNaN(Map<String, double[]> series) {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    series.forEach(
        (k, v) -> {
          List<Double> l = new ArrayList<>();
          for (double d : v) {
            l.add(Double.isFinite(d) ? d : null);
          }
          out.put(k, l);
        });
    return out;
  }

  /** Two named numbers; JSON has no NaN, so one that is not finite is written as null. */
  private static Map<String, Object> pair(String a, double x, String b, double y) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(a, Double.isFinite(x) ? x : null);
    m.put(b, Double.isFinite(y) ? y : null);
    return m;
  }
}
