package dev.persona.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.time.Timestamps;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Reads and writes events, items and users in the JSON shape of API.md. Reading collects every
 * violation it can find and throws one {@link ValidationException} naming the fields; it never
 * returns a half-read object.
 */
public final class ModelJson {
  public static final List<String> EVENT_FIELDS =
      List.of(
          "id",
          "type",
          "userId",
          "itemId",
          "timestamp",
          "value",
          "sessionId",
          "query",
          "text",
          "context",
          "properties");
  public static final List<String> ITEM_FIELDS =
      List.of(
          "id",
          "title",
          "categories",
          "brand",
          "price",
          "tags",
          "attributes",
          "createdAt",
          "available");
  public static final List<String> USER_FIELDS = List.of("id", "attributes", "consent");

  private ModelJson() {}

  /**
   * Reads an event.
   *
   * @param now supplies the timestamp of an event that gives none (epoch milliseconds)
   * @throws ValidationException naming each field at fault (relative names, such as {@code userId})
   */
  public static Event readEvent(JsonNode node, LongSupplier now) {
    List<Violation> violations = new ArrayList<>();
    Wire.Fields f = fields(node, "an event", EVENT_FIELDS, violations);
    String id = f.id("id");
    String type = f.string("type");
    String userId = f.id("userId");
    String itemId = f.id("itemId");
    Long timestamp = f.timestamp("timestamp");
    Double value = f.number("value");
    String sessionId = f.id("sessionId");
    String query = f.string("query");
    String text = f.string("text");
    Map<String, String> context = f.stringMap("context");
    Map<String, Object> properties = f.freeObject("properties");
    if (type == null && node.path("type").isMissingNode()) {
      violations.add(Violation.of("type", "missing"));
    }
    if (userId == null && node.path("userId").isMissingNode()) {
      violations.add(Violation.of("userId", "missing"));
    }
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
    return new Event(
        id,
        type,
        userId,
        itemId,
        timestamp == null ? now.getAsLong() : timestamp,
        value,
        sessionId,
        query,
        text,
        context,
        properties);
  }

  public static ObjectNode writeEvent(Event e) {
    ObjectNode node = Wire.object();
    putIfPresent(node, "id", e.id());
    node.put("type", e.type());
    node.put("userId", e.userId());
    putIfPresent(node, "itemId", e.itemId());
    node.put("timestamp", Timestamps.format(e.timestamp()));
    if (e.value() != null) {
      node.put("value", e.value());
    }
    putIfPresent(node, "sessionId", e.sessionId());
    putIfPresent(node, "query", e.query());
    putIfPresent(node, "text", e.text());
    if (!e.context().isEmpty()) {
      node.set("context", Wire.mapper().valueToTree(e.context()));
    }
    if (!e.properties().isEmpty()) {
      node.set("properties", Wire.mapper().valueToTree(e.properties()));
    }
    return node;
  }

  /**
   * Reads an item.
   *
   * @param pathId the id from the URL, or {@code null}; when given, a body id must equal it
   */
  public static Item readItem(JsonNode node, String pathId) {
    List<Violation> violations = new ArrayList<>();
    Wire.Fields f = fields(node, "an item", ITEM_FIELDS, violations);
    String id = recordId(f, node, pathId, violations);
    String title = f.string("title");
    List<String> categories = f.strings("categories");
    String brand = f.string("brand");
    Double price = f.number("price");
    List<String> tags = f.strings("tags");
    Map<String, Object> attributes = f.freeObject("attributes");
    Long createdAt = f.timestamp("createdAt");
    Boolean available = f.bool("available");
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
    return new Item(
        id,
        title,
        categories,
        brand,
        price,
        tags,
        attributes,
        createdAt,
        available == null || available);
  }

  public static ObjectNode writeItem(Item item) {
    ObjectNode node = Wire.object();
    node.put("id", item.id());
    putIfPresent(node, "title", item.title());
    node.set("categories", Wire.mapper().valueToTree(item.categories()));
    putIfPresent(node, "brand", item.brand());
    if (item.price() != null) {
      node.put("price", item.price());
    }
    node.set("tags", Wire.mapper().valueToTree(item.tags()));
    node.set("attributes", Wire.mapper().valueToTree(item.attributes()));
    if (item.createdAt() != null) {
      node.put("createdAt", Timestamps.format(item.createdAt()));
    }
    node.put("available", item.available());
    return node;
  }

  /**
   * Reads a user.
   *
   * @param pathId the id from the URL, or {@code null}; when given, a body id must equal it
   */
  public static User readUser(JsonNode node, String pathId) {
    List<Violation> violations = new ArrayList<>();
    Wire.Fields f = fields(node, "a user", USER_FIELDS, violations);
    String id = recordId(f, node, pathId, violations);
    Map<String, Object> attributes = f.freeObject("attributes");
    Map<String, Boolean> consent = f.booleanMap("consent");
    if (!violations.isEmpty()) {
      throw new ValidationException(violations);
    }
    return new User(id, attributes, consent);
  }

  public static ObjectNode writeUser(User user) {
    ObjectNode node = Wire.object();
    node.put("id", user.id());
    node.set("attributes", Wire.mapper().valueToTree(user.attributes()));
    node.set("consent", Wire.mapper().valueToTree(user.consent()));
    return node;
  }

  /** The fields of an object node, with unknown fields reported; refuses anything but an object. */
  private static Wire.Fields fields(
      JsonNode node, String what, List<String> known, List<Violation> violations) {
    if (node == null || !node.isObject()) {
      throw new ValidationException(
          Violation.of(
              "",
              "must be " + what + " object, got " + (node == null ? "nothing" : Wire.kind(node))));
    }
    Wire.Fields f = new Wire.Fields(node, violations);
    f.rejectUnknown(known);
    return f;
  }

  /**
   * The id of an item or user: the path's when given (a body id must then equal it), else the
   * body's, which is then required.
   */
  private static String recordId(
      Wire.Fields f, JsonNode node, String pathId, List<Violation> violations) {
    String id = f.id("id");
    if (pathId == null) {
      if (id == null && node.path("id").isMissingNode()) {
        violations.add(Violation.of("id", "missing"));
      }
      return id;
    }
    if (id != null && !id.equals(pathId)) {
      violations.add(
          Violation.of("id", "'" + id + "' differs from the id in the path '" + pathId + "'"));
    }
    return pathId;
  }

  private static void putIfPresent(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
