package dev.persona.data.synth;

import java.time.Instant;

/**
 * What to generate.
 *
 * @param users number of users, at least 1
 * @param items number of items, at least 1
 * @param events number of events in total, at least 0 (met exactly)
 * @param seed the seed: the same configuration gives byte-identical output
 * @param start the beginning of the simulated period; sessions start in the {@code days} after it
 *     (a session that starts just before the end may run a few minutes past it)
 * @param days length of the simulated period, 1 to 365
 * @param botShare share of users that are bots, 0 to 0.2 (the count is rounded to the nearest whole
 *     user)
 */
public record ShopConfig(
    int users, int items, long events, long seed, Instant start, int days, double botShare) {

  /** The default start: 2026-09-01T00:00:00Z, so that a default shop lies in the past. */
  public static final Instant DEFAULT_START = Instant.parse("2026-09-01T00:00:00Z");

  public static final int DEFAULT_DAYS = 30;
  public static final double DEFAULT_BOT_SHARE = 0.015;

  public ShopConfig {
    if (users < 1) {
      throw new IllegalArgumentException("users must be >= 1, got " + users);
    }
    if (items < 1) {
      throw new IllegalArgumentException("items must be >= 1, got " + items);
    }
    if (events < 0 || events > 2_000_000_000L) {
      throw new IllegalArgumentException("events must be in 0..2000000000, got " + events);
    }
    if (start == null || start.toEpochMilli() < 0) {
      throw new IllegalArgumentException("start must be given and not before 1970, got " + start);
    }
    if (days < 1 || days > 365) {
      throw new IllegalArgumentException("days must be in 1..365, got " + days);
    }
    if (!(botShare >= 0 && botShare <= 0.2)) {
      throw new IllegalArgumentException("botShare must be in 0..0.2, got " + botShare);
    }
  }

  /** A shop with the default period (30 days from {@link #DEFAULT_START}) and 1.5% bots. */
  public static ShopConfig of(int users, int items, long events, long seed) {
    return new ShopConfig(
        users, items, events, seed, DEFAULT_START, DEFAULT_DAYS, DEFAULT_BOT_SHARE);
  }

  /**
   * The demo shop: 2,000 users, 500 items, 60,000 events, seed 42. Generates in well under a
   * second; shift it with {@link #withStart} to end near today.
   */
  public static ShopConfig demo() {
    return of(2_000, 500, 60_000, 42);
  }

  public ShopConfig withStart(Instant newStart) {
    return new ShopConfig(users, items, events, seed, newStart, days, botShare);
  }

  public ShopConfig withDays(int newDays) {
    return new ShopConfig(users, items, events, seed, start, newDays, botShare);
  }

  public ShopConfig withBotShare(double share) {
    return new ShopConfig(users, items, events, seed, start, days, share);
  }

  public ShopConfig withSeed(long newSeed) {
    return new ShopConfig(users, items, events, newSeed, start, days, botShare);
  }

  /** The number of bot users. */
  public int bots() {
    return (int) Math.round(users * botShare);
  }

  /** The end of the period, epoch milliseconds. */
  long endMillis() {
    return start.toEpochMilli() + days * 86_400_000L;
  }
}
