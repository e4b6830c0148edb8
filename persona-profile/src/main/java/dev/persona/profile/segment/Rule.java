package dev.persona.profile.segment;

import dev.persona.profile.Reading;
import dev.persona.profile.segment.Fields.Field;
import dev.persona.profile.segment.Fields.Type;
import dev.persona.profile.segment.Token.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A segment rule: a boolean expression over profile fields, parsed once and then tested against any
 * number of {@link Reading}s. Immutable and thread-safe.
 *
 * <pre>
 * rule       := or
 * or         := and ("or" and)*
 * and        := unary ("and" unary)*
 * unary      := "not" unary | "(" or ")" | comparison
 * comparison := operand [ ("=" | "==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") operand
 *                       | ["not"] "in" "[" literal ("," literal)* "]"
 *                       | "contains" literal ]
 * operand    := number | string | "true" | "false" | field [ "[" string "]" ]
 * </pre>
 *
 * For example {@code age >= 25 and interest.category["electronics"] > 0.2 and rfm.recency >= 4}. A
 * comparison without an operator must be a true-or-false field ({@code risk.flagged}). A comparison
 * with a value the user does not have (no {@code age} attribute; no purchases, so no RFM) is false,
 * whatever the operator; {@code not (...)} selects those users. Fields with a fixed set of values
 * ({@code lifecycle}, {@code consumption.level}, {@code rfm.segment}, {@code risk.flags}) refuse
 * other values, and a text field refuses a number, when the rule is parsed.
 */
public final class Rule {
  /** Deepest nesting of {@code not} and parentheses (the parser recurses once per level). */
  static final int MAX_DEPTH = 64;

  private final String text;
  private final Expr root;
  private final Set<String> attributes;

  private Rule(String text, Expr root, Set<String> attributes) {
    this.text = text;
    this.root = root;
    this.attributes = Set.copyOf(attributes);
  }

