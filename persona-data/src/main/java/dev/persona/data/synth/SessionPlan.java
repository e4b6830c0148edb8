package dev.persona.data.synth;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * When every session starts, whose it is and how many events it has, sorted by start time; the
 * sessions' events themselves are generated later, one session at a time, while merging (see {@link
 * Shop#forEachEvent}). About 28 bytes a session, and a session holds 5 to 6 events on average, so
 * the plan of 10 million events takes about 50 MB.
 *
 * <p>Humans: session lengths are {@code 1 + floor(lognormal(median 3.2, sigma 0.85))}, capped at
 * 60; a session starts on a random day of the period (weekdays at 85% of the weekend rate) at an
 * hour drawn from a daily rhythm that peaks at 20:00-21:00 and bottoms out at 04:00 (UTC is the
 * shop's local time). Bots ignore the rhythm and start sessions in waves of several parallel
 * sessions a few seconds apart: crawlers 60 to 300 events a session, buyers 9 to 30.
 */
final class SessionPlan {
  private static final int INDEX_BITS = 28;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
  private static final double[] HOURLY = {
    1.6, 0.9, 0.5, 0.35, 0.3, 0.4, 0.8, 1.6, 2.6, 3.2, 3.5, 3.7, 4.0, 3.9, 3.7, 3.7, 3.9, 4.4, 5.3,
    6.4, 7.0, 6.8, 5.2, 3.0
  };

  private final long origin;
  private long[] startOf = new long[1024];
  private int[] userOf = new int[1024];
  private int[] numberOf = new int[1024];
  private int[] lengthOf = new int[1024];
  private int count;

  /** Sorted: (start - origin) << 28 | session index. */
  private final long[] order;

  SessionPlan(ShopConfig config, Population population) {
    origin = config.start().toEpochMilli();
    int days = config.days();
    boolean[] weekend = new boolean[days];
    for (int d = 0; d < days; d++) {
      DayOfWeek dow =
          Instant.ofEpochMilli(origin + d * 86_400_000L).atZone(ZoneOffset.UTC).getDayOfWeek();
      weekend[d] = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
    }
    long span = days * 86_400_000L;
    for (int u = 0; u < population.size; u++) {
      int remaining = population.quota[u];
      if (remaining == 0) {
        continue;
      }
      Rng rng = Rng.of(config.seed(), 5, u);
      int number = 0;
      switch (population.kind[u]) {
        case Population.HUMAN -> {
          while (remaining > 0) {
            int length =
                (int)
                    Math.min(
                        remaining, Math.min(60, 1 + StrictMath.floor(rng.logNormal(3.2, 0.85))));
            int day;
            do {
              day = rng.nextInt(days);
            } while (!weekend[day] && !rng.chance(0.85));
            long start =
                origin + day * 86_400_000L + rng.pick(HOURLY) * 3_600_000L + rng.nextInt(3_600_000);
            add(start, u, number++, length);
            remaining -= length;
          }
        }
        default -> {
          boolean crawler = population.kind[u] == Population.CRAWLER;
          while (remaining > 0) {
            long wave = origin + (long) (rng.nextDouble() * span);
            int parallel = 3 + rng.nextInt(6);
            for (int p = 0; p < parallel && remaining > 0; p++) {
              int length = crawler ? 60 + rng.nextInt(241) : 3 * (3 + rng.nextInt(8));
              length = Math.min(remaining, length);
              add(wave + rng.nextInt(5_000), u, number++, length);
              remaining -= length;
            }
          }
        }
      }
    }
    if (count > INDEX_MASK) {
      throw new IllegalStateException("too many sessions for one shop: " + count);
    }
    order = new long[count];
    for (int i = 0; i < count; i++) {
      order[i] = ((startOf[i] - origin) << INDEX_BITS) | i;
    }
    Arrays.sort(order);
  }

  private void add(long start, int user, int number, int length) {
    if (count == startOf.length) {
      int grown = count + (count >> 1);
      startOf = Arrays.copyOf(startOf, grown);
      userOf = Arrays.copyOf(userOf, grown);
      numberOf = Arrays.copyOf(numberOf, grown);
      lengthOf = Arrays.copyOf(lengthOf, grown);
    }
    startOf[count] = start;
    userOf[count] = user;
    numberOf[count] = number;
    lengthOf[count] = length;
    count++;
  }

  int size() {
    return count;
  }

  /** The session at sorted position {@code p}. */
  int index(int p) {
    return (int) (order[p] & INDEX_MASK);
  }

  long start(int index) {
    return startOf[index];
  }

  int user(int index) {
    return userOf[index];
  }

  int number(int index) {
    return numberOf[index];
  }

  int length(int index) {
    return lengthOf[index];
  }
}
