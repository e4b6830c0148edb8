package dev.persona.data.importer;

/**
 * Thrown by a format's line parser for a line it cannot use. Caught by {@link ImportContext}, which
 * counts the line as rejected under {@link #reason()}; it never leaves an import.
 */
final class BadLine extends RuntimeException {
  private final String reason;

  /**
   * @param reason a short, stable reason that lines are counted under, such as {@code "expected 4
   *     fields"}; no values that vary from line to line
   * @param detail what exactly was wrong with this line, shown in the examples
   */
  BadLine(String reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }

  String detail() {
    return getMessage();
  }
}
