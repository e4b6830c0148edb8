package dev.persona.profile.segment;

/**
 * A token of the rule language.
 *
 * @param kind what it is
 * @param text its text (for a string: the value without quotes)
 * @param number its value, for a number
 * @param position its offset in the rule text
 */
record Token(Kind kind, String text, double number, int position) {
  enum Kind {
    NUMBER,
    STRING,
    NAME,
    KEYWORD,
    OPERATOR,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    COMMA,
    END
  }

  boolean is(Kind k, String t) {
    return kind == k && text.equals(t);
  }

  boolean isKeyword(String word) {
    return is(Kind.KEYWORD, word);
  }

  /** How the token reads in an error message. */
  String describe() {
    return switch (kind) {
      case END -> "the end of the rule";
      case STRING -> "the string \"" + text + "\"";
      case NUMBER -> "the number " + text;
      case NAME -> "'" + text + "'";
      default -> "'" + text + "'";
    };
  }
}
