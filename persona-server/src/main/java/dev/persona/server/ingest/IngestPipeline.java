package dev.persona.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.json.ModelJson;
import dev.persona.core.model.Event;
import dev.persona.core.model.EventPolicy;
import dev.persona.core.store.AppendResult;
import dev.persona.core.store.EventLog;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * validate, normalise, dedupe, append: the one path every event takes, from HTTP, from a file
 * import or from a benchmark. Derived state follows the store's change feed ({@link
 * dev.persona.core.store.StoreListener}), which runs before the returned future completes.
 *
 * <p>A batch is all-or-nothing: if any event breaks a rule, the whole batch is refused with every
 * violation (each naming {@code events[i].field}) and nothing of it is stored. Duplicates (an id
 * already accepted) are not errors: they are counted and skipped. Thread-safe.
 */
public final class IngestPipeline {
  /** Most violations reported for one batch; the rest are summarised in one more line. */
  static final int MAX_REPORTED_VIOLATIONS = 100;

  private final EventLog log;
  private final EventPolicy policy;
  private final int maxBatch;
  private final LongSupplier clock;
  private final Counter accepted;
  private final Counter duplicates;
  private final MeterRegistry registry;

  public IngestPipeline(
      EventLog log, EventPolicy policy, int maxBatch, MeterRegistry registry, LongSupplier clock) {
    this.log = log;
    this.policy = policy;
    this.maxBatch = maxBatch;
    this.registry = registry;
    this.clock = clock;
    this.accepted =
        Counter.builder("persona.events.accepted")
            .description("Events newly stored")
            .register(registry);
    this.duplicates =
        Counter.builder("persona.events.duplicates")
            .description("Events skipped because their id was accepted before")
            .register(registry);
  }

  /**
   * Reads events from a JSON body (one event object or an array of them) and ingests them.
   *
   * @throws BatchTooLargeException when the array holds more than the configured maximum
   * @throws ValidationException when any event is invalid; nothing is stored
   */
  public CompletableFuture<AppendResult> ingestJson(JsonNode body) {
    List<Event> events;
    List<Violation> violations = new ArrayList<>();
    if (body.isArray()) {
      if (body.isEmpty()) {
        reject("empty_batch");
        throw new ValidationException(Violation.of("events", "the array holds no event"));
      }
      if (body.size() > maxBatch) {
        reject("batch_too_large");
        throw new BatchTooLargeException(body.size(), maxBatch);
      }
      events = new ArrayList<>(body.size());
      for (int i = 0; i < body.size(); i++) {
        Event e = readOne(body.get(i), i, violations);
        if (e != null) {
          events.add(e);
        }
      }
    } else {
      Event e = readOne(body, -1, violations);
      events = e == null ? List.of() : List.of(e);
    }
    if (!violations.isEmpty()) {
      throw rejected(violations);
    }
    return append(events);
  }

  /**
   * Ingests events built in process (a file import, a benchmark).
   *
   * @throws ValidationException when any event breaks the policy; nothing is stored
   */
  public CompletableFuture<AppendResult> ingest(List<Event> events) {
    if (events.size() > maxBatch) {
      reject("batch_too_large");
      throw new BatchTooLargeException(events.size(), maxBatch);
    }
    List<Violation> violations = new ArrayList<>();
    List<Event> normal = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event e = normalise(events.get(i), events.size() == 1 ? -1 : i, violations);
      if (e != null) {
        normal.add(e);
      }
    }
    if (!violations.isEmpty()) {
      throw rejected(violations);
    }
    return append(normal);
  }

  private CompletableFuture<AppendResult> append(List<Event> events) {
    return log.append(events)
        .thenApply(
            result -> {
              accepted.increment(result.accepted());
              duplicates.increment(result.duplicates());
              return result;
            });
  }

  private Event readOne(JsonNode node, int index, List<Violation> out) {
    try {
      return normalise(ModelJson.readEvent(node, clock), index, out);
    } catch (ValidationException e) {
      addAll(e, index, out);
      return null;
    }
  }

  private Event normalise(Event event, int index, List<Violation> out) {
    try {
      return policy.normalise(event);
    } catch (ValidationException e) {
      addAll(e, index, out);
      return null;
    }
  }

  private static void addAll(ValidationException e, int index, List<Violation> out) {
    for (Violation v : e.violations()) {
      out.add(index < 0 ? v : v.inBatch("events", index));
    }
  }

  private ValidationException rejected(List<Violation> violations) {
    for (Violation v : violations) {
      reject(fieldName(v.field()));
    }
    if (violations.size() > MAX_REPORTED_VIOLATIONS) {
      List<Violation> shown = new ArrayList<>(violations.subList(0, MAX_REPORTED_VIOLATIONS));
      shown.add(
          Violation.of(
              "events",
              (violations.size() - MAX_REPORTED_VIOLATIONS) + " more violations not listed"));
      return new ValidationException(shown);
    }
    return new ValidationException(violations);
  }

  /** {@code events[3].context.device} becomes {@code context}: a bounded set of metric tags. */
  static String fieldName(String field) {
    String f = field.startsWith("events[") ? field.substring(field.indexOf(']') + 1) : field;
    if (f.startsWith(".")) {
      f = f.substring(1);
    }
    int cut = f.length();
    for (char c : new char[] {'.', '['}) {
      int at = f.indexOf(c);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    f = f.substring(0, cut);
    return ModelJson.EVENT_FIELDS.contains(f) ? "invalid_" + f : "invalid_event";
  }

  /** Counts one rejected event (or request) under a bounded reason tag. */
  public void reject(String reason) {
    Counter.builder("persona.events.rejected")
        .description("Events or requests refused, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** A batch with more events than allowed. */
  public static final class BatchTooLargeException extends RuntimeException {
    public BatchTooLargeException(int size, int max) {
      super("the batch holds " + size + " events; at most " + max + " are accepted per request");
    }
  }
}
