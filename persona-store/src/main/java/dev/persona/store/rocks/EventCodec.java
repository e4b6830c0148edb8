package dev.persona.store.rocks;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Event;
import dev.persona.core.store.StoreException;
import dev.persona.core.store.StoredEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary form of a stored event: compact and quick to write on the ingestion path. Layout
 * (version 1): version byte, receivedAt, timestamp, a presence bitmask, then each present optional
 * field in declaration order; context as a count and key/value pairs; properties as JSON.
 */
final class EventCodec {
  private static final int VERSION = 1;
  private static final int HAS_ID = 1;
  private static final int HAS_ITEM = 1 << 1;
  private static final int HAS_VALUE = 1 << 2;
  private static final int HAS_SESSION = 1 << 3;
  private static final int HAS_QUERY = 1 << 4;
  private static final int HAS_TEXT = 1 << 5;
  private static final int HAS_CONTEXT = 1 << 6;
  private static final int HAS_PROPERTIES = 1 << 7;

  private EventCodec() {}

  static byte[] encode(Event e, long receivedAt, ByteWriter out) {
    out.reset();
    out.writeByte(VERSION);
    out.writeLong(receivedAt);
    out.writeLong(e.timestamp());
    int flags =
        (e.id() != null ? HAS_ID : 0)
            | (e.itemId() != null ? HAS_ITEM : 0)
            | (e.value() != null ? HAS_VALUE : 0)
            | (e.sessionId() != null ? HAS_SESSION : 0)
            | (e.query() != null ? HAS_QUERY : 0)
            | (e.text() != null ? HAS_TEXT : 0)
            | (!e.context().isEmpty() ? HAS_CONTEXT : 0)
            | (!e.properties().isEmpty() ? HAS_PROPERTIES : 0);
    out.writeByte(flags);
    out.writeString(e.type());
    out.writeString(e.userId());
    if (e.id() != null) {
      out.writeString(e.id());
    }
    if (e.itemId() != null) {
      out.writeString(e.itemId());
    }
    if (e.value() != null) {
      out.writeLong(Double.doubleToRawLongBits(e.value()));
    }
    if (e.sessionId() != null) {
      out.writeString(e.sessionId());
    }
    if (e.query() != null) {
      out.writeString(e.query());
    }
    if (e.text() != null) {
      out.writeString(e.text());
    }
    if (!e.context().isEmpty()) {
      out.writeVarInt(e.context().size());
      for (Map.Entry<String, String> entry : e.context().entrySet()) {
        out.writeString(entry.getKey());
        out.writeString(entry.getValue());
      }
    }
    if (!e.properties().isEmpty()) {
      try {
        out.writeBytes(Wire.mapper().writeValueAsBytes(e.properties()));
      } catch (JsonProcessingException ex) {
        throw new StoreException("cannot encode properties of event " + e.id(), ex);
      }
    }
    return out.toArray();
  }

  /** The fields the store's indexes need, read without decoding the rest of the event. */
  record Head(String type, String userId, String id) {}

  static Head head(byte[] bytes) {
    ByteReader in = new ByteReader(bytes);
    in.readByte();
    in.readLong();
    in.readLong();
    int flags = in.readByte();
    String type = in.readString();
    String userId = in.readString();
    String id = (flags & HAS_ID) != 0 ? in.readString() : null;
    return new Head(type, userId, id);
  }

  static StoredEvent decode(long sequence, byte[] bytes) {
    ByteReader in = new ByteReader(bytes);
    int version = in.readByte();
    if (version != VERSION) {
      throw new StoreException(
          "event " + sequence + " has encoding version " + version + ", expected " + VERSION);
    }
    long receivedAt = in.readLong();
    long timestamp = in.readLong();
    int flags = in.readByte();
    String type = in.readString();
    String userId = in.readString();
    String id = (flags & HAS_ID) != 0 ? in.readString() : null;
    String itemId = (flags & HAS_ITEM) != 0 ? in.readString() : null;
    Double value = (flags & HAS_VALUE) != 0 ? Double.longBitsToDouble(in.readLong()) : null;
    String sessionId = (flags & HAS_SESSION) != 0 ? in.readString() : null;
    String query = (flags & HAS_QUERY) != 0 ? in.readString() : null;
    String text = (flags & HAS_TEXT) != 0 ? in.readString() : null;
    Map<String, String> context = Map.of();
    if ((flags & HAS_CONTEXT) != 0) {
      int n = in.readVarInt();
      Map<String, String> map = new LinkedHashMap<>(n * 2);
      for (int i = 0; i < n; i++) {
        map.put(in.readString(), in.readString());
      }
      context = map;
    }
    Map<String, Object> properties = Map.of();
    if ((flags & HAS_PROPERTIES) != 0) {
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> map =
            (Map<String, Object>) Wire.toJava(Wire.mapper().readTree(in.readBytes()));
        properties = map;
      } catch (IOException ex) {
        throw new StoreException("cannot decode properties of event " + sequence, ex);
      }
    }
    Event event =
        new Event(
            id,
            type,
            userId,
            itemId,
            timestamp,
            value,
            sessionId,
            query,
            text,
            context,
            properties);
    return new StoredEvent(sequence, receivedAt, event);
  }
}
