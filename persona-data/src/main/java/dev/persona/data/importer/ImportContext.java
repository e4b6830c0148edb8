package dev.persona.data.importer;

import dev.persona.core.model.Event;
import dev.persona.core.model.EventPolicy;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import dev.persona.data.ImportSink;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state of one import run: the line loop with its error handling, batching to the sink,
 * deterministic event ids, counters and rejected-line bookkeeping. Single-threaded.
 *
 * <p>Ordering: buffered items and users are always sent before a batch of events, so an event never
 * reaches the sink before the item it names (as far as the files describe that item).
 */
final class ImportContext {
  /** Distinct reasons kept; further reasons are counted under {@link #OTHER_REASONS}. */
  static final int MAX_REASONS = 50;

  static final String OTHER_REASONS = "other reasons (too many distinct reasons to list)";
  static final String TRUNCATED_LAST_LINE = "truncated last line (no newline at end of file)";
  static final String LINE_TOO_LONG = "line too long";

  private static final long PROGRESS_STEP = 256 * 1024;
  private static final HexFormat HEX = HexFormat.of();

  private final String format;
  private final ImportSink sink;
  private final ImportOptions options;
  private final EventPolicy policy;
  private final long started = System.nanoTime();
  private final MessageDigest sha256;

  private final List<Event> events = new ArrayList<>();
  private final List<String> eventOrigins = new ArrayList<>();
  private final List<Item> items = new ArrayList<>();
  private final List<User> users = new ArrayList<>();
  private final Set<String> itemIds = new HashSet<>();
  private final Set<String> userIds = new HashSet<>();
  private final OccurrenceCounter occurrences = new OccurrenceCounter();
  private final Map<String, Reasons> rejections = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> files = new ArrayList<>();

  private long linesRead;
  private long skippedLines;
  private long eventsAccepted;
  private long eventsDuplicate;
  private long totalBytes;
  private long bytesBefore;
  private long lastReported;

  private String fileName = "";
  private long lineNumber;

