package dev.persona.data.importer;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code movielens-100k}: the GroupLens MovieLens 100K files, given as their directory or as single
 * files recognised by name.
 *
 * <ul>
 *   <li>{@code u.data} (tab-separated {@code user item rating unix-seconds}, no header): a {@code
 *       rate} event per line with the rating as {@code value}. The split files {@code u1.base} ..
 *       {@code u5.test}, {@code ua.*}, {@code ub.*} are read the same way when named explicitly; in
 *       a directory they are ignored, since {@code u.data} holds all their lines.
 *   <li>{@code u.item} ({@code |}-separated: id, title, release date {@code dd-Mon-yyyy}, video
 *       release date, IMDb URL, 19 genre flags; ISO-8859-1): an item per line, titled, with each
 *       flagged genre as a top-level category ({@code Action}, {@code Sci-Fi}; the genre {@code
 *       unknown} gives none), the release date as the attribute {@code releaseDate} ({@code
 *       1995-01-01}) when it parses and also as {@code createdAt} when it is not before 1970 (which
 *       {@code createdAt} cannot express), and {@code imdbUrl} as an attribute.
 *   <li>{@code u.user} ({@code id|age|gender|occupation|zip}): a user with attributes {@code age}
 *       (a number), {@code gender}, {@code occupation} and {@code zip}.
 *   <li>{@code u.genre} ({@code name|index}): the genre names; without it the 19 names of the
 *       published data set are used.
 * </ul>
 *
 * Other files in a directory ({@code README}, {@code u.info}, {@code u.occupation}) are ignored
 * with a note; an explicitly named file of another name is refused before the import starts.
 */
final class MovieLens100kReader implements FormatReader {
  static final List<String> GENRES =
      List.of(
          "unknown",
          "Action",
          "Adventure",
          "Animation",
          "Children's",
          "Comedy",
          "Crime",
          "Documentary",
          "Drama",
          "Fantasy",
          "Film-Noir",
          "Horror",
          "Musical",
          "Mystery",
          "Romance",
          "Sci-Fi",
          "Thriller",
          "War",
          "Western");

  private static final Pattern SPLIT_FILE = Pattern.compile("u([1-5]|a|b)\\.(base|test)");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final DateTimeFormatter RELEASE =
      DateTimeFormatter.ofPattern("dd-MMM-uuuu", Locale.ENGLISH);

  private List<String> genres = GENRES;

  @Override
  public List<Input> plan(List<Path> paths, ImportContext context) {
    List<Input> genre = new ArrayList<>();
    List<Input> items = new ArrayList<>();
    List<Input> users = new ArrayList<>();
    List<Input> ratings = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (InputFiles.Found f : InputFiles.expand(paths)) {
      String name = f.name();
      switch (name) {
        case "u.genre" -> genre.add(new Input(f.path(), "genres"));
        case "u.item" -> items.add(new Input(f.path(), "items"));
        case "u.user" -> users.add(new Input(f.path(), "users"));
        case "u.data" -> ratings.add(new Input(f.path(), "ratings"));
        default -> {
          if (f.explicit() && SPLIT_FILE.matcher(name).matches()) {
            ratings.add(new Input(f.path(), "ratings"));
          } else if (f.explicit()) {
            throw new IllegalArgumentException(
                "movielens-100k: cannot tell what '"
                    + f.path()
                    + "' holds; expected u.data, u.item, u.user, u.genre or a split file such as"
                    + " u1.base");
          } else {
            ignored.add(name);
          }
        }
      }
    }
    if (!ignored.isEmpty()) {
      context.noteIgnored(ignored, " (split files repeat u.data)");
    }
    List<Input> plan = new ArrayList<>(genre);
    plan.addAll(items);
    plan.addAll(users);
    plan.addAll(ratings);
    return plan;
  }

  @Override
  public void read(Input input, ImportContext context) throws IOException {
    switch (input.role()) {
      case "genres" -> readGenres(input, context);
      case "items" -> context.readLines(input, LineReader.Encoding.LATIN1, l -> item(l, context));
      case "users" -> context.readLines(input, LineReader.Encoding.LATIN1, l -> user(l, context));
      default -> context.readLines(input, LineReader.Encoding.LATIN1, l -> rating(l, context));
    }
  }

