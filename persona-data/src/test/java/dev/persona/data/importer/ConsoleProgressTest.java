package dev.persona.data.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

  @Test
  void draws_a_named_bar_on_the_given_stream_and_finishes_it_on_close() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    try (ConsoleProgress bar = new ConsoleProgress("import", out)) {
      bar.progress(3L << 20, 4L << 20);
      bar.progress(4L << 20, 4L << 20);
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("import").contains("100%");
  }
}
