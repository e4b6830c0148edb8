package dev.persona.data.importer;

import dev.persona.data.ImportSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of {@code persona import}: reads files of a {@link Format} into an {@link
 * ImportSink}.
 *
 * <p>Bad lines never abort an import: each is counted in the {@link ImportReport} under a reason,
 * with the first few kept as {@code file:line} examples. What does abort it is a path that cannot
 * be used (thrown before anything is sent), an I/O error while reading, or a failure of the sink.
 *
 * <p>Events get deterministic ids ({@code <format>:<hash of the line>#<n>}, {@code n} counting
 * identical earlier lines of the same file), so importing the same file twice reports the second
 * run's events as duplicates instead of storing them again. Items and users are sent before the
 * events that follow them in the files, in batches of {@link ImportOptions#batchSize()}.
 */
public final class Importers {
  private Importers() {}

  /**
   * Imports {@code paths} (files, or directories whose files the format recognises).
   *
   * @throws IllegalArgumentException when no path is given, a path does not exist, or a file name
   *     is not one the format knows; nothing has been sent then
   * @throws UncheckedIOException when reading a file fails midway
   * @throws RuntimeException whatever the sink throws for a failure other than refusing a batch
   */
  public static ImportReport run(
      Format format, List<Path> paths, ImportSink sink, ImportOptions options) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no input files given for format " + format);
    }
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new IllegalArgumentException("no such file or directory: " + p);
      }
    }
    ImportContext context = new ImportContext(format.formatName(), sink, options);
    FormatReader reader = format.newReader();
    List<Input> plan = reader.plan(paths, context);
    if (plan.isEmpty()) {
      throw new IllegalArgumentException(
          "no " + format + " files found in " + paths + " (see the format's documentation)");
    }
    try {
      long total = 0;
      for (Input input : plan) {
        total += Files.size(input.path());
      }
      context.totalBytes(total);
      for (Input input : plan) {
        reader.read(input, context);
      }
      reader.finish(context);
      context.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + format + " input failed: " + e.getMessage(), e);
    } catch (ImportContext.SinkFailure e) {
      throw e.unwrap();
    }
    return context.report();
  }

  /** {@link #run(Format, List, ImportSink, ImportOptions)} with the default options. */
  public static ImportReport run(Format format, List<Path> paths, ImportSink sink) {
    return run(format, paths, sink, ImportOptions.defaults());
  }

  /**
   * {@link #run(Format, List, ImportSink, ImportOptions)} for a format given by name.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static ImportReport run(
      String format, List<Path> paths, ImportSink sink, ImportOptions options) {
    return run(Format.byName(format), paths, sink, options);
  }
}
