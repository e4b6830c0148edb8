package dev.persona.store.rocks;

import java.nio.charset.StandardCharsets;

/** Reads what {@link ByteWriter} wrote. */
final class ByteReader {
  private final byte[] buf;
  private int pos;

  ByteReader(byte[] buf) {
    this.buf = buf;
  }

  int readByte() {
    return buf[pos++] & 0xFF;
  }

  long readLong() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  int readVarInt() {
    int v = 0;
    int shift = 0;
    int b;
    do {
      b = buf[pos++] & 0xFF;
      v |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return v;
  }

  byte[] readBytes() {
    int length = readVarInt();
    byte[] out = new byte[length];
    System.arraycopy(buf, pos, out, 0, length);
    pos += length;
    return out;
  }

  String readString() {
    int length = readVarInt();
    String s = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return s;
  }
}
