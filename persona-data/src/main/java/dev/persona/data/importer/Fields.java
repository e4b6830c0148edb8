package dev.persona.data.importer;

import java.util.ArrayList;
import java.util.List;

/** Splitting lines into fields and reading typed values, failing with {@link BadLine}. */
final class Fields {
  private Fields() {}

  /** Splits at every {@code separator}, keeping empty fields (also trailing ones). No quoting. */
  static String[] split(String line, char separator) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == separator) {
        out.add(line.substring(start, i));
        start = i + 1;
      }
    }
    out.add(line.substring(start));
    return out.toArray(new String[0]);
  }

  /**
   * Splits one CSV record (RFC 4180): fields separated by commas, a field may be enclosed in double
   * quotes, inside which a doubled quote stands for one. Records spanning lines are not supported:
   * a quote left open at the end of the line is a bad line.
   */
  static String[] csv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    int n = line.length();
    while (true) {
      field.setLength(0);
      if (i < n && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new BadLine("unterminated quote", "a quoted field is not closed: " + quote(line));
          }
          char c = line.charAt(i++);
          if (c == '"') {
            if (i < n && line.charAt(i) == '"') {
              field.append('"');
              i++;
            } else {
              break;
            }
          } else {
            field.append(c);
          }
        }
        if (i < n && line.charAt(i) != ',') {
          throw new BadLine(
              "text after a closing quote", "unexpected text after a quoted field: " + quote(line));
        }
      } else {
        while (i < n && line.charAt(i) != ',') {
          field.append(line.charAt(i++));
        }
      }
      out.add(field.toString());
      if (i >= n) {
        return out.toArray(new String[0]);
      }
      i++; // the comma
    }
  }

  /** Fails unless there are exactly {@code expected} fields. */
  static void expect(String[] fields, int expected, String line) {
    if (fields.length != expected) {
      throw new BadLine(
          "expected " + expected + " fields", "got " + fields.length + " field(s): " + quote(line));
    }
  }

  /** A required, non-blank id, trimmed. */
  static String id(String value, String what) {
    String v = value.trim();
    if (v.isEmpty()) {
      throw new BadLine("missing " + what, what + " is empty");
    }
    return v;
  }

  static long integer(String value, String what) {
    String v = value.trim();
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new BadLine("non-numeric " + what, what + " is not an integer: " + quote(v));
    }
  }

  static double number(String value, String what) {
    String v = value.trim();
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)
          && !v.endsWith("d")
          && !v.endsWith("D")
          && !v.endsWith("f")
          && !v.endsWith("F")) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadLine("non-numeric " + what, what + " is not a number: " + quote(v));
  }

  /** Unix seconds as epoch milliseconds; negative times are bad lines. */
  static long unixSeconds(String value) {
    long seconds = integer(value, "timestamp");
    if (seconds < 0 || seconds > Long.MAX_VALUE / 1000) {
      throw new BadLine("timestamp out of range", "timestamp " + seconds + " is out of range");
    }
    return seconds * 1000;
  }

  static String quote(String text) {
    return "'" + ImportContext.abbreviate(text, 120) + "'";
  }

  /** {@code null} for a blank value, else the trimmed value. */
  static String optional(String value) {
    String v = value.trim();
    return v.isEmpty() ? null : v;
  }
}