  ImportContext(String format, ImportSink sink, ImportOptions options) {
    this.format = format;
    this.sink = sink;
    this.options = options;
    this.policy = options.policy();
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Handles one line of a file. */
  @FunctionalInterface
  interface LineHandler {
    /**
     * @param line the line without its line ending, never {@code null}
     * @throws BadLine when the line cannot be used
     */
    void line(String line);
  }

  void totalBytes(long bytes) {
    this.totalBytes = bytes;
  }

  void note(String note) {
    notes.add(note);
  }

  /** Notes files found in a directory that the format does not read. */
  void noteIgnored(List<String> names, String why) {
    String list =
        names.size() <= 6
            ? String.join(", ", names)
            : String.join(", ", names.subList(0, 6)) + ", ... (" + (names.size() - 6) + " more)";
    notes.add(
        "ignored "
            + names.size()
            + " file(s) that "
            + format
            + " does not read"
            + why
            + ": "
            + list);
  }

  /**
   * Reads {@code input} line by line. Every failure of the handler for a line, other than a failure
   * of the sink, is counted as a rejected line; blank lines are skipped.
   */
  void readLines(Input input, LineReader.Encoding encoding, LineHandler handler)
      throws IOException {
    fileName = input.path().getFileName().toString();
    files.add(input.path().toString());
    occurrences.clear();
    try (InputStream in = Files.newInputStream(input.path());
        LineReader reader = new LineReader(in, encoding)) {
      String line;
      while ((line = reader.readLine()) != null) {
        linesRead++;
        lineNumber = reader.lineNumber();
        if (reader.overlong()) {
          reject(LINE_TOO_LONG, "longer than " + LineReader.MAX_LINE_BYTES + " bytes");
        } else if (line.isBlank()) {
          skippedLines++;
        } else {
          handle(handler, line, reader.terminated());
        }
        long bytes = bytesBefore + reader.bytesRead();
        if (bytes - lastReported >= PROGRESS_STEP) {
          lastReported = bytes;
          options.progress().progress(bytes, totalBytes);
        }
      }
      bytesBefore += reader.bytesRead();
    }
  }

  private void handle(LineHandler handler, String line, boolean terminated) {
    try {
      handler.line(line);
    } catch (SinkFailure e) {
      throw e;
    } catch (BadLine e) {
      rejectLine(e.reason(), e.detail(), terminated);
    } catch (ValidationException e) {
      rejectLine(invalidReason(e.violations()), e.getMessage(), terminated);
    } catch (RuntimeException e) {
      // A parser bug must not abort a long import; it is reported like any bad line.
      rejectLine("unexpected " + e.getClass().getSimpleName(), String.valueOf(e), terminated);
    }
  }

  private void rejectLine(String reason, String detail, boolean terminated) {
    if (terminated) {
      reject(reason, detail);
    } else {
      reject(TRUNCATED_LAST_LINE, reason + ": " + detail);
    }
  }

  /** Counts the current line as skipped: a header or a comment. */
  void skip() {
    skippedLines++;
  }

  long lineNumber() {
    return lineNumber;
  }

  String fileName() {
    return fileName;
  }

  /** Counts the current line as rejected. */
  void reject(String reason, String detail) {
    Reasons r = rejections.get(reason);
    if (r == null) {
      if (rejections.size() >= MAX_REASONS) {
        reason = OTHER_REASONS;
        r = rejections.computeIfAbsent(reason, k -> new Reasons());
      } else {
        r = new Reasons();
        rejections.put(reason, r);
      }
    }
    r.count++;
    if (r.examples.size() < options.examplesPerReason()) {
      r.examples.add(fileName + ":" + lineNumber + ": " + abbreviate(detail, 200));
    }
  }

  /**
   * A deterministic event id for the current line: {@code <format>:<hash of the line>#<n>}, where
   * {@code n} counts earlier identical lines in the same file. Re-importing a file gives the same
   * ids, so the sink counts duplicates instead of storing events twice; a line that really occurs
   * twice keeps both occurrences.
   */
  String eventId(String content) {
    byte[] digest = sha256.digest(content.getBytes(StandardCharsets.UTF_8));
    long hash = 0;
    for (int i = 0; i < 8; i++) {
      hash = (hash << 8) | (digest[i] & 0xff);
    }
    int n = occurrences.next(hash);
    return format + ":" + HEX.toHexDigits(hash) + "#" + n;
  }

  /**
   * Checks {@code event} against the policy and queues it; sends a batch when full.
   *
   * @throws ValidationException when the policy refuses it (the line loop counts it)
   */
  void event(Event event) {
    Event normal = policy.normalise(event);
    events.add(normal);
    eventOrigins.add(fileName + ":" + lineNumber);
    if (events.size() >= options.batchSize()) {
      flushEvents();
    }
  }

  /** Queues an item upsert. Items are sent before any later batch of events. */
  void item(Item item) {
    items.add(item);
    itemIds.add(item.id());
    if (items.size() >= options.batchSize()) {
      flushItems();
    }
  }

  /** Queues a user upsert. Users are sent before any later batch of events. */
  void user(User user) {
    users.add(user);
    userIds.add(user.id());
    if (users.size() >= options.batchSize()) {
      flushUsers();
    }
  }

  void flush() {
    flushItems();
    flushUsers();
    flushEvents();
  }

  private void flushItems() {
    if (!items.isEmpty()) {
      List<Item> batch = List.copyOf(items);
      items.clear();
      callSink(() -> sink.items(batch));
    }
  }

  private void flushUsers() {
    if (!users.isEmpty()) {
      List<User> batch = List.copyOf(users);
      users.clear();
      callSink(() -> sink.users(batch));
    }
  }

  private void flushEvents() {
    flushItems();
    flushUsers();
    if (events.isEmpty()) {
      return;
    }
    List<Event> batch = List.copyOf(events);
    List<String> origins = List.copyOf(eventOrigins);
    events.clear();
    eventOrigins.clear();
    send(batch, origins, true);
  }

  /**
   * Sends a batch. When the sink refuses it, events that its violations name by index are rejected
   * and the rest is sent again; without indices, each event is sent alone.
   */
  private void send(List<Event> batch, List<String> origins, boolean retry) {
    try {
      AppendResult result = callSinkEvents(batch);
      eventsAccepted += result.accepted();
      eventsDuplicate += result.duplicates();
    } catch (ValidationException refused) {
      if (batch.size() == 1 || !retry) {
        for (int i = 0; i < batch.size(); i++) {
          rejectRefused(origins.get(i), refused.violations());
        }
        return;
      }
      Map<Integer, List<Violation>> byIndex = new LinkedHashMap<>();
      for (Violation v : refused.violations()) {
        if (v.index() != null && v.index() >= 0 && v.index() < batch.size()) {
          byIndex.computeIfAbsent(v.index(), k -> new ArrayList<>()).add(v);
        }
      }
      if (byIndex.isEmpty()) {
        for (int i = 0; i < batch.size(); i++) {
          send(List.of(batch.get(i)), List.of(origins.get(i)), false);
        }
        return;
      }
      List<Event> rest = new ArrayList<>();
      List<String> restOrigins = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        List<Violation> own = byIndex.get(i);
        if (own != null) {
          rejectRefused(origins.get(i), own);
        } else {
          rest.add(batch.get(i));
          restOrigins.add(origins.get(i));
        }
      }
      if (!rest.isEmpty()) {
        // A sink may name only the first bad event; whatever it refuses now goes one by one.
        try {
          AppendResult result = callSinkEvents(rest);
          eventsAccepted += result.accepted();
          eventsDuplicate += result.duplicates();
        } catch (ValidationException again) {
          for (int i = 0; i < rest.size(); i++) {
            send(List.of(rest.get(i)), List.of(restOrigins.get(i)), false);
          }
        }
      }
    }
  }

