package dev.persona.profile.live;

import dev.persona.profile.Profile;
import dev.persona.profile.ProfileContext;
import dev.persona.profile.Reading;
import dev.persona.profile.segment.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ad-hoc audience selection: the users who satisfy a rule now, counted, and listed a page at a time
 * in id order. One pass over the profiles, in parallel on the common fork-join pool; a page keeps
 * only the {@code limit} smallest ids after the cursor in a bounded heap, so memory stays small
 * whatever the audience's size.
 */
public final class Audience {
  /** Most users one page lists. */
  public static final int MAX_LIMIT = 10_000;

  private Audience() {}

  /**
   * A page of an audience.
   *
   * @param count everyone who satisfies the rule
   * @param users up to {@code limit} ids after the cursor, in id order
   * @param cursor the last id listed when more follow, else {@code null}
   */
  public record Page(long count, List<String> users, String cursor) {}

  /** Selects the audience of a rule among {@code profiles}, read at {@code now}. */
  public static Page select(
      Rule rule,
      Collection<Profile> profiles,
      ProfileContext context,
      long now,
      String cursor,
      int limit) {
    checkLimit(limit);
    LongAdder count = new LongAdder();
    List<String> matches =
        profiles.parallelStream()
            .filter(
                p -> {
                  boolean match = rule.test(new Reading(p, context, now));
                  if (match) {
                    count.increment();
                  }
                  return match;
                })
            .map(Profile::userId)
            .filter(id -> cursor == null || id.compareTo(cursor) > 0)
            .collect(() -> new Smallest(limit + 1), Smallest::add, Smallest::addAll)
            .sorted();
    return page(matches, count.sum(), limit);
  }

  /**
   * A page of the ids in {@code all} that start with {@code prefix} ({@code ""} for every id), in
   * id order after {@code cursor}, with the count of every id that starts with it.
   */
  public static Page withPrefix(Collection<String> all, String prefix, String cursor, int limit) {
    checkLimit(limit);
    long count = 0;
    Smallest s = new Smallest(limit + 1);
    for (String id : all) {
      if (id.startsWith(prefix)) {
        count++;
        if (cursor == null || id.compareTo(cursor) > 0) {
          s.add(id);
        }
      }
    }
    return page(s.sorted(), count, limit);
  }

  /** A page of the ids in {@code all} after {@code cursor}. */
  static Page page(Collection<String> all, long count, String cursor, int limit) {
    checkLimit(limit);
    Smallest s = new Smallest(limit + 1);
    for (String id : all) {
      if (cursor == null || id.compareTo(cursor) > 0) {
        s.add(id);
      }
    }
    return page(s.sorted(), count, limit);
  }

  private static Page page(List<String> sorted, long count, int limit) {
    if (sorted.size() > limit) {
      List<String> shown = List.copyOf(sorted.subList(0, limit));
      return new Page(count, shown, shown.isEmpty() ? null : shown.get(shown.size() - 1));
    }
    return new Page(count, List.copyOf(sorted), null);
  }

  private static void checkLimit(int limit) {
    if (limit < 0 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be in 0.." + MAX_LIMIT + ", got " + limit);
    }
  }

  /** The {@code capacity} smallest strings added (a max-heap that drops its largest). */
  static final class Smallest {
    private final int capacity;
    private final PriorityQueue<String> heap;

    Smallest(int capacity) {
      this.capacity = capacity;
      this.heap = new PriorityQueue<>(Math.min(capacity, 1024) + 1, Collections.reverseOrder());
    }

    void add(String id) {
      if (heap.size() < capacity) {
        heap.add(id);
      } else if (capacity > 0 && id.compareTo(heap.peek()) < 0) {
        heap.poll();
        heap.add(id);
      }
    }

    void addAll(Smallest other) {
      other.heap.forEach(this::add);
    }

    List<String> sorted() {
      List<String> out = new ArrayList<>(heap);
      Collections.sort(out);
      return out;
    }
  }
}
