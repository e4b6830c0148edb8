package dev.persona.server.cli;

import dev.persona.data.synth.Shop;
import dev.persona.data.synth.ShopConfig;
import dev.persona.data.synth.ShopSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic shop and its ground truth: items.jsonl, users.jsonl, events.jsonl (time order),",
      "truth.jsonl (each user's true top categories and brand, bot labels) and shop.json.",
      "Import it with: persona import --format jsonl --data DIR OUT"
    })
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--users", required = true, paramLabel = "N")
  int users;

  @Option(names = "--items", required = true, paramLabel = "M")
  int items;

  @Option(names = "--events", required = true, paramLabel = "E")
  long events;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "same seed, same files (default 42)")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR")
  Path out;

  @Option(
      names = "--days",
      defaultValue = "30",
      description = "length of the simulated period (default 30)")
  int days;

  @Option(
      names = "--start",
      paramLabel = "INSTANT",
      description = "start of the period (default 2026-09-01T00:00:00Z)")
  Instant start;

  @Option(
      names = "--bot-share",
      defaultValue = "0.015",
      description = "share of bot-like users (default 0.015)")
  double botShare;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ShopConfig config =
        new ShopConfig(
            users,
            items,
            events,
            seed,
            start != null ? start : ShopConfig.DEFAULT_START,
            days,
            botShare);
    long t0 = System.nanoTime();
    ShopSummary summary = Shop.generate(config).writeTo(out);
    spec.commandLine().getOut().println(summary.render());
    spec.commandLine()
        .getOut()
        .printf("written to %s in %.1f s%n", out, (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
