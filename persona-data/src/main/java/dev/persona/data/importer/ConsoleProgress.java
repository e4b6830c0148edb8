package dev.persona.data.importer;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * A {@link ProgressListener} that draws a progress bar in megabytes on a console stream (standard
 * error for the command line, so that standard output stays clean for the report). Close it when
 * the import ends, also on failure, to finish the bar's line.
 *
 * <pre>{@code
 * try (ConsoleProgress bar = new ConsoleProgress("import", System.err)) {
 *   report = Importers.run(format, paths, sink, ImportOptions.defaults().withProgress(bar));
 * }
 * }</pre>
 */
public final class ConsoleProgress implements ProgressListener, AutoCloseable {
  private static final long MEGABYTE = 1L << 20;

  private final String task;
  private final PrintStream out;
  private ProgressBar bar;

  public ConsoleProgress(String task, PrintStream out) {
    this.task = task;
    this.out = out;
  }

  @Override
  public void progress(long bytesRead, long totalBytes) {
    if (bar == null) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(Math.max(totalBytes, 1))
              .setUnit("MB", MEGABYTE)
              .setConsumer(new ConsoleProgressBarConsumer(out, width()))
              .setUpdateIntervalMillis(250)
              .showSpeed()
              .build();
    }
    bar.stepTo(Math.min(bytesRead, Math.max(totalBytes, 1)));
  }

  /**
   * The bar's width: {@code $COLUMNS} when set, else 100. A fixed width keeps progressbar from
   * probing the terminal through JLine's native library, which JDK 24 and later warn about.
   */
  private static int width() {
    try {
      String columns = System.getenv("COLUMNS");
      return columns == null ? 100 : Math.max(40, Math.min(300, Integer.parseInt(columns.trim())));
    } catch (NumberFormatException e) {
      return 100;
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
