package dev.persona.profile;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.store.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Why a profile holds an interest: the events that contributed most to it, each with the weight it
 * still adds at the moment of reading ({@code |eventWeight| * 2^(-(now - t) / halfLife)}). Computed
 * on request from the user's events in the log, the source of truth, with the same weights the
 * updater uses, so that a profile carries no evidence in memory.
 */
public final class Evidence {
  private Evidence() {}

  /**
   * One event's part in an interest.
   *
   * @param eventId the caller's event id, or {@code null} when the event had none
   * @param sequence the event's position in the log
   * @param type the event type
   * @param itemId the item
   * @param timestamp when it happened, ISO-8601
   * @param weight what it adds to the interest at the moment of reading
   */
  public record Contribution(
      String eventId, long sequence, String type, String itemId, String timestamp, double weight) {}

  /**
   * The strongest contributions to the interests {@code shown}, per dimension ({@code category},
   * ..., and {@code negative.category}, ... for negative signals) and key.
   *
   * @param events the user's events in log order
   * @param items the catalogue (an unknown id gives {@code null})
   * @param shown the interests to explain, as the view lists them
   * @param negativeShown the negative signals to explain
   * @param perKey most contributions listed per key
   */
  public static Map<String, Map<String, List<Contribution>>> of(
      ProfileUpdater updater,
      long now,
      List<StoredEvent> events,
      Function<String, Item> items,
      Map<String, List<ProfileView.Interest>> shown,
      Map<String, List<ProfileView.Interest>> negativeShown,
      int perKey) {
    double halfLife = updater.config().halfLife().toMillis();
    Map<String, Map<String, List<Contribution>>> found = new HashMap<>();
    long ratings = 0;
    double ratingSum = 0;
    for (StoredEvent stored : events) {
      Event e = stored.event();
      double weight = updater.interestWeight(e.type(), e.value(), ratings, ratingSum);
      if (e.type().equals("rate") && e.value() != null) {
        ratings++;
        ratingSum += e.value();
      }
      Item item = e.itemId() == null ? null : items.apply(e.itemId());
      if (weight == 0 || item == null) {
        continue;
      }
      double remaining = Math.abs(weight) * Math.pow(2, -(now - e.timestamp()) / halfLife);
      Contribution c =
          new Contribution(
              e.id(),
              stored.sequence(),
              e.type(),
              e.itemId(),
              Instant.ofEpochMilli(e.timestamp()).toString(),
              ProfileView.round(remaining));
      String[][] keys = updater.interestKeys(item);
      for (int d = 0; d < keys.length; d++) {
        String dim = (weight > 0 ? "" : "negative.") + Profile.DIMENSIONS[d];
        for (String key : keys[d]) {
          found
              .computeIfAbsent(dim, k -> new HashMap<>())
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(c);
        }
      }
    }
    Map<String, Map<String, List<Contribution>>> out = new LinkedHashMap<>();
    collect(out, "", shown, found, perKey);
    collect(out, "negative.", negativeShown, found, perKey);
    return out;
  }

  private static void collect(
      Map<String, Map<String, List<Contribution>>> out,
      String prefix,
      Map<String, List<ProfileView.Interest>> shown,
      Map<String, Map<String, List<Contribution>>> found,
      int perKey) {
    shown.forEach(
        (dimension, interests) -> {
          Map<String, List<Contribution>> byKey = found.getOrDefault(prefix + dimension, Map.of());
          Map<String, List<Contribution>> listed = new LinkedHashMap<>();
          for (ProfileView.Interest interest : interests) {
            List<Contribution> all = new ArrayList<>(byKey.getOrDefault(interest.key(), List.of()));
            all.sort(
                (a, b) ->
                    a.weight() != b.weight()
                        ? Double.compare(b.weight(), a.weight())
                        : Long.compare(b.sequence(), a.sequence()));
            listed.put(interest.key(), List.copyOf(all.subList(0, Math.min(perKey, all.size()))));
          }
          out.put(prefix + dimension, listed);
        });
  }
}
