package dev.persona.data.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads one format. One instance serves one import run and may keep state between its files (tags
 * read before the items they belong to).
 */
interface FormatReader {
  /**
   * Decides which files to read, what each holds and in which order: files that describe items and
   * users come before files of events.
   *
   * @param paths files or directories as the user gave them
   * @throws IllegalArgumentException when a path cannot be used (missing, or a file name the format
   *     does not know)
   */
  List<Input> plan(List<Path> paths, ImportContext context);

  /** Reads one planned file into the context. */
  void read(Input input, ImportContext context) throws IOException;

  /** Called after the last file, to emit what was held back. */
  default void finish(ImportContext context) {}
}