  /**
   * Parses a rule.
   *
   * @throws RuleSyntaxException with the position and what was expected there
   */
  public static Rule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new RuleSyntaxException(0, "a condition", "the rule is empty");
    }
    if (text.length() > 10_000) {
      throw new RuleSyntaxException(
          10_000, "at most 10,000 characters", "the rule is longer than 10,000 characters");
    }
    Parser p = new Parser(Lexer.tokens(text));
    Expr root = p.or();
    Token end = p.peek();
    if (end.kind() != Kind.END) {
      throw new RuleSyntaxException(
          end.position(),
          "'and', 'or' or the end of the rule",
          "at position "
              + end.position()
              + ": expected 'and', 'or' or the end of the rule, got "
              + end.describe());
    }
    return new Rule(text, root, p.attributes);
  }

  /** Whether the profile, as read, satisfies the rule. */
  public boolean test(Reading r) {
    return root.test(r);
  }

  public String text() {
    return text;
  }

  /** The user attributes the rule reads (bare names such as {@code age}, or attributes[...]). */
  public Set<String> attributes() {
    return attributes;
  }

  /** The field forms rules can use, for messages and documentation. */
  public static List<String> fields() {
    return Fields.reference();
  }

  @Override
  public String toString() {
    return text;
  }

  // ---- the expression tree ----

  private sealed interface Expr permits And, Or, Not, Truth, Compare, In, Contains {
    boolean test(Reading r);
  }

  private record And(List<Expr> parts) implements Expr {
    public boolean test(Reading r) {
      for (Expr e : parts) {
        if (!e.test(r)) {
          return false;
        }
      }
      return true;
    }
  }

  private record Or(List<Expr> parts) implements Expr {
    public boolean test(Reading r) {
      for (Expr e : parts) {
        if (e.test(r)) {
          return true;
        }
      }
      return false;
    }
  }

  private record Not(Expr inner) implements Expr {
    public boolean test(Reading r) {
      return !inner.test(r);
    }
  }

  /** A true-or-false field used as a condition on its own. */
  private record Truth(Field field) implements Expr {
    public boolean test(Reading r) {
      return Boolean.TRUE.equals(field.get().apply(r));
    }
  }

  /** An operand: a field, or a literal (number as Double, string, boolean). */
  private record Operand(Field field, Object literal, int position) {
    Object value(Reading r) {
      return field != null ? field.get().apply(r) : literal;
    }

    Type type() {
      if (field != null) {
        return field.type();
      }
      return literal instanceof Double
          ? Type.NUMBER
          : literal instanceof String ? Type.TEXT : Type.BOOLEAN;
    }
  }

  private record Compare(Operand left, String op, Operand right) implements Expr {
    public boolean test(Reading r) {
      Object a = left.value(r);
      Object b = right.value(r);
      if (a == null || b == null) {
        return false;
      }
      if (a instanceof Double x && b instanceof Double y) {
        int c = Double.compare(x, y);
        return switch (op) {
          case "=" -> x.doubleValue() == y.doubleValue();
          case "!=" -> x.doubleValue() != y.doubleValue();
          case "<" -> c < 0;
          case "<=" -> c <= 0;
          case ">" -> c > 0;
          default -> c >= 0;
        };
      }
      if (a instanceof String x && b instanceof String y) {
        int c = x.compareTo(y);
        return switch (op) {
          case "=" -> c == 0;
          case "!=" -> c != 0;
          case "<" -> c < 0;
          case "<=" -> c <= 0;
          case ">" -> c > 0;
          default -> c >= 0;
        };
      }
      if (a instanceof Boolean x && b instanceof Boolean y) {
        return switch (op) {
          case "=" -> x.equals(y);
          case "!=" -> !x.equals(y);
          default -> false;
        };
      }
      return false; // different kinds of value (an attribute of another type than the literal)
    }
  }

  private record In(Operand operand, List<Object> values, boolean negated) implements Expr {
    public boolean test(Reading r) {
      Object v = operand.value(r);
      if (v == null) {
        return false;
      }
      return values.contains(v) != negated;
    }
  }

  private record Contains(Operand operand, Object value) implements Expr {
    public boolean test(Reading r) {
      Object v = operand.value(r);
      if (v instanceof Collection<?> c) {
        for (Object x : c) {
          if (Objects.equals(x instanceof Number n ? (Object) n.doubleValue() : x, value)) {
            return true;
          }
        }
        return false;
      }
      return v instanceof String s && value instanceof String t && s.contains(t);
    }
  }

  // ---- the parser ----

  private static final class Parser {
    private final List<Token> tokens;
    private int at;
    private int depth;
    final Set<String> attributes = new LinkedHashSet<>();

    Parser(List<Token> tokens) {
      this.tokens = tokens;
    }

    Token peek() {
      return tokens.get(at);
    }

    Token next() {
      return tokens.get(at++);
    }

    Expr or() {
      List<Expr> parts = new ArrayList<>();
      parts.add(and());
      while (peek().isKeyword("or")) {
        next();
        parts.add(and());
      }
      return parts.size() == 1 ? parts.get(0) : new Or(List.copyOf(parts));
    }

    Expr and() {
      List<Expr> parts = new ArrayList<>();
      parts.add(unary());
      while (peek().isKeyword("and")) {
        next();
        parts.add(unary());
      }
      return parts.size() == 1 ? parts.get(0) : new And(List.copyOf(parts));
    }

    Expr unary() {
      Token t = peek();
      if (t.isKeyword("not") || t.kind() == Kind.LPAREN) {
        if (++depth > MAX_DEPTH) {
          throw new RuleSyntaxException(
              t.position(),
              "at most " + MAX_DEPTH + " nested 'not' or '('",
              "at position "
                  + t.position()
                  + ": the rule nests 'not' and '(' more than "
                  + MAX_DEPTH
                  + " deep");
        }
        next();
        Expr e;
        if (t.isKeyword("not")) {
          e = new Not(unary());
        } else {
          e = or();
          expect(Kind.RPAREN, "')' to close the '(' at position " + t.position());
        }
        depth--;
        return e;
      }
      return comparison();
    }

    Expr comparison() {
      Operand left = operand();
      Token t = peek();
      if (t.kind() == Kind.OPERATOR) {
        next();
        Operand right = operand();
        check(left, t.text(), right);
        return new Compare(left, t.text(), right);
      }
      if (t.isKeyword("in") || t.isKeyword("not") && tokens.get(at + 1).isKeyword("in")) {
        boolean negated = t.isKeyword("not");
        next();
        if (negated) {
          next();
        }
        return new In(left, list(left), negated);
      }
      if (t.isKeyword("contains")) {
        next();
        Operand value = operand();
        if (value.field() != null) {
          throw new RuleSyntaxException(
              value.position(),
              "a literal value",
              "at position " + value.position() + ": 'contains' takes a literal value");
        }
        if (left.field() != null && left.field().values() != null) {
          checkValue(left.field(), value.literal(), value.position());
        }
        return new Contains(left, value.literal());
      }
      if (left.field() != null && left.field().type() == Type.BOOLEAN) {
        return new Truth(left.field());
      }
      throw new RuleSyntaxException(
          t.position(),
          "a comparison (=, !=, <, <=, >, >=, in, contains)",
          "at position "
              + t.position()
              + ": expected a comparison (=, !=, <, <=, >, >=, in, contains) after "
              + (left.field() != null ? "'" + left.field().name() + "'" : "the value")
              + ", got "
              + t.describe());
    }

    Operand operand() {
      Token t = next();
      switch (t.kind()) {
        case NUMBER -> {
          return new Operand(null, t.number(), t.position());
        }
        case STRING -> {
          return new Operand(null, t.text(), t.position());
        }
        case KEYWORD -> {
          if (t.text().equals("true") || t.text().equals("false")) {
            return new Operand(null, Boolean.valueOf(t.text()), t.position());
          }
        }
        case NAME -> {
          String subscript = null;
          if (peek().kind() == Kind.LBRACKET) {
            next();
            Token key = next();
            if (key.kind() != Kind.STRING) {
              throw new RuleSyntaxException(
                  key.position(),
                  "a quoted key such as \"electronics\"",
                  "at position "
                      + key.position()
                      + ": expected a quoted key such as \"electronics\", got "
                      + key.describe());
            }
            subscript = key.text();
            expect(Kind.RBRACKET, "']'");
          }
          Field field = Fields.resolve(t.text(), subscript, t.position());
          if (field.attribute() != null) {
            attributes.add(field.attribute());
          }
          return new Operand(field, null, t.position());
        }
        default -> {}
      }
      throw new RuleSyntaxException(
          t.position(),
          "a field or a value",
          "at position " + t.position() + ": expected a field or a value, got " + t.describe());
    }

    List<Object> list(Operand left) {
      Token open = next();
      if (open.kind() != Kind.LBRACKET && open.kind() != Kind.LPAREN) {
        throw new RuleSyntaxException(
            open.position(),
            "a list such as [\"a\", \"b\"]",
            "at position "
                + open.position()
                + ": expected a list such as [\"a\", \"b\"] after 'in', got "
                + open.describe());
      }
      Kind close = open.kind() == Kind.LBRACKET ? Kind.RBRACKET : Kind.RPAREN;
      List<Object> values = new ArrayList<>();
      while (true) {
        Operand v = operand();
        if (v.field() != null) {
          throw new RuleSyntaxException(
              v.position(),
              "a literal value",
              "at position " + v.position() + ": a list holds literal values, not fields");
        }
        check(left, "=", v);
        values.add(v.literal());
        Token t = next();
        if (t.kind() == close) {
          return List.copyOf(values);
        }
        if (t.kind() != Kind.COMMA) {
          throw new RuleSyntaxException(
              t.position(),
              "',' or '" + (close == Kind.RBRACKET ? "]" : ")") + "'",
              "at position "
                  + t.position()
                  + ": expected ',' or '"
                  + (close == Kind.RBRACKET ? "]" : ")")
                  + "' in the list, got "
                  + t.describe());
        }
      }
    }

    /** A typed field compared with a literal of another type is an error, found now. */
    void check(Operand left, String op, Operand right) {
      if (left.field() == null && right.field() == null) {
        throw new RuleSyntaxException(
            left.position(),
            "a field",
            "at position " + left.position() + ": a comparison needs at least one field");
      }
      Operand field = left.field() != null ? left : right;
      Operand other = field == left ? right : left;
      Type a = field.type();
      Type b = other.type();
      if (a == Type.ANY || b == Type.ANY) {
        return;
      }
      if (a == Type.LIST) {
        throw new RuleSyntaxException(
            field.position(),
            "'contains'",
            "at position "
                + field.position()
                + ": '"
                + field.field().name()
                + "' is a list; use '"
                + field.field().name()
                + " contains ...'");
      }
      if (a != b) {
        throw new RuleSyntaxException(
            other.position(),
            a.words,
            "at position "
                + other.position()
                + ": '"
                + field.field().name()
                + "' is "
                + a.words
                + ", so it cannot be compared with "
                + b.words);
      }
      if (a == Type.BOOLEAN && !op.equals("=") && !op.equals("!=")) {
        throw new RuleSyntaxException(
            field.position(),
            "= or !=",
            "at position " + field.position() + ": true-or-false values take only = or !=");
      }
      if (other.field() == null && field.field().values() != null) {
        checkValue(field.field(), other.literal(), other.position());
      }
    }

    void checkValue(Field field, Object literal, int position) {
      if (!(literal instanceof String s) || !field.values().contains(s)) {
        throw new RuleSyntaxException(
            position,
            "one of " + new java.util.TreeSet<>(field.values()),
            "at position "
                + position
                + ": '"
                + field.name()
                + "' is never "
                + (literal instanceof String s2 ? "\"" + s2 + "\"" : String.valueOf(literal))
                + "; expected one of "
                + new java.util.TreeSet<>(field.values()));
      }
    }

    void expect(Kind kind, String what) {
      Token t = next();
      if (t.kind() != kind) {
        throw new RuleSyntaxException(
            t.position(),
            what,
            "at position " + t.position() + ": expected " + what + ", got " + t.describe());
      }
    }
  }
}
