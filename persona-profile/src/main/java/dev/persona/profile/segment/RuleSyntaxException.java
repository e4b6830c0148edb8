package dev.persona.profile.segment;

/**
 * A segment rule that cannot be parsed or does not make sense (an unknown field, a text field
 * compared with a number): where, what was expected, and what was found.
 */
public final class RuleSyntaxException extends IllegalArgumentException {
  private final int position;
  private final String expected;

  RuleSyntaxException(int position, String expected, String message) {
    super(message);
    this.position = position;
    this.expected = expected;
  }

  /** The offset in the rule text (0-based) where the problem starts. */
  public int position() {
    return position;
  }

  /** What the parser expected there, in words (for example {@code a number or a string}). */
  public String expected() {
    return expected;
  }
}
