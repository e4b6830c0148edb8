package dev.persona.data.importer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The file formats {@code persona import --format F} reads. Each format's reader documents its
 * mapping in full ({@code JsonlReader}, {@code MovieLens100kReader}, {@code MovieLensLatestReader},
 * {@code Rees46Reader}, {@code LastFmReader} in this package); in short:
 */
public enum Format {
  /**
   * JSON Lines in the API shapes; files named {@code items*} hold items, {@code users*} users, any
   * other name events (in a directory: {@code events*}).
   */
  JSONL("jsonl", JsonlReader::new),
  /**
   * MovieLens 100K: {@code u.data} to {@code rate} events, {@code u.item} to items with genres as
   * categories, {@code u.user} to users with age, gender, occupation, zip.
   */
  MOVIELENS_100K("movielens-100k", MovieLens100kReader::new),
  /**
   * MovieLens latest CSVs: {@code ratings.csv} to {@code rate} events, {@code movies.csv} to items
   * with genres as categories, {@code tags.csv} to item tags, {@code links.csv} to ids.
   */
  MOVIELENS_LATEST("movielens-latest", MovieLensLatestReader::new),
  /**
   * REES46 e-commerce CSV: view, cart, purchase, remove_from_cart rows to events with sessions;
   * products to items with category path, brand, price.
   */
  REES46("rees46", Rees46Reader::new),
  /**
   * HetRec 2011 Last.fm: play counts to {@code view} events (fixed time), artists to items whose
   * most used tags become tags and categories.
   */
  LASTFM_HETREC("lastfm-hetrec", LastFmReader::new);

  private final String formatName;
  private final Supplier<FormatReader> reader;

  Format(String formatName, Supplier<FormatReader> reader) {
    this.formatName = formatName;
    this.reader = reader;
  }

  /** The name on the command line, such as {@code movielens-100k}. */
  public String formatName() {
    return formatName;
  }

  FormatReader newReader() {
    return reader.get();
  }

  /** All format names, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Format::formatName).toList();
  }

  /**
   * The format called {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the known formats when there is none such
   */
  public static Format byName(String name) {
    for (Format f : values()) {
      if (f.formatName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown import format '" + name + "'; known formats: " + String.join(", ", names()));
  }

  @Override
  public String toString() {
    return formatName;
  }
}
