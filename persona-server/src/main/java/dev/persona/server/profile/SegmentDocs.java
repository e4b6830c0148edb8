package dev.persona.server.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.json.Wire;
import dev.persona.profile.live.Segments;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Segment definitions as stored documents: small JSON objects. */
final class SegmentDocs {
  private SegmentDocs() {}

  static byte[] write(Segments.Definition d) {
    ObjectNode node = Wire.object();
    node.put("name", d.name());
    node.put("rule", d.rule());
    if (d.description() != null) {
      node.put("description", d.description());
    }
    node.put("createdAt", d.createdAt());
    node.put("updatedAt", d.updatedAt());
    try {
      return Wire.mapper().writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Segments.Definition read(byte[] bytes) {
    try {
      JsonNode n = Wire.mapper().readTree(bytes);
      return new Segments.Definition(
          n.path("name").asText(),
          n.path("rule").asText(),
          n.hasNonNull("description") ? n.get("description").asText() : null,
          n.path("createdAt").asLong(),
          n.path("updatedAt").asLong());
    } catch (IOException e) {
      throw new UncheckedIOException("a stored segment definition is not JSON", e);
    }
  }
}
