package dev.persona.data.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.core.json.ModelJson;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Event;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code jsonl}: JSON Lines, one object per line, in the shapes of API.md, read with {@link
 * ModelJson}.
 *
 * <p><b>What a file holds is decided by its file name</b> (case-insensitive): a name starting with
 * {@code items} holds items (for example {@code items.jsonl}, {@code items-2026.jsonl}), a name
 * starting with {@code users} holds users, and every other file holds events. Item files are read
 * first, then user files, then event files, each group in the order given. A directory stands for
 * its files whose names start with {@code items}, {@code users} or {@code events} and end in {@code
 * .jsonl}, {@code .ndjson} or {@code .json}; other files there (such as a generated shop's {@code
 * truth.jsonl} and {@code shop.json}) are left alone.
 *
 * <p>An event with an {@code id} keeps it; one without gets {@code jsonl:<hash of the line>#<n>}.
 * An event without a {@code timestamp} gets the time the import started, as the HTTP API would give
 * it the time of arrival. Text is UTF-8 (a line that is not valid UTF-8 is read as ISO-8859-1).
 */
final class JsonlReader implements FormatReader {
  private final long startedAt = System.currentTimeMillis();

  @Override
  public List<Input> plan(List<Path> paths, ImportContext context) {
    List<Input> items = new ArrayList<>();
    List<Input> users = new ArrayList<>();
    List<Input> events = new ArrayList<>();
    for (InputFiles.Found f : InputFiles.expand(paths)) {
      String name = f.name().toLowerCase(Locale.ROOT);
      boolean json = name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
      boolean known =
          name.startsWith("items") || name.startsWith("users") || name.startsWith("events");
      if (!f.explicit() && !(json && known)) {
        continue; // truth.jsonl, shop.json and other files beside the data
      }
      if (name.startsWith("items")) {
        items.add(new Input(f.path(), "items"));
      } else if (name.startsWith("users")) {
        users.add(new Input(f.path(), "users"));
      } else {
        events.add(new Input(f.path(), "events"));
      }
    }
    List<Input> plan = new ArrayList<>(items);
    plan.addAll(users);
    plan.addAll(events);
    return plan;
  }

  @Override
  public void read(Input input, ImportContext context) throws IOException {
    String role = input.role();
    context.readLines(
        input,
        LineReader.Encoding.UTF8_OR_LATIN1,
        line -> {
          JsonNode node = parse(line);
          switch (role) {
            case "items" -> context.item(ModelJson.readItem(node, null));
            case "users" -> context.user(ModelJson.readUser(node, null));
            default -> {
              Event e = ModelJson.readEvent(node, () -> startedAt);
              if (e.id() == null) {
                e = withId(e, context.eventId(line));
              }
              context.event(e);
            }
          }
        });
  }

  private static JsonNode parse(String line) {
    try {
      return Wire.mapper().readTree(line);
    } catch (JsonProcessingException e) {
      String message = e.getOriginalMessage();
      throw new BadLine(
          "invalid JSON", message == null ? "unparseable" : message.lines().findFirst().orElse(""));
    }
  }

  static Event withId(Event e, String id) {
    return new Event(
        id,
        e.type(),
        e.userId(),
        e.itemId(),
        e.timestamp(),
        e.value(),
        e.sessionId(),
        e.query(),
        e.text(),
        e.context(),
        e.properties());
  }
}
