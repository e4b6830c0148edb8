package dev.persona.data.importer;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code lastfm-hetrec}: the HetRec 2011 Last.fm data set (hetrec2011-lastfm-2k), given as its
 * directory or as single files recognised by name. Tab-separated, one header row (a file without
 * one is read in the published column order, with a note), CRLF or LF line endings.
 *
 * <ul>
 *   <li>{@code user_artists.dat} ({@code userID artistID weight}): a {@code view} event per line
 *       with the play count as {@code value}. <b>The data has no times</b>, so every event gets the
 *       fixed timestamp {@link #TIMESTAMP} (2011-05-01T00:00:00Z, the data set's release).
 *   <li>{@code artists.dat} ({@code id name url pictureURL}, UTF-8): an item per artist titled with
 *       the name, with the attributes {@code url} and {@code pictureUrl}.
 *   <li>{@code tags.dat} ({@code tagID tagValue}; its non-ASCII bytes are ISO-8859-1, read so) and
 *       {@code user_taggedartists.dat} ({@code userID artistID tagID day month year}, or the {@code
 *       -timestamps} variant with one {@code timestamp} column): each artist's most used tags
 *       become its item's {@code tags} (the top {@value #TAGS}) and {@code categories} (the top
 *       {@value #CATEGORIES}, with {@code /} replaced by {@code -}); ties go to the tag used first.
 *       They need {@code artists.dat} in the same import.
 *   <li>{@code user_friends.dat} is not imported (the data model has no social graph).
 * </ul>
 */
final class LastFmReader implements FormatReader {
  /** The timestamp of every event: 2011-05-01T00:00:00Z, when HetRec 2011 was published. */
  static final long TIMESTAMP = Instant.parse("2011-05-01T00:00:00Z").toEpochMilli();

  static final int TAGS = 10;
  static final int CATEGORIES = 3;

  private static final List<String> ORDER = List.of("tags", "tagging", "items", "events");

  private final Map<String, String> tagNames = new HashMap<>();
  private final TagTally tally = new TagTally();

  @Override
  public List<Input> plan(List<Path> paths, ImportContext context) {
    Map<String, List<Input>> byRole = new HashMap<>();
    List<String> ignored = new ArrayList<>();
    for (InputFiles.Found f : InputFiles.expand(paths)) {
      String role =
          switch (f.name().toLowerCase(Locale.ROOT)) {
            case "user_artists.dat" -> "events";
            case "artists.dat" -> "items";
            case "tags.dat" -> "tags";
            case "user_taggedartists.dat", "user_taggedartists-timestamps.dat" -> "tagging";
            default -> null;
          };
      if (role != null) {
        byRole.computeIfAbsent(role, k -> new ArrayList<>()).add(new Input(f.path(), role));
      } else if (f.explicit() && !f.name().equalsIgnoreCase("user_friends.dat")) {
        throw new IllegalArgumentException(
            "lastfm-hetrec: cannot tell what '"
                + f.path()
                + "' holds; expected user_artists.dat, artists.dat, tags.dat or"
                + " user_taggedartists.dat");
      } else {
        ignored.add(f.name());
      }
    }
    if (!ignored.isEmpty()) {
      context.noteIgnored(ignored, "");
    }
    if (byRole.containsKey("tagging") && !byRole.containsKey("tags")) {
      context.note("user_taggedartists.dat not imported: it needs tags.dat for the tag names");
      byRole.remove("tagging");
    }
    if (!byRole.containsKey("items")) {
      for (String role : List.of("tags", "tagging")) {
        if (byRole.remove(role) != null) {
          context.note(role + " files not imported: tags only describe artists.dat's items");
        }
      }
    }
    if (byRole.containsKey("tags") && !byRole.containsKey("tagging")) {
      byRole.remove("tags");
    }
    List<Input> plan = new ArrayList<>();
    ORDER.forEach(role -> plan.addAll(byRole.getOrDefault(role, List.of())));
    return plan;
  }

  @Override
  public void read(Input input, ImportContext context) throws IOException {
    String role = input.role();
    context.readLines(
        input,
        LineReader.Encoding.UTF8_OR_LATIN1,
        line -> {
          if (context.lineNumber() == 1) {
            String lower = line.strip().toLowerCase(Locale.ROOT);
            if (lower.startsWith("userid")
                || lower.startsWith("id\t")
                || lower.startsWith("tagid")) {
              context.skip();
              return;
            }
            context.note(input.path().getFileName() + " has no header row");
          }
          String[] f = Fields.split(line, '\t');
          switch (role) {
            case "tags" -> tagName(f, line);
            case "tagging" -> tagging(f, line);
            case "items" -> artist(f, line, context);
            default -> listening(f, line, context);
          }
        });
  }

  private void tagName(String[] f, String line) {
    Fields.expect(f, 2, line);
    tagNames.put(Fields.id(f[0], "tagID"), f[1]);
  }

  private void tagging(String[] f, String line) {
    if (f.length != 4) {
      Fields.expect(f, 6, line);
    }
    Fields.id(f[0], "userID");
    String artist = Fields.id(f[1], "artistID");
    String tagId = Fields.id(f[2], "tagID");
    for (int i = 3; i < f.length; i++) {
      Fields.integer(f[i], f.length == 4 ? "timestamp" : "date");
    }
    String name = tagNames.get(tagId);
    if (name == null) {
      throw new BadLine("unknown tagID", "tagID " + tagId + " is not in tags.dat");
    }
    if (!tally.add(artist, name)) {
      throw new BadLine("unusable tag", "tag " + tagId + " is empty, too long or has controls");
    }
  }

  private void artist(String[] f, String line, ImportContext context) {
    if (f.length != 3) {
      Fields.expect(f, 4, line);
    }
    String id = Fields.id(f[0], "artist id");
    Map<String, Object> attributes = new LinkedHashMap<>();
    String url = Fields.optional(f[2]);
    if (url != null) {
      attributes.put("url", url);
    }
    if (f.length == 4 && Fields.optional(f[3]) != null) {
      attributes.put("pictureUrl", f[3].strip());
    }
    List<String> categories = new ArrayList<>();
    for (String tag : tally.top(id, CATEGORIES)) {
      String category = tag.replace('/', '-');
      if (!categories.contains(category)) {
        categories.add(category);
      }
    }
    context.item(
        new Item(
            id,
            Fields.optional(f[1]),
            categories,
            null,
            null,
            tally.top(id, TAGS),
            attributes,
            null,
            true));
  }

  private static void listening(String[] f, String line, ImportContext context) {
    Fields.expect(f, 3, line);
    String user = Fields.id(f[0], "userID");
    String artist = Fields.id(f[1], "artistID");
    double weight = Fields.number(f[2], "weight");
    context.event(
        new Event(
            context.eventId(line),
            "view",
            user,
            artist,
            TIMESTAMP,
            weight,
            null,
            null,
            null,
            null,
            null));
  }
}
