package dev.persona.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data sets of {@code ../shared/data}, found by walking up from the working directory to a
 * directory that contains {@code shared/data}. Tests that need one are skipped (not failed) when it
 * is absent, since the data is licensed and not part of the project.
 */
public final class SharedData {
  private SharedData() {}

  /** {@code shared/data/<name>}, or a skipped test when it cannot be found. */
  public static Path dataSet(String name) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("data").resolve(name);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    assumeTrue(
        false,
        "shared/data/"
            + name
            + " not found above "
            + Path.of("").toAbsolutePath()
            + "; skipping the test on real data");
    throw new AssertionError("unreachable");
  }
}
