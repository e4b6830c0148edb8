package dev.persona.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.validate.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON wire format shared by HTTP, JSONL import and (later) Kafka: one configured {@link
 * ObjectMapper} and the helpers that turn {@link JsonNode}s into typed values with a {@link
 * Violation} naming the field when the JSON type is wrong.
 */
public final class Wire {
  /**
   * Nesting limit for whole documents. Generous enough for any valid payload (properties allow
   * {@code EventPolicy.DEFAULT_MAX_PROPERTY_DEPTH} levels), small enough that a hostile document
   * cannot exhaust the stack.
   */
  public static final int MAX_DOCUMENT_DEPTH = 32;

  private static final ObjectMapper MAPPER = newMapper();

  private Wire() {}

  /** The shared mapper. Thread-safe; do not reconfigure. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  private static ObjectMapper newMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DOCUMENT_DEPTH)
                    .maxStringLength(1_000_000)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return mapper;
  }

  /** A reader of one JSON object's fields that collects violations instead of throwing. */
  public static final class Fields {
    private final JsonNode node;
    private final List<Violation> violations;

    public Fields(JsonNode node, List<Violation> violations) {
      this.node = node;
      this.violations = violations;
    }

    /** Adds a violation for every field not in {@code known}. */
    public void rejectUnknown(List<String> known) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name)) {
          violations.add(Violation.of(name, "unknown field; known fields: " + known));
        }
      }
    }

    public String string(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        violations.add(Violation.of(field, "must be a string, got " + kind(value)));
        return null;
      }
      return value.textValue();
    }

    /** A string, also accepting a JSON number written as an id (for example {@code 42}). */
    public String id(String field) {
      JsonNode value = node.get(field);
      if (value != null && value.isIntegralNumber()) {
        return value.asText();
      }
      return string(field);
    }

    public Double number(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isNumber()) {
        violations.add(Violation.of(field, "must be a number, got " + kind(value)));
        return null;
      }
      double d = value.doubleValue();
      if (!Double.isFinite(d)) {
        violations.add(Violation.of(field, "must be a finite number"));
        return null;
      }
      return d;
    }

    public Boolean bool(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isBoolean()) {
        violations.add(Violation.of(field, "must be true or false, got " + kind(value)));
        return null;
      }
      return value.booleanValue();
    }

    /**
     * A timestamp as ISO-8601 text or epoch milliseconds.
     *
     * @return epoch milliseconds, or {@code null} when absent or invalid (then a violation is
     *     recorded)
     */
    public Long timestamp(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        return value.longValue();
      }
      if (value.isTextual()) {
        try {
          return dev.persona.core.time.Timestamps.parseIso(value.textValue());
        } catch (IllegalArgumentException e) {
          violations.add(Violation.of(field, e.getMessage()));
          return null;
        }
      }
      violations.add(
          Violation.of(
              field,
              "must be an ISO-8601 string or integer epoch milliseconds, got " + kind(value)));
      return null;
    }

    public List<String> strings(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        violations.add(Violation.of(field, "must be an array of strings, got " + kind(value)));
        return List.of();
      }
      List<String> out = new ArrayList<>(value.size());
      for (int i = 0; i < value.size(); i++) {
        JsonNode element = value.get(i);
        if (!element.isTextual()) {
          violations.add(
              Violation.of(field + "[" + i + "]", "must be a string, got " + kind(element)));
        } else {
          out.add(element.textValue());
        }
      }
      return out;
    }

    public Map<String, String> stringMap(String field) {
      JsonNode value = object(field);
      if (value == null) {
        return Map.of();
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        JsonNode v = entry.getValue();
        if (v.isTextual()) {
          out.put(entry.getKey(), v.textValue());
        } else if (v.isNumber() || v.isBoolean()) {
          out.put(entry.getKey(), v.asText());
        } else if (!v.isNull()) {
          violations.add(
              Violation.of(
                  field + "." + entry.getKey(),
                  "must be a string, number or boolean, got " + kind(v)));
        }
      }
      return out;
    }

    public Map<String, Boolean> booleanMap(String field) {
      JsonNode value = object(field);
      if (value == null) {
        return Map.of();
      }
      Map<String, Boolean> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!entry.getValue().isBoolean()) {
          violations.add(
              Violation.of(
                  field + "." + entry.getKey(),
                  "must be true or false, got " + kind(entry.getValue())));
        } else {
          out.put(entry.getKey(), entry.getValue().booleanValue());
        }
      }
      return out;
    }

    /** The field's object node, or {@code null} when absent, null or (recorded) not an object. */
    private JsonNode object(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isObject()) {
        violations.add(Violation.of(field, "must be an object, got " + kind(value)));
        return null;
      }
      return value;
    }

    /** A free-form object turned into maps, lists, strings, numbers and booleans. */
    public Map<String, Object> freeObject(String field) {
      JsonNode value = object(field);
      if (value == null) {
        return Map.of();
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) toJava(value);
      return map;
    }
  }

  /** Plain Java values for a JSON tree: LinkedHashMap, ArrayList, String, Long, Double, Boolean. */
  public static Object toJava(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(e -> list.add(toJava(e)));
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }

  /** The JSON type of a node in words, for error messages. */
  public static String kind(JsonNode node) {
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.isNull()
        ? "null"
        : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
