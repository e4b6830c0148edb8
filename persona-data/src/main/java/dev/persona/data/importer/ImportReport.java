package dev.persona.data.importer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What an import did. Immutable.
 *
 * @param format the format's name, such as {@code movielens-100k}
 * @param files the files read, in reading order
 * @param linesRead every line read from every file: records, headers, blank and rejected lines
 * @param eventsAccepted events the sink stored as new
 * @param eventsDuplicate events the sink already held (same id), for example from an earlier import
 *     of the same file
 * @param items distinct item ids upserted
 * @param users distinct user ids upserted
 * @param skippedLines headers and blank lines, which are neither records nor errors
 * @param rejections rejected lines grouped by reason, the most frequent first
 * @param notes remarks about the import as a whole (files ignored, assumptions made)
 * @param elapsed wall-clock time of the import
 */
public record ImportReport(
    String format,
    List<String> files,
    long linesRead,
    long eventsAccepted,
    long eventsDuplicate,
    long items,
    long users,
    long skippedLines,
    List<Rejection> rejections,
    List<String> notes,
    Duration elapsed) {

  public ImportReport {
    files = List.copyOf(files);
    rejections = List.copyOf(rejections);
    notes = List.copyOf(notes);
  }

  /**
   * Lines rejected for one reason.
   *
   * @param reason short and stable, such as {@code "expected 4 fields"}
   * @param count how many lines
   * @param examples the first few, each as {@code file:line: what was wrong}
   */
  public record Rejection(String reason, long count, List<String> examples) {
    public Rejection {
      examples = List.copyOf(examples);
    }
  }

  /** All rejected lines, over every reason. */
  public long rejected() {
    return rejections.stream().mapToLong(Rejection::count).sum();
  }

  /** Lines rejected for {@code reason} (exact match), 0 when none. */
  public long rejected(String reason) {
    return rejections.stream()
        .filter(r -> r.reason().equals(reason))
        .mapToLong(Rejection::count)
        .sum();
  }

  /** Events sent to the sink: accepted plus duplicates. */
  public long events() {
    return eventsAccepted + eventsDuplicate;
  }

  /** A readable multi-line summary, for people. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Imported %s from %d file(s) in %.1f s%n",
            format,
            files.size(),
            elapsed.toMillis() / 1000.0));
    row(out, "lines read", linesRead);
    row(out, "events accepted", eventsAccepted);
    row(out, "events duplicate", eventsDuplicate);
    row(out, "items", items);
    row(out, "users", users);
    row(out, "skipped (header/blank)", skippedLines);
    row(out, "rejected", rejected());
    for (Rejection r : rejections) {
      out.append(String.format(Locale.ROOT, "    %,10d  %s%n", r.count(), r.reason()));
      for (String example : r.examples()) {
        out.append("                e.g. ").append(example).append(System.lineSeparator());
      }
    }
    for (String note : notes) {
      out.append("  note: ").append(note).append(System.lineSeparator());
    }
    return out.toString();
  }

  private static void row(StringBuilder out, String label, long value) {
    out.append(String.format(Locale.ROOT, "  %-24s %,12d%n", label, value));
  }

  @Override
  public String toString() {
    return render();
  }
}
