package dev.persona.server;

import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.eval.DataSet;
import dev.persona.eval.Evaluation;
import dev.persona.eval.Evaluator;
import dev.persona.eval.Interaction;
import dev.persona.eval.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A real evaluation report, small enough for a test: the named algorithms on a generated shop under
 * leave-last-1, run by the evaluation harness and written by its {@link Report}, exactly as {@code
 * persona evaluate} writes one. Nothing in it is made up.
 */
public final class EvaluationFixture {
  private EvaluationFixture() {}

  /** Evaluates {@code algorithms} on a shop of 300 users and writes the report into {@code dir}. */
  public static Report write(Path dir, List<String> algorithms) {
    Shop shop = Shop.generate(ShopConfig.of(300, 80, 6_000, 7));
    List<Interaction> interactions = new ArrayList<>();
    shop.forEachEvent(
        e -> {
          if (e.itemId() != null && !e.type().equals("remove_cart")) {
            interactions.add(new Interaction(e.userId(), e.itemId(), e.timestamp(), 1));
          }
        });
    DataSet data =
        new DataSet(
            "shop",
            "a generated shop: 300 users, 80 items, " + interactions.size() + " interactions",
            interactions,
            Double.NEGATIVE_INFINITY,
            true,
            null);
    Evaluation.Options options =
        new Evaluation.Options(
            dir,
            List.of(),
            "leave-last:1",
            1,
            new Evaluator.Options(List.of(5, 10), 0, 1, 1),
            algorithms,
            false,
            0,
            5_000);
    Report report = new Report("persona evaluate (test fixture: a generated shop, leave-last:1)");
    report.add(Evaluation.section(data, options, List.of(), line -> {}));
    try {
      report.write(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return report;
  }
}
