package dev.persona.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real data sets of {@code ../shared/data}, read straight from their upstream files (each
 * folder's {@code DATASET.md} documents the columns). None is copied into the repository.
 *
 * <ul>
 *   <li>{@code ml100k}: MovieLens 100K {@code u.data}, ratings 1-5, relevant from 4; given split:
 *       the official {@code u1.base} / {@code u1.test}.
 *   <li>{@code mlsmall}: MovieLens latest-small {@code ratings.csv}, ratings 0.5-5, relevant from
 *       4.
 *   <li>{@code ml1m}: MovieLens 1M implicit, the given {@code train.txt} / {@code test.txt} (no
 *       time: only the given, random and strong protocols apply).
 *   <li>{@code lastfm}: Last.fm HetRec 2011 {@code user_artists.dat}, play counts (no time); given
 *       split: the 80/10/10 cut of BASELINES.md when {@code persona-bench/scripts/lastfm_split.py}
 *       has written it (see {@link #LASTFM_SPLIT}).
 *   <li>{@code rees46}: the REES46 October 2019 head, every view, cart and purchase row with a
 *       user.
 *   <li>{@code diginetica}: the DIGINETICA sample, item views; each session is a "user".
 * </ul>
 */
public final class DataSets {
  /** Where {@code lastfm_split.py} writes the BASELINES cut (system property to move it). */
  public static final String LASTFM_SPLIT = "persona.eval.lastfmSplit";

  /** The names {@link #load} knows, in the order the comparison runs them. */
  public static final List<String> NAMES =
      List.of("ml100k", "mlsmall", "ml1m", "lastfm", "rees46", "diginetica");

  private DataSets() {}

  /** The folder of {@code dataDir} that a data set reads. */
  public static Path folder(String name, Path dataDir) {
    return dataDir.resolve(
        switch (name) {
          case "ml100k" -> "movielens-100k";
          case "mlsmall" -> "movielens-latest-small";
          case "ml1m" -> "movielens-1m-implicit";
          case "lastfm" -> "lastfm-hetrec2011-2k";
          case "rees46" -> "ecommerce-rees46-2019oct-head";
          case "diginetica" -> "ecommerce-diginetica-sample";
          default -> throw unknown(name);
        });
  }

  /** Whether the data set's files are present under {@code dataDir}. */
  public static boolean available(String name, Path dataDir) {
    return Files.isDirectory(folder(name, dataDir));
  }

  /**
   * Reads a data set.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones) or a missing
   *     folder (naming it)
   */
  public static DataSet load(String name, Path dataDir) {
    Path dir = folder(name, dataDir);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "data set " + name + ": no folder " + dir + " (see ../shared/data/INDEX.md)");
    }
    try {
      return switch (name) {
        case "ml100k" -> ml100k(dir);
        case "mlsmall" -> mlsmall(dir);
        case "ml1m" -> ml1m(dir);
        case "lastfm" -> lastfm(dir);
        case "rees46" -> rees46(dir);
        case "diginetica" -> diginetica(dir);
        default -> throw unknown(name);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("data set " + name + ": " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "unknown data set '" + name + "'; known: " + String.join(", ", NAMES));
  }

  private static DataSet ml100k(Path dir) throws IOException {
    List<Interaction> all = tabbed(dir.resolve("u.data"));
    DataSet.Given u1 =
        new DataSet.Given(
            "u1", tabbed(dir.resolve("u1.base")), null, tabbed(dir.resolve("u1.test")));
    return new DataSet("ml100k", describe("MovieLens 100K ratings", all), all, 4, true, u1);
  }

  private static List<Interaction> tabbed(Path file) throws IOException {
    List<Interaction> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      String[] f = line.split("\t");
      if (f.length >= 4) {
        out.add(new Interaction(f[0], f[1], Long.parseLong(f[3]) * 1000, Double.parseDouble(f[2])));
      }
    }
    out.sort(Comparator.comparingLong(Interaction::time));
    return out;
  }

  private static DataSet mlsmall(Path dir) throws IOException {
    List<Interaction> all = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("ratings.csv"));
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (f.length >= 4) {
        all.add(new Interaction(f[0], f[1], Long.parseLong(f[3]) * 1000, Double.parseDouble(f[2])));
      }
    }
    all.sort(Comparator.comparingLong(Interaction::time));
    return new DataSet(
        "mlsmall", describe("MovieLens latest-small ratings", all), all, 4, true, null);
  }

  private static DataSet ml1m(Path dir) throws IOException {
    List<Interaction> train = lists(dir.resolve("train.txt"), 0);
    List<Interaction> test = lists(dir.resolve("test.txt"), train.size());
    List<Interaction> all = new ArrayList<>(train);
    all.addAll(test);
    return new DataSet(
        "ml1m",
        describe("MovieLens 1M implicit pairs", all),
        all,
        Double.NEGATIVE_INFINITY,
        false,
        new DataSet.Given("train.txt/test.txt", train, null, test));
  }

  /** Lines of a user followed by their items; time is the position. */
  private static List<Interaction> lists(Path file, long first) throws IOException {
    List<Interaction> out = new ArrayList<>();
    long t = first;
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split("\\s+");
      for (int i = 1; i < f.length; i++) {
        out.add(new Interaction(f[0], f[i], t++, 1));
      }
    }
    return out;
  }

  private static DataSet lastfm(Path dir) throws IOException {
    List<Interaction> all = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("user_artists.dat"));
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).trim().split("\t");
      if (f.length >= 3) {
        all.add(new Interaction(f[0], f[1], i, Double.parseDouble(f[2])));
      }
    }
    Path split = Path.of(System.getProperty(LASTFM_SPLIT, "persona-bench/target/lastfm-split"));
    DataSet.Given given = null;
    if (Files.exists(split.resolve("train.tsv"))) {
      given =
          new DataSet.Given(
              "BASELINES 80/10/10",
              pairs(split.resolve("train.tsv")),
              pairs(split.resolve("validation.tsv")),
              pairs(split.resolve("test.tsv")));
    }
    return new DataSet(
        "lastfm",
        describe("Last.fm HetRec user-artist pairs", all),
        all,
        Double.NEGATIVE_INFINITY,
        false,
        given);
  }

  /** Tab-separated user, item lines; time is the position. */
  private static List<Interaction> pairs(Path file) throws IOException {
    List<Interaction> out = new ArrayList<>();
    long t = 0;
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      if (f.length >= 2) {
        out.add(new Interaction(f[0], f[1], t++, 1));
      }
    }
    return out;
  }

  private static final DateTimeFormatter REES46_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

  private static DataSet rees46(Path dir) throws IOException {
    Path file;
    try (var files = Files.list(dir)) {
      file =
          files
              .filter(p -> p.getFileName().toString().endsWith(".csv"))
              .sorted(Comparator.comparingLong(DataSets::size).reversed())
              .findFirst()
              .orElseThrow(() -> new IOException("no .csv file in " + dir));
    }
    List<Interaction> all = new ArrayList<>();
    long order = 0;
    for (String line : Files.readAllLines(file)) {
      String[] f = line.strip().split(",", -1);
      if (f.length < 9 || f[0].equals("event_time") || f[7].isEmpty() || f[2].isEmpty()) {
        continue; // the header, and the partial last line
      }
      if (!f[1].equals("view") && !f[1].equals("cart") && !f[1].equals("purchase")) {
        continue;
      }
      long t;
      try {
        t = LocalDateTime.parse(f[0], REES46_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        continue;
      }
      // same-second events keep their file order
      all.add(new Interaction(f[7], f[2], t + (order++ % 1000), 1));
    }
    all.sort(Comparator.comparingLong(Interaction::time));
    return new DataSet(
        "rees46",
        describe("REES46 head view/cart/purchase events", all),
        all,
        Double.NEGATIVE_INFINITY,
        true,
        null);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static DataSet diginetica(Path dir) throws IOException {
    List<Interaction> all = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("sample_train-item-views.csv"));
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(";");
      if (f.length >= 5) {
        long day =
            LocalDate.parse(f[4].strip()).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        all.add(new Interaction("s" + f[0], f[2], day + Long.parseLong(f[3]), 1));
      }
    }
    all.sort(Comparator.comparingLong(Interaction::time));
    return new DataSet(
        "diginetica",
        describe("DIGINETICA sample item views (sessions as users)", all),
        all,
        Double.NEGATIVE_INFINITY,
        true,
        null);
  }

  private static String describe(String what, List<Interaction> all) {
    Map<String, Boolean> users = new LinkedHashMap<>();
    Map<String, Boolean> items = new LinkedHashMap<>();
    for (Interaction i : all) {
      users.put(i.user(), true);
      items.put(i.item(), true);
    }
    return String.format(
        java.util.Locale.ROOT,
        "%s: %,d interactions, %,d users, %,d items",
        what,
        all.size(),
        users.size(),
        items.size());
  }
}
