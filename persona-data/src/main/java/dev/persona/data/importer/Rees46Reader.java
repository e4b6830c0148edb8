package dev.persona.data.importer;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code rees46}: the event CSV of the Kaggle data sets "eCommerce behavior data from multi
 * category store" and "... from multi category store / cosmetics shop" (REES46 / Open CDP), with
 * the header {@code event_time,event_type,product_id,category_id,category_code,brand,price,user_id,
 * user_session}. Columns are found by the header's names; a file without a header is read in that
 * order (with a note). A directory stands for its {@code .csv} files.
 *
 * <ul>
 *   <li>{@code event_time} {@code 2019-10-01 00:00:00 UTC} (UTC; the suffix may be missing): the
 *       timestamp.
 *   <li>{@code event_type} {@code view}, {@code cart}, {@code purchase}, {@code remove_from_cart}:
 *       the types {@code view}, {@code cart}, {@code purchase}, {@code remove_cart}. A purchase's
 *       {@code value} is the row's price (the amount; the data has no quantities).
 *   <li>{@code user_id}, {@code product_id}, {@code user_session}: the event's user, item and
 *       session.
 *   <li>Each product becomes an item the first time it appears, and is upserted again whenever a
 *       later row changes its category, brand or price (the latest row wins): {@code category_code}
 *       {@code electronics.smartphone} as the category {@code electronics/smartphone}, {@code
 *       brand}, {@code price}, and {@code category_id} as the attribute {@code categoryId} (a
 *       string: the ids exceed what JSON numbers hold exactly in JavaScript).
 * </ul>
 *
 * A row without the header's number of fields (such as a last line cut short) is rejected.
 */
final class Rees46Reader implements FormatReader {
  static final List<String> COLUMNS =
      List.of(
          "event_time",
          "event_type",
          "product_id",
          "category_id",
          "category_code",
          "brand",
          "price",
          "user_id",
          "user_session");
  private static final List<String> REQUIRED =
      List.of("event_time", "event_type", "product_id", "user_id");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private final Map<String, ItemState> products = new HashMap<>();

  private record ItemState(String categoryCode, String categoryId, String brand, Double price) {}

  /** Column positions of one file. */
  private static final class Layout {
    final int columns;
    final int time;
    final int type;
    final int product;
    final int categoryId;
    final int categoryCode;
    final int brand;
    final int price;
    final int user;
    final int session;
    final List<String> missing;

    Layout(List<String> header) {
      columns = header.size();
      time = header.indexOf("event_time");
      type = header.indexOf("event_type");
      product = header.indexOf("product_id");
      categoryId = header.indexOf("category_id");
      categoryCode = header.indexOf("category_code");
      brand = header.indexOf("brand");
      price = header.indexOf("price");
      user = header.indexOf("user_id");
      session = header.indexOf("user_session");
      missing = REQUIRED.stream().filter(c -> !header.contains(c)).toList();
    }
  }

  @Override
  public List<Input> plan(List<Path> paths, ImportContext context) {
    List<Input> plan = new ArrayList<>();
    for (InputFiles.Found f : InputFiles.expand(paths)) {
      if (f.explicit() || f.name().toLowerCase(Locale.ROOT).endsWith(".csv")) {
        plan.add(new Input(f.path(), "events"));
      }
    }
    return plan;
  }

  @Override
  public void read(Input input, ImportContext context) throws IOException {
    Layout[] layout = {new Layout(COLUMNS)};
    context.readLines(
        input,
        LineReader.Encoding.UTF8_OR_LATIN1,
        line -> {
          if (context.lineNumber() == 1) {
            if (line.strip().toLowerCase(Locale.ROOT).startsWith("event_time")) {
              List<String> header = new ArrayList<>();
              for (String name : Fields.csv(line)) {
                header.add(name.strip().toLowerCase(Locale.ROOT));
              }
              layout[0] = new Layout(header);
              if (!layout[0].missing.isEmpty()) {
                context.note(
                    input.path().getFileName()
                        + ": the header lacks "
                        + layout[0].missing
                        + "; its rows are rejected");
              }
              context.skip();
              return;
            }
            context.note(
                input.path().getFileName()
                    + " has no header row; columns read as "
                    + String.join(",", COLUMNS));
          }
          row(line, layout[0], context);
        });
  }

  private void row(String line, Layout l, ImportContext context) {
    if (!l.missing.isEmpty()) {
      throw new BadLine("header lacks required columns", "missing columns " + l.missing);
    }
    String[] f = Fields.csv(line);
    Fields.expect(f, l.columns, line);
    long timestamp = time(f[l.time]);
    String type = type(f[l.type]);
    String product = Fields.id(f[l.product], "product_id");
    String user = Fields.id(f[l.user], "user_id");
    String session = l.session < 0 ? null : Fields.optional(f[l.session]);
    Double price = null;
    if (l.price >= 0 && !f[l.price].isBlank()) {
      price = Fields.number(f[l.price], "price");
      if (price < 0) {
        throw new BadLine("negative price", "price " + price);
      }
    }
    ItemState state =
        new ItemState(
            l.categoryCode < 0 ? null : Fields.optional(f[l.categoryCode]),
            l.categoryId < 0 ? null : Fields.optional(f[l.categoryId]),
            l.brand < 0 ? null : Fields.optional(f[l.brand]),
            price);
    Event event =
        new Event(
            context.eventId(line),
            type,
            user,
            product,
            timestamp,
            type.equals("purchase") ? price : null,
            session,
            null,
            null,
            null,
            null);
    if (!Objects.equals(products.get(product), state)) {
      context.item(item(product, state));
      products.put(product, state);
    }
    context.event(event);
  }

  private static Item item(String product, ItemState s) {
    List<String> categories = new ArrayList<>(1);
    if (s.categoryCode() != null) {
      String path =
          String.join(
              "/",
              java.util.Arrays.stream(s.categoryCode().split("\\."))
                  .map(String::strip)
                  .filter(seg -> !seg.isEmpty())
                  .map(seg -> seg.replace('/', '-'))
                  .toList());
      if (!path.isEmpty()) {
        categories.add(path);
      }
    }
    Map<String, Object> attributes = new LinkedHashMap<>();
    if (s.categoryId() != null) {
      attributes.put("categoryId", s.categoryId());
    }
    return new Item(
        product, null, categories, s.brand(), s.price(), List.of(), attributes, null, true);
  }

  private static long time(String value) {
    String v = value.strip();
    String local = v;
    if (v.endsWith(" UTC")) {
      local = v.substring(0, v.length() - 4);
    } else if (v.endsWith("Z")) {
      local = v.substring(0, v.length() - 1);
    }
    try {
      return LocalDateTime.parse(local.replace('T', ' '), TIME)
          .toInstant(ZoneOffset.UTC)
          .toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadLine(
          "bad event_time", "event_time is not like 2019-10-01 00:00:00 UTC: " + Fields.quote(v));
    }
  }

  private static String type(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "view" -> "view";
      case "cart" -> "cart";
      case "purchase" -> "purchase";
      case "remove_from_cart" -> "remove_cart";
      default ->
          throw new BadLine(
              "unknown event_type",
              "event_type is not view, cart, purchase or remove_from_cart: " + Fields.quote(value));
    };
  }
}
