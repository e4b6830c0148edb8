package dev.persona.data.importer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a file line by line from bytes, so that line endings and encodings are handled the same way
 * for every format: {@code \n} and {@code \r\n} both end a line, a UTF-8 byte order mark is
 * skipped, and the text is decoded by the chosen {@link Encoding}.
 *
 * <p>It also tells whether the line just read ended with a newline ({@link #terminated()}): a last
 * line without one is where a cut-off file shows, so importers can name that reason when such a
 * line does not parse. Lines longer than {@link #MAX_LINE_BYTES} are returned cut to that length
 * with {@link #overlong()} set, never buffered whole. Not thread-safe.
 */
final class LineReader implements Closeable {
  /** Longest line kept, in bytes; the rest of a longer line is skipped. */
  static final int MAX_LINE_BYTES = 8 << 20;

  /** How a line's bytes become text. */
  enum Encoding {
    /** ISO-8859-1: every byte is one character; never fails. */
    LATIN1,
    /**
     * UTF-8, and ISO-8859-1 for a line that is not valid UTF-8 (files that mix both, or legacy
     * files whose high bytes are Latin-1, decode without replacement characters).
     */
    UTF8_OR_LATIN1
  }

  private final InputStream in;
  private final Encoding encoding;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] line = new byte[256];
  private int lineLength;
  private long bytesRead;
  private long lineNumber;
  private boolean terminated;
  private boolean overlong;
  private boolean first = true;

  private final int maxLineBytes;

  LineReader(InputStream in, Encoding encoding) {
    this(in, encoding, MAX_LINE_BYTES);
  }

  LineReader(InputStream in, Encoding encoding, int maxLineBytes) {
    this.in = in;
    this.encoding = encoding;
    this.maxLineBytes = maxLineBytes;
  }

  /** The next line without its line ending, or {@code null} at the end of the input. */
  String readLine() throws IOException {
    lineLength = 0;
    overlong = false;
    boolean any = false;
    while (true) {
      if (position == limit) {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
          if (!any) {
            return null;
          }
          terminated = false;
          return finish();
        }
        position = 0;
        limit = n;
        bytesRead += n;
      }
      any = true;
      int start = position;
      int end = start;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      append(start, end - start);
      if (end < limit) {
        position = end + 1;
        terminated = true;
        return finish();
      }
      position = limit;
    }
  }

  private void append(int from, int count) {
    int room = maxLineBytes - lineLength;
    if (count > room) {
      overlong = true;
      count = room;
    }
    if (count <= 0) {
      return;
    }
    if (lineLength + count > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + count, line.length * 2));
    }
    System.arraycopy(buffer, from, line, lineLength, count);
    lineLength += count;
  }

  private String finish() {
    lineNumber++;
    int length = lineLength;
    if (!overlong && length > 0 && line[length - 1] == '\r') {
      length--;
    }
    int offset = 0;
    if (first) {
      first = false;
      if (length >= 3
          && line[0] == (byte) 0xEF
          && line[1] == (byte) 0xBB
          && line[2] == (byte) 0xBF) {
        offset = 3;
      }
    }
    return decode(offset, length - offset);
  }

  private String decode(int offset, int length) {
    boolean ascii = true;
    for (int i = offset; i < offset + length; i++) {
      if (line[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii || encoding == Encoding.LATIN1) {
      return new String(line, offset, length, StandardCharsets.ISO_8859_1);
    }
    try {
      CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(line, offset, length));
      return chars.toString();
    } catch (CharacterCodingException notUtf8) {
      return new String(line, offset, length, StandardCharsets.ISO_8859_1);
    }
  }

  /** Whether the line just read ended with a newline (false for a last line cut short). */
  boolean terminated() {
    return terminated;
  }

  /** Whether the line just read was longer than the limit ({@link #MAX_LINE_BYTES}) and was cut. */
  boolean overlong() {
    return overlong;
  }

  /** 1-based number of the line just read. */
  long lineNumber() {
    return lineNumber;
  }

  /** Bytes taken from the input so far (read ahead in blocks, so a little past the line). */
  long bytesRead() {
    return bytesRead;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
