package dev.persona.data.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expanding the paths a user gave into files. */
final class InputFiles {
  private InputFiles() {}

  /** A file given directly, or a file directly inside a directory that was given. */
  record Found(Path path, boolean explicit) {
    String name() {
      return path.getFileName().toString();
    }
  }

  /**
   * The files of {@code paths}: files as given, directories replaced by their regular files (not
   * recursively, hidden files left out) in name order.
   */
  static List<Found> expand(List<Path> paths) {
    List<Found> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> children = Files.list(p)) {
          children
              .filter(Files::isRegularFile)
              .filter(c -> !c.getFileName().toString().startsWith("."))
              .sorted()
              .forEach(c -> out.add(new Found(c, false)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list directory " + p, e);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(new Found(p, true));
      } else {
        throw new IllegalArgumentException("not a file or directory: " + p);
      }
    }
    return out;
  }
}
