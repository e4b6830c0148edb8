package dev.persona.store.rocks;

import java.nio.charset.StandardCharsets;

/**
 * Key layouts. Sequence numbers are 8 bytes big-endian so that byte order is numeric order. A
 * per-user index key is the user id's UTF-8 bytes, a 0 byte (ids cannot contain control characters,
 * so 0 never occurs inside one) and the sequence.
 */
final class Keys {
  private Keys() {}

  static byte[] sequence(long seq) {
    byte[] key = new byte[8];
    for (int i = 7; i >= 0; i--) {
      key[i] = (byte) seq;
      seq >>>= 8;
    }
    return key;
  }

  static long sequence(byte[] key, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (key[offset + i] & 0xFF);
    }
    return v;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