  private void readGenres(Input input, ImportContext context) throws IOException {
    Map<Integer, String> byIndex = new LinkedHashMap<>();
    context.readLines(
        input,
        LineReader.Encoding.LATIN1,
        line -> {
          String[] f = Fields.split(line, '|');
          Fields.expect(f, 2, line);
          int index = (int) Fields.integer(f[1], "genre index");
          if (index < 0 || index >= 1000) {
            throw new BadLine("genre index out of range", "genre index " + index);
          }
          byIndex.put(index, Fields.id(f[0], "genre name"));
        });
    List<String> names = new ArrayList<>();
    for (int i = 0; byIndex.containsKey(i); i++) {
      names.add(byIndex.get(i));
    }
    if (names.size() != byIndex.size() || names.isEmpty()) {
      context.note(
          "u.genre does not number its genres 0.."
              + (byIndex.size() - 1)
              + "; the published genre list is used");
    } else {
      genres = List.copyOf(names);
    }
  }

  private void item(String line, ImportContext context) {
    String[] f = Fields.split(line, '|');
    Fields.expect(f, 5 + genres.size(), line);
    String id = Fields.id(f[0], "movie id");
    List<String> categories = new ArrayList<>();
    for (int g = 0; g < genres.size(); g++) {
      String flag = f[5 + g].trim();
      if (flag.equals("1")) {
        if (!genres.get(g).equalsIgnoreCase("unknown")) {
          categories.add(genres.get(g).replace('/', '-'));
        }
      } else if (!flag.equals("0")) {
        throw new BadLine("bad genre flag", "genre flag is neither 0 nor 1: " + Fields.quote(flag));
      }
    }
    Long createdAt = null;
    Map<String, Object> attributes = new LinkedHashMap<>();
    String release = f[2].trim();
    if (!release.isEmpty()) {
      try {
        LocalDate date = LocalDate.parse(release, RELEASE);
        attributes.put("releaseDate", date.toString());
        long millis = date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // createdAt cannot precede 1970; older films keep only the releaseDate attribute.
        createdAt = millis >= 0 ? millis : null;
      } catch (DateTimeParseException unparseable) {
        // createdAt is optional: a date that does not parse is left out, the item kept.
      }
    }
    String url = f[4].trim();
    if (!url.isEmpty()) {
      attributes.put("imdbUrl", url);
    }
    String title = Fields.optional(f[1]);
    context.item(
        new Item(id, title, categories, null, null, List.of(), attributes, createdAt, true));
  }

  private static void user(String line, ImportContext context) {
    String[] f = Fields.split(line, '|');
    Fields.expect(f, 5, line);
    String id = Fields.id(f[0], "user id");
    Map<String, Object> attributes = new LinkedHashMap<>();
    String age = f[1].trim();
    if (!age.isEmpty()) {
      attributes.put("age", Fields.integer(age, "age"));
    }
    putIfPresent(attributes, "gender", f[2]);
    putIfPresent(attributes, "occupation", f[3]);
    putIfPresent(attributes, "zip", f[4]);
    context.user(new User(id, attributes, Map.of()));
  }

  private static void putIfPresent(Map<String, Object> map, String key, String value) {
    String v = Fields.optional(value);
    if (v != null) {
      map.put(key, v);
    }
  }

  private static void rating(String line, ImportContext context) {
    String[] f = Fields.split(line, '\t');
    if (f.length == 1) {
      f = WHITESPACE.split(line.trim());
    }
    Fields.expect(f, 4, line);
    String user = Fields.id(f[0], "user id");
    String item = Fields.id(f[1], "item id");
    double rating = Fields.number(f[2], "rating");
    long timestamp = Fields.unixSeconds(f[3]);
    context.event(
        new Event(
            context.eventId(line),
            "rate",
            user,
            item,
            timestamp,
            rating,
            null,
            null,
            null,
            null,
            null));
  }
}
