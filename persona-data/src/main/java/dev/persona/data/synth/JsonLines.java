package dev.persona.data.synth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.persona.core.json.ModelJson;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.time.Timestamps;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one JSON object per line in the shapes of {@link ModelJson} (same fields, order and
 * formats), streaming straight to the file instead of building a tree per record, which matters for
 * ten million events. String maps are written in key order so that output never depends on hash
 * order. Not thread-safe.
 */
final class JsonLines implements Closeable {
  private final OutputStream out;
  private final JsonGenerator gen;

  JsonLines(Path file) throws IOException {
    out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    gen = Wire.mapper().createGenerator(out, JsonEncoding.UTF8);
    gen.setRootValueSeparator(null);
  }

  void event(Event e) throws IOException {
    gen.writeStartObject();
    optional("id", e.id());
    gen.writeStringField("type", e.type());
    gen.writeStringField("userId", e.userId());
    optional("itemId", e.itemId());
    gen.writeStringField("timestamp", Timestamps.format(e.timestamp()));
    if (e.value() != null) {
      gen.writeNumberField("value", e.value());
    }
    optional("sessionId", e.sessionId());
    optional("query", e.query());
    optional("text", e.text());
    if (!e.context().isEmpty()) {
      gen.writeObjectFieldStart("context");
      for (Map.Entry<String, String> c : new TreeMap<>(e.context()).entrySet()) {
        gen.writeStringField(c.getKey(), c.getValue());
      }
      gen.writeEndObject();
    }
    if (!e.properties().isEmpty()) {
      gen.writeObjectField("properties", e.properties());
    }
    endLine();
  }

  void item(Item item) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("id", item.id());
    optional("title", item.title());
    strings("categories", item.categories());
    optional("brand", item.brand());
    if (item.price() != null) {
      gen.writeNumberField("price", item.price());
    }
    strings("tags", item.tags());
    gen.writeObjectField("attributes", item.attributes());
    if (item.createdAt() != null) {
      gen.writeStringField("createdAt", Timestamps.format(item.createdAt()));
    }
    gen.writeBooleanField("available", item.available());
    endLine();
  }

  void user(User user) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("id", user.id());
    gen.writeObjectField("attributes", user.attributes());
    gen.writeObjectField("consent", new TreeMap<>(user.consent()));
    endLine();
  }

  void truth(UserTruth t) throws IOException {
    gen.writeStartObject();
    gen.writeStringField("userId", t.userId());
    strings("topCategories", t.topCategories());
    optional("topBrand", t.topBrand());
    gen.writeBooleanField("bot", t.bot());
    optional("botKind", t.botKind());
    gen.writeObjectField("categoryShares", t.categoryShares());
    strings("preferredBrands", t.preferredBrands());
    gen.writeNumberField("pTaste", t.pTaste());
    gen.writeNumberField("priceSensitivity", t.priceSensitivity());
    gen.writeNumberField("activity", t.activity());
    gen.writeNumberField("events", t.events());
    endLine();
  }

  private void optional(String field, String value) throws IOException {
    if (value != null) {
      gen.writeStringField(field, value);
    }
  }

  private void strings(String field, List<String> values) throws IOException {
    gen.writeArrayFieldStart(field);
    for (String v : values) {
      gen.writeString(v);
    }
    gen.writeEndArray();
  }

  private void endLine() throws IOException {
    gen.writeEndObject();
    gen.writeRaw('\n');
  }

  @Override
  public void close() throws IOException {
    gen.close();
    out.close();
  }
}
