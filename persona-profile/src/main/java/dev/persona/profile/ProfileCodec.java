package dev.persona.profile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The binary form of a {@link Profile}, for the profile store and for equality: every field, in a
 * fixed order, with variable-length integers (zig-zag for signed values), so that equal profiles
 * encode to identical bytes and a typical profile takes a few hundred bytes. The first byte is the
 * format version; an unknown version is refused (the store then rebuilds profiles from the log).
 */
public final class ProfileCodec {
  static final int VERSION = 1;

  private ProfileCodec() {}

  public static byte[] encode(Profile p) {
    Out o = new Out(256);
    o.varint(VERSION);
    o.string(p.userId);
    o.varlong(p.sequence);
    o.bool(p.profiling);
    o.value(p.attributes);
    o.varlong(p.events);
    o.zigzag(p.firstSeen);
    o.zigzag(p.lastSeen);
    o.varint(p.activeDays);
    o.zigzag(p.lastActiveDay);
    o.varlong(p.sessions);
    o.varlong(p.sessionMillis);
    o.varint(p.openSessions.length);
    for (int i = 0; i < p.openSessions.length; i++) {
      o.nullableString(p.openSessions[i]);
      o.zigzag(p.openLast[i]);
    }
    o.varint(p.maxParallel);
    o.varlong(p.gaps);
    o.dbl(p.gapMean);
    o.dbl(p.gapM2);
    o.varint(p.types.length);
    for (int i = 0; i < p.types.length; i++) {
      o.string(p.types[i]);
      o.varlong(p.typeCounts[i]);
    }
    o.varint(p.dailyKeys.length);
    for (int i = 0; i < p.dailyKeys.length; i++) {
      o.varlong(p.dailyKeys[i]);
      o.varint(p.dailyCounts[i]);
    }
    o.varint(p.devices.length);
    for (int i = 0; i < p.devices.length; i++) {
      o.string(p.devices[i]);
      o.varlong(p.deviceCounts[i]);
    }
    for (int h : p.hours) {
      o.varint(h);
    }
    o.varint(p.recent.length);
    for (String r : p.recent) {
      o.string(r);
    }
    o.zigzag(p.base);
    for (Weights w : p.interests) {
      o.weights(w);
    }
    for (Weights w : p.negative) {
      o.weights(w);
    }
    o.varlong(p.ratings);
    o.dbl(p.ratingSum);
    o.dbl(p.spend);
    o.varlong(p.orders);
    o.zigzag(p.lastPurchase);
    o.tally(p.bought);
    o.tally(p.browsed);
    o.varint(p.purchaseTimes.length);
    for (long t : p.purchaseTimes) {
      o.zigzag(t);
    }
    o.varlong(p.bursts);
    o.zigzag(p.lastBurstAt);
    o.zigzag(p.returnedAt);
    return o.bytes();
  }

  public static Profile decode(byte[] bytes) {
    return decode(bytes, UnaryOperator.identity());
  }

  /**
   * Reads a profile.
   *
   * @param share gives the instance to keep for a string that many profiles hold (see {@link
   *     ProfileUpdater#sharer()})
   * @throws IllegalArgumentException when the bytes are not a profile of this format
   */
  public static Profile decode(byte[] bytes, UnaryOperator<String> share) {
    In in = new In(bytes, share);
    try {
      int version = in.varint();
      if (version != VERSION) {
        throw new IllegalArgumentException("profile format version " + version + " is unknown");
      }
      Profile.Draft d = new Profile.Draft(in.string(false), true, Map.of());
      d.sequence = in.varlong();
      d.profiling = in.bool();
      @SuppressWarnings("unchecked")
      Map<String, Object> attributes = (Map<String, Object>) in.value();
      d.attributes = attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(attributes);
      d.events = in.varlong();
      d.firstSeen = in.zigzag();
      d.lastSeen = in.zigzag();
      d.activeDays = in.varint();
      d.lastActiveDay = in.zigzag();
      d.sessions = in.varlong();
      d.sessionMillis = in.varlong();
      int open = in.count();
      d.openSessions = new String[open];
      d.openLast = new long[open];
      for (int i = 0; i < open; i++) {
        d.openSessions[i] = in.nullableString();
        d.openLast[i] = in.zigzag();
      }
      d.maxParallel = in.varint();
      d.gaps = in.varlong();
      d.gapMean = in.dbl();
      d.gapM2 = in.dbl();
      int types = in.count();
      d.types = new String[types];
      d.typeCounts = new long[types];
      for (int i = 0; i < types; i++) {
        d.types[i] = in.string(true);
        d.typeCounts[i] = in.varlong();
      }
      int daily = in.count();
      d.dailyKeys = new long[daily];
      d.dailyCounts = new int[daily];
      for (int i = 0; i < daily; i++) {
        d.dailyKeys[i] = in.varlong();
        d.dailyCounts[i] = in.varint();
      }
      int devices = in.count();
      d.devices = new String[devices];
      d.deviceCounts = new long[devices];
      for (int i = 0; i < devices; i++) {
        d.devices[i] = in.string(true);
        d.deviceCounts[i] = in.varlong();
      }
      for (int h = 0; h < 24; h++) {
        d.hours[h] = in.varint();
      }
      int recent = in.count();
      d.recent = new String[recent];
      for (int i = 0; i < recent; i++) {
        d.recent[i] = in.string(true);
      }
      d.base = in.zigzag();
      for (int i = 0; i < d.interests.length; i++) {
        d.interests[i] = in.weights();
      }
      for (int i = 0; i < d.negative.length; i++) {
        d.negative[i] = in.weights();
      }
      d.ratings = in.varlong();
      d.ratingSum = in.dbl();
      d.spend = in.dbl();
      d.orders = in.varlong();
      d.lastPurchase = in.zigzag();
      d.bought = in.tally();
      d.browsed = in.tally();
      int purchases = in.count();
      d.purchaseTimes = new long[purchases];
      for (int i = 0; i < purchases; i++) {
        d.purchaseTimes[i] = in.zigzag();
      }
      d.bursts = in.varlong();
      d.lastBurstAt = in.zigzag();
      d.returnedAt = in.zigzag();
      if (in.at != bytes.length) {
        throw new IllegalArgumentException(
            (bytes.length - in.at) + " bytes left over after the profile");
      }
      return d.build();
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("the profile record is cut short", e);
    } catch (ClassCastException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("the profile record is malformed: " + e.getMessage(), e);
    }
  }

