package dev.persona.profile.segment;

import dev.persona.profile.Profile;
import dev.persona.profile.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields a rule can name, each with its type and how to read it from a {@link Reading}. The
 * reference is in {@code docs/profiles.md} ("Segment rules"); {@link #reference()} lists the same
 * for error messages and the API.
 */
final class Fields {
  enum Type {
    NUMBER("a number"),
    TEXT("text"),
    BOOLEAN("true or false"),
    LIST("a list"),
    ANY("any value");

    final String words;

    Type(String words) {
      this.words = words;
    }
  }

  /**
   * A resolved field.
   *
   * @param name as written
   * @param type what it holds
   * @param get reads it; {@code null} when the user has no such value
   * @param values the values it can take, when that is a fixed set (checked against literals)
   * @param attribute the attribute's name when the field is a user attribute, else {@code null}
   */
  record Field(
      String name,
      Type type,
      Function<Reading, Object> get,
      Set<String> values,
      String attribute) {}

  static final Set<String> LIFECYCLE = Set.of("new", "active", "returning", "dormant", "churned");
  static final Set<String> LEVELS = Set.of("low", "mid", "high");
  static final Set<String> RFM_SEGMENTS =
      Set.of(
          "champions",
          "loyal customers",
          "potential loyalists",
          "new customers",
          "promising",
          "need attention",
          "about to sleep",
          "at risk",
          "can't lose them",
          "hibernating",
          "lost",
          "no purchases");
  static final Set<String> RISK_FLAGS = Set.of("rate", "regularity", "burst", "parallel");
  private static final Pattern WINDOW = Pattern.compile("(all|([1-9][0-9]?)d)");
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private static final Map<String, Field> SCALARS = new LinkedHashMap<>();

  static {
    number("events", r -> (double) r.profile().events());
    number("sessions", r -> (double) r.profile().sessions());
    number("activeDays", r -> (double) r.profile().activeDays());
    number("daysSinceLastSeen", r -> days(r.daysSinceLastSeen()));
    number("daysSinceFirstSeen", r -> days(r.daysSinceFirstSeen()));
    text("lifecycle", Reading::lifecycle, LIFECYCLE);
    text(
        "ageBand",
        Reading::ageBand,
        Set.of("under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"));
    bool("profiling", r -> r.profile().profiling());
    number("cluster", r -> r.cluster() < 0 ? null : (double) r.cluster());
    list(
        "recentItems",
        r -> {
          List<String> items = new ArrayList<>();
          for (int i = 0; i < r.profile().recentCount(); i++) {
            items.add(r.profile().recentItem(i));
          }
          return items;
        });
    number("consumption.spend", r -> r.profile().spend());
    number("consumption.orders", r -> (double) r.profile().orders());
    number(
        "consumption.aov",
        r -> r.profile().orders() == 0 ? 0.0 : r.profile().spend() / r.profile().orders());
    text("consumption.level", r -> r.consumption().level(), LEVELS);
    number(
        "consumption.priceRatio",
        r -> r.consumption().level() == null ? null : r.consumption().ratio());
    number("rfm.recency", r -> r.rfm() == null ? null : (double) r.rfm()[0]);
    number("rfm.frequency", r -> r.rfm() == null ? null : (double) r.rfm()[1]);
    number("rfm.monetary", r -> r.rfm() == null ? null : (double) r.rfm()[2]);
    text("rfm.segment", Reading::rfmSegment, RFM_SEGMENTS);
    number("risk.score", r -> r.risk().score());
    bool("risk.flagged", r -> r.risk().flagged());
    SCALARS.put(
        "risk.flags", new Field("risk.flags", Type.LIST, r -> r.risk().names(), RISK_FLAGS, null));
  }

  private Fields() {}

  private static Double days(long d) {
    return d < 0 ? null : (double) d;
  }

  private static void number(String name, Function<Reading, Object> get) {
    SCALARS.put(name, new Field(name, Type.NUMBER, get, null, null));
  }

  private static void text(String name, Function<Reading, Object> get, Set<String> values) {
    SCALARS.put(name, new Field(name, Type.TEXT, get, values, null));
  }

  private static void bool(String name, Function<Reading, Object> get) {
    SCALARS.put(name, new Field(name, Type.BOOLEAN, get, null, null));
  }

  private static void list(String name, Function<Reading, Object> get) {
    SCALARS.put(name, new Field(name, Type.LIST, get, null, null));
  }

  /** Every field form, for messages and for {@code GET /v1/segments/fields}. */
  static List<String> reference() {
    List<String> out = new ArrayList<>(SCALARS.keySet());
    out.add("interest.<category|brand|tag|price>[\"key\"]");
    out.add("interest.<category|brand|tag|price>.top");
    out.add("negative.<category|brand|tag|price>[\"key\"]");
    out.add("count.<type> and count.<type>.<Nd|all>");
    out.add("events.<Nd|all>");
    out.add("device[\"name\"]");
    out.add("attributes[\"name\"] or a bare attribute name such as age or gender");
    return out;
  }

  /**
   * Resolves a name, with its subscript when one followed ({@code interest.category["x"]}).
   *
   * @throws RuleSyntaxException naming the field and what would be valid
   */
  static Field resolve(String name, String subscript, int position) {
    String[] parts = name.split("\\.", -1);
    String head = parts[0];
    switch (head) {
      case "interest", "negative" -> {
        boolean negative = head.equals("negative");
        if (parts.length < 2) {
          throw error(position, name, "a dimension: " + head + ".category[\"...\"]");
        }
        int d = Reading.dimension(parts[1]);
        if (d < 0) {
          throw error(
              position,
              name,
              "one of the dimensions category, brand, tag, price (got '" + parts[1] + "')");
        }
        if (parts.length == 3 && parts[2].equals("top") && !negative && subscript == null) {
          return new Field(
              name, Type.TEXT, r -> r.top(d, d == 0 /* top-level category */), null, null);
        }
        if (parts.length != 2 || subscript == null) {
          throw error(
              position,
              name,
              head
                  + "."
                  + parts[1]
                  + "[\"key\"]"
                  + (negative ? "" : " or interest." + parts[1] + ".top"));
        }
        return negative
            ? new Field(name, Type.NUMBER, r -> r.negativeShare(d, subscript), null, null)
            : new Field(name, Type.NUMBER, r -> r.share(d, subscript), null, null);
      }
      case "device" -> {
        if (parts.length != 1 || subscript == null) {
          throw error(position, name, "device[\"mobile\"] (the share of events on a device)");
        }
        return new Field(name, Type.NUMBER, r -> deviceShare(r.profile(), subscript), null, null);
      }
      case "count" -> {
        if (parts.length < 2 || parts.length > 3 || subscript != null) {
          throw error(position, name, "count.<type> or count.<type>.<window>, e.g. count.view.7d");
        }
        String type = parts[1];
        if (!TYPE.matcher(type).matches()) {
          throw error(position, name, "an event type such as view or purchase");
        }
        int days = parts.length == 3 ? window(parts[2], position, name) : 0;
        return new Field(name, Type.NUMBER, r -> (double) r.count(type, days), null, null);
      }
      case "events" -> {
        if (parts.length == 2 && subscript == null) {
          int days = window(parts[1], position, name);
          return new Field(name, Type.NUMBER, r -> (double) r.countAll(days), null, null);
        }
      }
      case "attributes" -> {
        String attr = parts.length == 2 && subscript == null ? parts[1] : subscript;
        if (attr == null || parts.length > 2 || parts.length == 2 && subscript != null) {
          throw error(position, name, "attributes[\"name\"] or attributes.name");
        }
        return attribute(name, attr);
      }
      default -> {}
    }
    if (subscript != null) {
      throw new RuleSyntaxException(
          position,
          "a field that takes a key",
          "at position " + position + ": '" + name + "' does not take a [\"key\"]");
    }
    Field scalar = SCALARS.get(name);
    if (scalar != null) {
      return scalar;
    }
    if (parts.length == 1) {
      return attribute(name, name); // a user attribute such as age, gender or region
    }
    for (String known : SCALARS.keySet()) {
      if (known.startsWith(head + ".")) {
        throw error(position, name, "one of " + fieldsStartingWith(head + "."));
      }
    }
    throw error(position, name, "a known field (" + String.join(", ", reference()) + ")");
  }

  private static Field attribute(String name, String attr) {
    return new Field(
        name,
        Type.ANY,
        r -> {
          Object v = r.attribute(attr);
          return v instanceof Number n ? (Object) n.doubleValue() : v;
        },
        null,
        attr);
  }

  private static int window(String text, int position, String name) {
    Matcher m = WINDOW.matcher(text);
    if (!m.matches()) {
      throw error(position, name, "a window of 1d to 31d, or all (got '" + text + "')");
    }
    if (m.group(2) == null) {
      return 0;
    }
    int days = Integer.parseInt(m.group(2));
    if (days > 31) {
      throw error(position, name, "a window of at most 31d (got '" + text + "')");
    }
    return days;
  }

  private static String fieldsStartingWith(String prefix) {
    List<String> out = new ArrayList<>();
    for (String k : SCALARS.keySet()) {
      if (k.startsWith(prefix)) {
        out.add(k);
      }
    }
    return String.join(", ", out);
  }

  private static double deviceShare(Profile p, String device) {
    long total = 0;
    long n = 0;
    for (int i = 0; i < p.deviceCount(); i++) {
      total += p.deviceEvents(i);
      if (p.device(i).equals(device)) {
        n = p.deviceEvents(i);
      }
    }
    return total == 0 ? 0 : n / (double) total;
  }

  private static RuleSyntaxException error(int position, String name, String expected) {
    return new RuleSyntaxException(
        position,
        expected,
        "at position " + position + ": unknown field '" + name + "'; expected " + expected);
  }
}
