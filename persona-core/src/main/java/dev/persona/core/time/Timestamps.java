package dev.persona.core.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamps travel as ISO-8601 strings or epoch milliseconds and live as epoch milliseconds. */
public final class Timestamps {
  private Timestamps() {}

  /**
   * Parses an ISO-8601 instant ({@code 2026-11-22T10:00:00Z}, with or without fraction, with {@code
   * Z} or an offset such as {@code +08:00}).
   *
   * @throws IllegalArgumentException with a reason when the text is not such an instant
   */
  public static long parseIso(String text) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException notInstant) {
      try {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant()
            .toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "not an ISO-8601 instant such as 2026-11-22T10:00:00Z: '" + abbreviate(text) + "'");
      }
    }
  }

  public static String format(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
