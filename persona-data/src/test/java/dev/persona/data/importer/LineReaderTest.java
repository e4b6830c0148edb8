package dev.persona.data.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  private static List<String> lines(byte[] bytes, LineReader.Encoding encoding) throws IOException {
    List<String> out = new ArrayList<>();
    try (LineReader r = new LineReader(new ByteArrayInputStream(bytes), encoding)) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(line + (r.terminated() ? "" : "<no newline>"));
      }
    }
    return out;
  }

  @Test
  void crlf_and_lf_both_end_lines_and_a_last_line_without_newline_is_flagged() throws IOException {
    byte[] bytes = "a\r\nb\n\r\nc".getBytes(StandardCharsets.US_ASCII);

    assertThat(lines(bytes, LineReader.Encoding.UTF8_OR_LATIN1))
        .containsExactly("a", "b", "", "c<no newline>");
  }

  @Test
  void a_utf8_byte_order_mark_is_skipped() throws IOException {
    byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x', '\n'};

    assertThat(lines(bytes, LineReader.Encoding.UTF8_OR_LATIN1)).containsExactly("x");
  }

  @Test
  void invalid_utf8_falls_back_to_latin1_per_line() throws IOException {
    byte[] bytes = {'n', (byte) 0xE9, 'o', '\n', 'n', (byte) 0xC3, (byte) 0xA9, 'o', '\n'};

    assertThat(lines(bytes, LineReader.Encoding.UTF8_OR_LATIN1)).containsExactly("néo", "néo");
    assertThat(lines(bytes, LineReader.Encoding.LATIN1)).containsExactly("néo", "nÃ©o");
  }

  @Test
  void an_overlong_line_is_cut_and_flagged_and_reading_goes_on() throws IOException {
    byte[] bytes = "0123456789\nok\n".getBytes(StandardCharsets.US_ASCII);
    try (LineReader r =
        new LineReader(new ByteArrayInputStream(bytes), LineReader.Encoding.LATIN1, 4)) {
      assertThat(r.readLine()).isEqualTo("0123");
      assertThat(r.overlong()).isTrue();
      assertThat(r.readLine()).isEqualTo("ok");
      assertThat(r.overlong()).isFalse();
      assertThat(r.lineNumber()).isEqualTo(2);
      assertThat(r.readLine()).isNull();
      assertThat(r.bytesRead()).isEqualTo(bytes.length);
    }
  }

  @Test
  void lines_longer_than_the_read_buffer_are_joined() throws IOException {
    String longLine = "x".repeat(200_000);
    byte[] bytes = (longLine + "\r\nend").getBytes(StandardCharsets.US_ASCII);

    assertThat(lines(bytes, LineReader.Encoding.LATIN1))
        .containsExactly(longLine, "end<no newline>");
  }
}
