package dev.persona.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Risk flags of one user, as read against the population: each signal that fires is a flag with its
 * reason and a strength in [0, 1]; the score combines them as {@code 1 - prod(1 - strength)}.
 *
 * <p>The signals, with thresholds from {@link ProfileConfig.Risk}:
 *
 * <ul>
 *   <li>{@code rate}: events per minute within sessions far above the population's (a robust
 *       z-score against the median and the median absolute deviation of log rates);
 *   <li>{@code regularity}: machine-like timing, the gaps between a session's events varying far
 *       less than people's do (coefficient of variation);
 *   <li>{@code burst}: many purchases within a short window;
 *   <li>{@code parallel}: many sessions active at once. People do open a second or third tab, so
 *       this signal alone flags only from five sessions at once (strength 0.1 per session); at
 *       three or four it strengthens the others.
 * </ul>
 *
 * @param score the combined strength, 0 when no signal fires
 * @param flagged whether the score reaches {@code flagAt}
 * @param flags the signals that fired, strongest first
 */
public record Risk(double score, boolean flagged, List<Flag> flags) {
  public static final Risk NONE = new Risk(0, false, List.of());

  /**
   * One signal that fired.
   *
   * @param name {@code rate}, {@code regularity}, {@code burst} or {@code parallel}
   * @param strength in [0, 1]
   * @param reason the evidence in words, with the numbers
   */
  public record Flag(String name, double strength, String reason) {}

  /** Assesses a profile. */
  public static Risk of(Profile p, Population population, ProfileConfig.Risk config) {
    List<Flag> flags = new ArrayList<>(4);
    double z = population.rateZ(p, config.minGaps());
    if (z >= config.rateMads()) {
      flags.add(
          new Flag(
              "rate",
              Math.min(1, 0.5 + 0.5 * (z - config.rateMads()) / config.rateMads()),
              String.format(
                  Locale.ROOT,
                  "%.1f events per minute within sessions, %.1f MADs above the population's median"
                      + " of %.1f",
                  Population.eventsPerMinute(p, config.minGaps()),
                  z,
                  population.medianEventsPerMinute())));
    }
    if (p.gaps() >= config.minGaps() && p.gapMean() > 0) {
      double cv = p.gapStdDev() / p.gapMean();
      if (cv <= config.regularity()) {
        flags.add(
            new Flag(
                "regularity",
                0.6 + 0.4 * (1 - cv / config.regularity()),
                String.format(
                    Locale.ROOT,
                    "gaps between events of %.1f s vary by only %.0f%% (coefficient of variation"
                        + " %.3f over %d gaps)",
                    p.gapMean() / 1000,
                    100 * cv,
                    cv,
                    p.gaps())));
      }
    }
    if (p.bursts() > 0) {
      flags.add(
          new Flag(
              "burst",
              Math.min(1, 0.5 + 0.1 * p.bursts()),
              String.format(
                  Locale.ROOT,
                  "%d purchase bursts of %d purchases within %d minutes",
                  p.bursts(),
                  config.burstCount(),
                  config.burstWindow().toMinutes())));
    }
    if (p.maxParallelSessions() >= config.parallelSessions()) {
      flags.add(
          new Flag(
              "parallel",
              Math.min(1, 0.1 * p.maxParallelSessions()),
              p.maxParallelSessions() + " sessions active at once"));
    }
    if (flags.isEmpty()) {
      return NONE;
    }
    flags.sort((a, b) -> Double.compare(b.strength(), a.strength()));
    double clear = 1;
    for (Flag f : flags) {
      clear *= 1 - f.strength();
    }
    double score = 1 - clear;
    return new Risk(score, score >= config.flagAt(), List.copyOf(flags));
  }

  /** The names of the flags, strongest first. */
  public List<String> names() {
    return flags.stream().map(Flag::name).toList();
  }
}
