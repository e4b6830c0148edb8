package dev.persona.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.data.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  @TempDir Path dir;

  @Test
  void helpShowsTheProtocolsAndTheMetrics() {
    PersonaCliTest.Run r = PersonaCliTest.run("evaluate", "--help");
    String help = r.out();
    // a stray '%' makes picocli print its format string raw, with a warning
    assertThat(r.err()).doesNotContain("picocli WARN");
    assertThat(help).contains("mean ± 95% interval over users");
    for (String s :
        new String[] {
          "given",
          "random:R",
          "leave-last:N",
          "temporal:F",
          "strong:U",
          "precision",
          "recall_capped",
          "ndcg",
          "map",
          "mrr",
          "coverage",
          "diversity",
          "novelty",
          "popularity",
          "--streaming"
        }) {
      assertThat(help).contains(s);
    }
  }

  @Test
  void badParametersAreUsageErrorsNamingTheParameter() {
    PersonaCliTest.Run p =
        PersonaCliTest.run("evaluate", "--protocol", "random:2", "--out", dir.toString());
    assertThat(p.status()).isEqualTo(2);
    assertThat(p.err()).contains("protocol 'random:2'").contains("(0, 1)");
    PersonaCliTest.Run d = PersonaCliTest.run("evaluate", "--dataset", "netflix");
    assertThat(d.status()).isEqualTo(2);
    assertThat(d.err()).contains("unknown 'netflix'").contains("ml100k");
    PersonaCliTest.Run a =
        PersonaCliTest.run("evaluate", "--dataset", "ml100k", "--algorithms", "bpr");
    assertThat(a.status()).isEqualTo(2);
    assertThat(a.err()).contains("unknown 'bpr'");
    PersonaCliTest.Run k = PersonaCliTest.run("evaluate", "--k", "0");
    assertThat(k.status()).isEqualTo(2);
    assertThat(k.err()).contains("k: every cutoff must be in 1..1000");
  }

  @Test
  void anEmptyDataFolderEvaluatesNothingAndSaysSo() {
    PersonaCliTest.Run r =
        PersonaCliTest.run(
            "evaluate", "--data", dir.toString(), "--out", dir.resolve("out").toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).contains("skipped, no folder").contains("nothing evaluated");
  }

  /** The floors on MovieLens 100K's u1 split; BASELINES-style figures written to the report. */
  @Test
  void evaluatesARealDataSetAndWritesTheReport() throws Exception {
    Path data = SharedData.dataSet("movielens-100k").getParent();
    Path out = dir.resolve("report");
    PersonaCliTest.Run r =
        PersonaCliTest.run(
            "evaluate",
            "--data",
            data.toString(),
            "--dataset",
            "ml100k",
            "--algorithms",
            "popularity,random,item-knn",
            "--out",
            out.toString());
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out()).contains("| ml100k | popularity |").contains("456 users");
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md).contains("## ml100k, given u1").contains("| item-knn |");
    assertThat(Files.readAllLines(out.resolve("results.csv")))
        .anySatisfy(l -> assertThat(l).startsWith("ml100k,\"given u1\",popularity,ndcg,10,"));
    assertThat(out.resolve("charts/ml100k-given-u1.svg")).exists();
  }
}
