package dev.persona.data.importer;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The invented sample files under {@code src/test/resources/fixtures}. */
final class Fixtures {
  private Fixtures() {}

  static Path path(String relative) {
    try {
      return Path.of(Fixtures.class.getResource("/fixtures/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test fixture " + relative, e);
    }
  }
}
