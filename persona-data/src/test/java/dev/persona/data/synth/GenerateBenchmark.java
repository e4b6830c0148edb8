package dev.persona.data.synth;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Times {@code persona generate} by hand; not a test. Run from {@code persona-data} after {@code
 * mvn test-compile}:
 *
 * <pre>
 * java -Xmx4g -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     dev.persona.data.synth.GenerateBenchmark 1000000 100000 10000000 7 /tmp/persona-shop
 * </pre>
 *
 * where {@code cp.txt} comes from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 * Arguments: users, items, events, seed, output directory. Prints the time to plan (catalogue,
 * users, sessions) and to write, the summary and the peak heap in use.
 */
public final class GenerateBenchmark {
  private GenerateBenchmark() {}

  public static void main(String[] args) throws Exception {
    ShopConfig config =
        ShopConfig.of(
            Integer.parseInt(args[0]),
            Integer.parseInt(args[1]),
            Long.parseLong(args[2]),
            Long.parseLong(args[3]));
    long t0 = System.nanoTime();
    Shop shop = Shop.generate(config);
    long t1 = System.nanoTime();
    Runtime rt = Runtime.getRuntime();
    long planned = rt.totalMemory() - rt.freeMemory();
    ShopSummary summary = shop.writeTo(Path.of(args[4]));
    long t2 = System.nanoTime();
    System.out.print(summary.render());
    System.out.printf(
        Locale.ROOT,
        "plan %.1f s, write %.1f s, total %.1f s; heap after planning %d MB (before GC)%n",
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        (t2 - t0) / 1e9,
        planned >> 20);
  }
}