  private void rejectRefused(String origin, List<Violation> violations) {
    String reason = "refused by sink: " + invalidReason(violations).replaceFirst("^invalid: ", "");
    Reasons r = rejections.computeIfAbsent(reason, k -> new Reasons());
    r.count++;
    if (r.examples.size() < options.examplesPerReason()) {
      r.examples.add(origin + ": " + abbreviate(violations.toString(), 200));
    }
  }

  private AppendResult callSinkEvents(List<Event> batch) {
    try {
      return sink.events(batch);
    } catch (ValidationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new SinkFailure(e);
    }
  }

  private static void callSink(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      throw new SinkFailure(e);
    }
  }

  /**
   * A stable reason for violations, so that lines with the same fault count together: the first
   * violation's field (without its batch position) and reason, less the parts that quote the
   * offending value ({@code ", got -1.0"}, a trailing parenthesis, the list of known types). The
   * examples keep the full text.
   */
  static String invalidReason(List<Violation> violations) {
    Violation first = violations.get(0);
    String field = first.field().replaceFirst("^\\w+\\[\\d+]\\.?", "");
    String reason =
        first
            .reason()
            .replaceFirst("; known: .*$", "")
            .replaceFirst(", got .*$", "")
            .replaceFirst("\\s*\\([^()]*\\)$", "");
    String text = "invalid: " + (field.isEmpty() ? "" : field + ": ") + reason;
    return abbreviate(text, 100);
  }

  static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  ImportReport report() {
    options.progress().progress(totalBytes, totalBytes);
    List<ImportReport.Rejection> list = new ArrayList<>();
    rejections.forEach(
        (reason, r) -> list.add(new ImportReport.Rejection(reason, r.count, r.examples)));
    list.sort((a, b) -> Long.compare(b.count(), a.count()));
    return new ImportReport(
        format,
        files,
        linesRead,
        eventsAccepted,
        eventsDuplicate,
        itemIds.size(),
        userIds.size(),
        skippedLines,
        list,
        notes,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static final class Reasons {
    long count;
    final List<String> examples = new ArrayList<>();
  }

  /** A failure of the sink: it aborts the import, unlike a bad line. */
  static final class SinkFailure extends RuntimeException {
    SinkFailure(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }

    RuntimeException unwrap() {
      return (RuntimeException) getCause();
    }
  }
}
