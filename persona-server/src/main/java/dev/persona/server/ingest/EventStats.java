package dev.persona.server.ingest;

import dev.persona.core.store.StoredEvent;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of stored events by type: the first piece of state derived from the log. Rebuilt by
 * replaying the log at start-up, then kept current by the pipeline. Thread-safe.
 */
public final class EventStats {
  private final Map<String, LongAdder> byType = new ConcurrentHashMap<>();

  public void apply(StoredEvent stored) {
    byType.computeIfAbsent(stored.event().type(), t -> new LongAdder()).increment();
  }

  /** Starts the counts over from totals derived elsewhere (profiles loaded from a snapshot). */
  public void reset(Map<String, Long> totals) {
    byType.clear();
    totals.forEach((type, n) -> byType.computeIfAbsent(type, t -> new LongAdder()).add(n));
  }

  /** Takes erased events out of the counts. */
  public void remove(Map<String, Long> countsByType) {
    countsByType.forEach((type, n) -> byType.computeIfAbsent(type, t -> new LongAdder()).add(-n));
  }

  /** Counts by type, sorted by type name. */
  public Map<String, Long> byType() {
    Map<String, Long> out = new TreeMap<>();
    byType.forEach((type, count) -> out.put(type, count.sum()));
    return out;
  }
}
