package dev.persona.store.rocks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer for the store's binary encodings. Not thread-safe; reuse per thread. */
final class ByteWriter {
  private byte[] buf;
  private int size;

  ByteWriter(int capacity) {
    buf = new byte[capacity];
  }

  void reset() {
    size = 0;
  }

  byte[] toArray() {
    return Arrays.copyOf(buf, size);
  }

  void writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  void writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  void writeVarInt(int v) {
    assert v >= 0 : v;
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  void writeBytes(byte[] bytes) {
    writeVarInt(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  void writeString(String s) {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }
}
