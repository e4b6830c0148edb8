package dev.persona.data.importer;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code movielens-latest}: the CSV files of the GroupLens "latest" MovieLens releases
 * (ml-latest-small, ml-latest, ml-25m, ml-32m), given as their directory or as single files
 * recognised by name. UTF-8, RFC 4180 quoting (titles contain commas and quotes), a header row (a
 * file without one is read with the published column order, and a note says so).
 *
 * <ul>
 *   <li>{@code ratings.csv} ({@code userId,movieId,rating,timestamp}): a {@code rate} event per
 *       line with the rating as {@code value} and the unix-seconds timestamp.
 *   <li>{@code movies.csv} ({@code movieId,title,genres}): an item per line, titled, with each
 *       {@code |}-separated genre as a top-level category ({@code (no genres listed)} gives none),
 *       the year in the title's trailing parentheses as the attribute {@code year}, and the tags
 *       and links below.
 *   <li>{@code tags.csv} ({@code userId,movieId,tag,timestamp}): counted per movie
 *       (case-insensitively); the movie's {@value #MAX_TAGS} most used tags become its item {@code
 *       tags}. Tags only enrich movies, so they need {@code movies.csv} in the same import.
 *   <li>{@code links.csv} ({@code movieId,imdbId,tmdbId}): the attributes {@code imdbId} and {@code
 *       tmdbId} of the movie's item.
 * </ul>
 *
 * Files are read in the order links, tags, movies, ratings, so that every movie is emitted once,
 * complete, and before the ratings.
 */
final class MovieLensLatestReader implements FormatReader {
  static final int MAX_TAGS = 20;
  private static final Pattern YEAR = Pattern.compile("\\((\\d{4})\\)\\s*$");
  private static final Map<String, String> HEADERS =
      Map.of(
          "links", "movieId,imdbId,tmdbId",
          "tags", "userId,movieId,tag,timestamp",
          "items", "movieId,title,genres",
          "ratings", "userId,movieId,rating,timestamp");
  private static final List<String> ORDER = List.of("links", "tags", "items", "ratings");

  private final TagTally tags = new TagTally();
  private final Map<String, Map<String, Object>> links = new HashMap<>();
  private boolean readMovies;

  @Override
  public List<Input> plan(List<Path> paths, ImportContext context) {
    Map<String, List<Input>> byRole = new HashMap<>();
    List<String> ignored = new ArrayList<>();
    for (InputFiles.Found f : InputFiles.expand(paths)) {
      String role =
          switch (f.name().toLowerCase(Locale.ROOT)) {
            case "ratings.csv" -> "ratings";
            case "movies.csv" -> "items";
            case "tags.csv" -> "tags";
            case "links.csv" -> "links";
            default -> null;
          };
      if (role != null) {
        byRole.computeIfAbsent(role, k -> new ArrayList<>()).add(new Input(f.path(), role));
      } else if (f.explicit()) {
        throw new IllegalArgumentException(
            "movielens-latest: cannot tell what '"
                + f.path()
                + "' holds; expected ratings.csv, movies.csv, tags.csv or links.csv");
      } else {
        ignored.add(f.name());
      }
    }
    if (!ignored.isEmpty()) {
      context.noteIgnored(ignored, "");
    }
    boolean hasMovies = byRole.containsKey("items");
    for (String role : List.of("tags", "links")) {
      if (byRole.containsKey(role) && !hasMovies) {
        context.note(
            role + ".csv not imported: it only enriches movie items, and no movies.csv was given");
        byRole.remove(role);
      }
    }
    List<Input> plan = new ArrayList<>();
    ORDER.forEach(role -> plan.addAll(byRole.getOrDefault(role, List.of())));
    return plan;
  }

  @Override
  public void read(Input input, ImportContext context) throws IOException {
    String role = input.role();
    String header = HEADERS.get(role);
    int columns = header.split(",").length;
    context.readLines(
        input,
        LineReader.Encoding.UTF8_OR_LATIN1,
        line -> {
          if (context.lineNumber() == 1) {
            if (isHeader(line, header)) {
              context.skip();
              return;
            }
            context.note(
                input.path().getFileName() + " has no header row; columns read as " + header);
          }
          String[] f = Fields.csv(line);
          Fields.expect(f, columns, line);
          switch (role) {
            case "links" -> link(f);
            case "tags" -> tag(f);
            case "items" -> movie(f, context);
            default -> rating(f, line, context);
          }
        });
    if (role.equals("items")) {
      readMovies = true;
    }
  }

  private static boolean isHeader(String line, String header) {
    String first = header.substring(0, header.indexOf(','));
    return line.strip().toLowerCase(Locale.ROOT).startsWith(first.toLowerCase(Locale.ROOT) + ",");
  }

  private void link(String[] f) {
    String movie = Fields.id(f[0], "movieId");
    Map<String, Object> attributes = new LinkedHashMap<>();
    String imdb = Fields.optional(f[1]);
    String tmdb = Fields.optional(f[2]);
    if (imdb != null) {
      attributes.put("imdbId", imdb);
    }
    if (tmdb != null) {
      attributes.put("tmdbId", tmdb);
    }
    links.put(movie, attributes);
  }

  private void tag(String[] f) {
    Fields.id(f[0], "userId");
    String movie = Fields.id(f[1], "movieId");
    Fields.unixSeconds(f[3]);
    if (!tags.add(movie, f[2])) {
      throw new BadLine("unusable tag", "tag is empty, too long or has control characters");
    }
  }

  private void movie(String[] f, ImportContext context) {
    String id = Fields.id(f[0], "movieId");
    String title = Fields.optional(f[1]);
    List<String> categories = new ArrayList<>();
    String genres = f[2].trim();
    if (!genres.isEmpty() && !genres.equals("(no genres listed)")) {
      for (String g : Fields.split(genres, '|')) {
        String genre = g.trim().replace('/', '-');
        if (!genre.isEmpty() && !categories.contains(genre)) {
          categories.add(genre);
        }
      }
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (title != null) {
      Matcher m = YEAR.matcher(title);
      if (m.find()) {
        attributes.put("year", Long.parseLong(m.group(1)));
      }
    }
    attributes.putAll(links.getOrDefault(id, Map.of()));
    context.item(
        new Item(
            id, title, categories, null, null, tags.top(id, MAX_TAGS), attributes, null, true));
  }

  private static void rating(String[] f, String line, ImportContext context) {
    String user = Fields.id(f[0], "userId");
    String movie = Fields.id(f[1], "movieId");
    double rating = Fields.number(f[2], "rating");
    long timestamp = Fields.unixSeconds(f[3]);
    context.event(
        new Event(
            context.eventId(line),
            "rate",
            user,
            movie,
            timestamp,
            rating,
            null,
            null,
            null,
            null,
            null));
  }

  @Override
  public void finish(ImportContext context) {
    if (readMovies && !tags.isEmpty()) {
      context.note("tags attached to the items of " + tags.items() + " movie(s)");
    }
  }
}
