package dev.persona.server.cli;

import dev.persona.server.config.PersonaConfig;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command works: a local store directory ({@code --data}) or a running server ({@code
 * --url}), one or the other; shared by the commands that can do either.
 */
final class StoreTarget {
  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "store directory (default ./data); the server must not be running on it")
  Path data;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "base URL of a running server, e.g. http://localhost:8080")
  URI url;

  /**
   * The configuration for a local store: the file when given, with {@code --data} over its
   * directory (or {@code ./data} when neither names one).
   */
  PersonaConfig config(Path file) {
    PersonaConfig c = file != null ? PersonaConfig.load(file) : PersonaConfig.defaults();
    if (data != null || file == null) {
      c = c.withDataDir(data != null ? data : Path.of("data"));
    }
    return c;
  }
}