  private static final class Out {
    private byte[] buf;
    private int size;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void byte1(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    void varint(int v) {
      varlong(v & 0xFFFF_FFFFL);
    }

    void varlong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[size++] = (byte) v;
    }

    void zigzag(long v) {
      varlong((v << 1) ^ (v >> 63));
    }

    void bool(boolean b) {
      byte1(b ? 1 : 0);
    }

    void dbl(double v) {
      long bits = Double.doubleToLongBits(v);
      ensure(8);
      for (int i = 0; i < 8; i++) {
        buf[size++] = (byte) (bits >>> (8 * i));
      }
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varint(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }

    void nullableString(String s) {
      bool(s != null);
      if (s != null) {
        string(s);
      }
    }

    void weights(Weights w) {
      varint(w.size());
      for (int i = 0; i < w.size(); i++) {
        string(w.key(i));
        dbl(w.scaled(i));
      }
    }

    void tally(PriceTally t) {
      varint(t.size());
      for (int i = 0; i < t.size(); i++) {
        string(t.category(i));
        varint(t.count(i));
        dbl(t.logSum(i));
      }
    }

    void value(Object v) {
      switch (v) {
        case null -> byte1(0);
        case String s -> {
          byte1(1);
          string(s);
        }
        case Long l -> {
          byte1(2);
          zigzag(l);
        }
        case Integer i -> {
          byte1(2);
          zigzag(i);
        }
        case Number n -> {
          byte1(3);
          dbl(n.doubleValue());
        }
        case Boolean b -> byte1(b ? 4 : 5);
        case List<?> list -> {
          byte1(6);
          varint(list.size());
          list.forEach(this::value);
        }
        case Map<?, ?> map -> {
          byte1(7);
          varint(map.size());
          map.forEach(
              (k, x) -> {
                string(String.valueOf(k));
                value(x);
              });
        }
        default -> {
          byte1(1);
          string(v.toString());
        }
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, size);
    }
  }

  private static final class In {
    final byte[] b;
    final UnaryOperator<String> share;
    int at;

    In(byte[] b, UnaryOperator<String> share) {
      this.b = b;
      this.share = share;
    }

    long varlong() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte x = b[at++];
        v |= (long) (x & 0x7F) << shift;
        if (x >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("a number in the profile record is malformed");
    }

    int varint() {
      long v = varlong();
      if (v > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("a number in the profile record is malformed");
      }
      return (int) v;
    }

    /** A count of following entries, checked against the bytes left (each takes one or more). */
    int count() {
      int n = varint();
      if (n < 0 || n > b.length - at) {
        throw new IllegalArgumentException("a count in the profile record is malformed: " + n);
      }
      return n;
    }

    long zigzag() {
      long v = varlong();
      return (v >>> 1) ^ -(v & 1);
    }

    boolean bool() {
      return b[at++] != 0;
    }

    double dbl() {
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits |= (long) (b[at++] & 0xFF) << (8 * i);
      }
      return Double.longBitsToDouble(bits);
    }

    String string(boolean shared) {
      int n = count();
      String s = new String(b, at, n, StandardCharsets.UTF_8);
      at += n;
      return shared ? share.apply(s) : s;
    }

    String nullableString() {
      return bool() ? string(false) : null;
    }

    Weights weights() {
      int n = count();
      String[] keys = new String[n];
      double[] scaled = new double[n];
      for (int i = 0; i < n; i++) {
        keys[i] = string(true);
        scaled[i] = dbl();
      }
      return n == 0 ? Weights.EMPTY : new Weights(keys, scaled);
    }

    PriceTally tally() {
      int n = count();
      String[] cats = new String[n];
      int[] counts = new int[n];
      double[] logs = new double[n];
      for (int i = 0; i < n; i++) {
        cats[i] = string(true);
        counts[i] = varint();
        logs[i] = dbl();
      }
      return n == 0 ? PriceTally.EMPTY : new PriceTally(cats, counts, logs);
    }

    Object value() {
      int tag = b[at++];
      return switch (tag) {
        case 0 -> null;
        case 1 -> string(true);
        case 2 -> zigzag();
        case 3 -> dbl();
        case 4 -> true;
        case 5 -> false;
        case 6 -> {
          int n = count();
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(value());
          }
          yield Collections.unmodifiableList(list);
        }
        case 7 -> {
          int n = count();
          Map<String, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            map.put(string(true), value());
          }
          yield map;
        }
        default ->
            throw new IllegalArgumentException("unknown value tag " + tag + " in profile record");
      };
    }
  }
}
