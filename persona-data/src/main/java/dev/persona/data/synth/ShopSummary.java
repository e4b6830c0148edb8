package dev.persona.data.synth;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * What a generated shop holds; written as {@code shop.json} beside the data. It contains no timing,
 * so that the same configuration gives byte-identical files.
 *
 * @param config the configuration it was generated from
 * @param items items written
 * @param users users written
 * @param bots of which bots
 * @param events events written
 * @param sessions sessions played
 * @param eventsByType events per type, in a fixed order
 * @param firstEvent time of the first event, or {@code null} when there are none
 * @param lastEvent time of the last event, or {@code null} when there are none
 * @param files bytes per written data file name (not counting {@code shop.json})
 */
public record ShopSummary(
    ShopConfig config,
    int items,
    int users,
    int bots,
    long events,
    int sessions,
    Map<String, Long> eventsByType,
    Instant firstEvent,
    Instant lastEvent,
    Map<String, Long> files) {

  public ShopSummary {
    eventsByType =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(eventsByType));
    files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
  }

  /** A short readable summary for the command line. */
  public String render() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Synthetic shop (seed %d): %,d items, %,d users (%,d bots), %,d events in %,d sessions%n",
            config.seed(),
            items,
            users,
            bots,
            events,
            sessions));
    out.append("  from ").append(firstEvent).append(" to ").append(lastEvent).append('\n');
    eventsByType.forEach(
        (type, n) -> out.append(String.format(Locale.ROOT, "  %-12s %,12d%n", type, n)));
    files.forEach(
        (name, bytes) ->
            out.append(String.format(Locale.ROOT, "  %-12s %,12d bytes%n", name, bytes)));
    return out.toString();
  }
}
