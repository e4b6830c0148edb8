package dev.persona.profile.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a rule into tokens. Names are dotted paths whose parts may start with a digit after the
 * first ({@code count.view.7d}); keywords ({@code and or not in contains true false}) are not
 * case-sensitive; strings take double or single quotes with backslash escapes.
 */
final class Lexer {
  static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "contains", "true", "false");

  private Lexer() {}

  static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      switch (c) {
        case '(' -> out.add(new Token(Token.Kind.LPAREN, "(", 0, i++));
        case ')' -> out.add(new Token(Token.Kind.RPAREN, ")", 0, i++));
        case '[' -> out.add(new Token(Token.Kind.LBRACKET, "[", 0, i++));
        case ']' -> out.add(new Token(Token.Kind.RBRACKET, "]", 0, i++));
        case ',' -> out.add(new Token(Token.Kind.COMMA, ",", 0, i++));
        case '=', '!', '<', '>' -> {
          i++;
          if (i < n && text.charAt(i) == '=') {
            i++;
          } else if (c == '!') {
            throw new RuleSyntaxException(
                start, "'!='", "at position " + start + ": '!' must be followed by '=' ('!=')");
          }
          String op = text.substring(start, i);
          out.add(new Token(Token.Kind.OPERATOR, op.equals("==") ? "=" : op, 0, start));
        }
        case '"', '\'' -> {
          StringBuilder value = new StringBuilder();
          i++;
          boolean closed = false;
          while (i < n) {
            char d = text.charAt(i++);
            if (d == c) {
              closed = true;
              break;
            }
            if (d == '\\' && i < n) {
              value.append(text.charAt(i++));
            } else {
              value.append(d);
            }
          }
          if (!closed) {
            throw new RuleSyntaxException(
                start,
                "a closing " + c,
                "at position " + start + ": the string that starts here is not closed");
          }
          out.add(new Token(Token.Kind.STRING, value.toString(), 0, start));
        }
        default -> {
          if (Character.isDigit(c) || c == '-' || c == '.' && i + 1 < n && isDigit(text, i + 1)) {
            i = number(text, i);
            String t = text.substring(start, i);
            double v;
            try {
              v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
              throw new RuleSyntaxException(
                  start, "a number", "at position " + start + ": '" + t + "' is not a number");
            }
            out.add(new Token(Token.Kind.NUMBER, t, v, start));
          } else if (Character.isLetter(c) || c == '_') {
            i++;
            while (i < n) {
              char d = text.charAt(i);
              if (Character.isLetterOrDigit(d) || d == '_') {
                i++;
              } else if (d == '.' && i + 1 < n && isNamePart(text.charAt(i + 1))) {
                i++;
              } else {
                break;
              }
            }
            String t = text.substring(start, i);
            String lower = t.toLowerCase(Locale.ROOT);
            out.add(
                KEYWORDS.contains(lower)
                    ? new Token(Token.Kind.KEYWORD, lower, 0, start)
                    : new Token(Token.Kind.NAME, t, 0, start));
          } else {
            throw new RuleSyntaxException(
                start,
                "a field, a value or an operator",
                "at position " + start + ": unexpected character '" + c + "'");
          }
        }
      }
    }
    out.add(new Token(Token.Kind.END, "", 0, n));
    return out;
  }

  private static boolean isDigit(String s, int i) {
    return Character.isDigit(s.charAt(i));
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static int number(String s, int i) {
    int n = s.length();
    if (s.charAt(i) == '-') {
      i++;
    }
    while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
      }
    }
    return i;
  }
}
