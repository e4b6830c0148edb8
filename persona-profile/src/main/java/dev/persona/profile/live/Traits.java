package dev.persona.profile.live;

import dev.persona.profile.Profile;
import dev.persona.profile.ProfileContext;
import dev.persona.profile.Reading;
import dev.persona.profile.Weights;
import dev.persona.profile.segment.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How an audience differs from everyone: for the fields a segment rule can name (lifecycle, price
 * level, RFM segment, cluster, risk, user attributes) the share of the audience and of everyone
 * with each value, and per interest dimension the mean share of each key. One pass over the
 * profiles, in parallel, like {@link Audience#select}.
 *
 * <p>Attributes are counted when their values are strings or booleans; numbers are left out (a
 * numeric {@code age} shows as {@code ageBand}), and an attribute with more than {@value
 * #MAX_TRACKED} distinct values is dropped as id-like (an e-mail address says nothing about a
 * group).
 */
public final class Traits {
  /** Values listed per field, and keys per interest dimension. */
  public static final int MAX_VALUES = 12;

  /** Distinct values an attribute may have before it is left out. */
  static final int MAX_TRACKED = 200;

  /**
   * Profiles read at most: beyond this, a fixed sample of users (chosen by a hash of the id, so the
   * same users each time) stands for everyone. A profile costs tens of microseconds here (its
   * interests are summed key by key), so that a comparison stays within a second or two.
   */
  public static final int MAX_SAMPLE = 100_000;

  /** Attributes listed at most (by name). */
  static final int MAX_ATTRIBUTES = 32;

  private static final String NONE = "\u0000none";

  private Traits() {}

  /**
   * One value of a field.
   *
   * @param value the value; {@code null} for users without one
   * @param label words for the value where the value itself is a code (a cluster's label), else
   *     {@code null}
   * @param members the share of the audience with this value, in [0, 1]
   * @param everyone the share of everyone with this value, in [0, 1]
   */
  public record Value(String value, String label, double members, double everyone) {}

  /**
   * The distribution of one field.
   *
   * @param field the field as a rule names it ({@code lifecycle}, {@code consumption.level}, {@code
   *     gender})
   * @param values the most frequent values among the audience (then among everyone), at most {@link
   *     #MAX_VALUES}
   */
  public record Field(String field, List<Value> values) {}

  /**
   * One interest key.
   *
   * @param members the key's mean share among the audience (users without it count as 0)
   * @param everyone the key's mean share among everyone
   */
  public record Key(String key, double members, double everyone) {}

  /**
   * Interests of one dimension: the keys with the largest mean share in the audience, at most
   * {@link #MAX_VALUES} (categories: top-level paths only).
   */
  public record Dimension(String dimension, List<Key> keys) {}

  /**
   * The comparison: how many are in the audience, and how they differ.
   *
   * @param members the audience among the users read
   * @param everyone the users read: every profile, or a sample of at most {@link #MAX_SAMPLE}
   * @param sampled whether {@code everyone} is a sample
   */
  public record Comparison(
      long members,
      long everyone,
      boolean sampled,
      List<Field> fields,
      List<Dimension> interests) {}

  /**
   * Compares the audience of {@code rule} among {@code profiles}, read at {@code now}, with all.
   */
  public static Comparison compare(
      Rule rule, Collection<Profile> profiles, ProfileContext context, long now) {
    int every = (int) Math.ceil(profiles.size() / (double) MAX_SAMPLE);
    Pair pair =
        profiles.parallelStream()
            .filter(p -> every <= 1 || Math.floorMod(mix(p.userId().hashCode()), every) == 0)
            .collect(
                Pair::new,
                (acc, p) -> {
                  Reading r = new Reading(p, context, now);
                  boolean member = rule.test(r);
                  acc.everyone.add(r);
                  if (member) {
                    acc.members.add(r);
                  }
                },
                Pair::merge);
    return pair.comparison(context, every > 1);
  }

  /** Spreads a string hash, so that ids like u1, u2, ... fall evenly into the sample or not. */
  private static int mix(int h) {
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static final class Pair {
    final Tally members = new Tally();
    final Tally everyone = new Tally();

    void merge(Pair other) {
      members.merge(other.members);
      everyone.merge(other.everyone);
    }

    Comparison comparison(ProfileContext context, boolean sampled) {
      List<Field> fields = new ArrayList<>();
      everyone.derived.forEach(
          (field, all) -> fields.add(field(field, all, members.derived.get(field), context)));
      int listed = 0;
      for (Map.Entry<String, Map<String, Long>> a : everyone.attributes.entrySet()) {
        if (!everyone.dropped.contains(a.getKey()) && listed++ < MAX_ATTRIBUTES) {
          Map<String, Long> in = members.attributes.getOrDefault(a.getKey(), Map.of());
          fields.add(field(a.getKey(), a.getValue(), in, context));
        }
      }
      List<Dimension> interests = new ArrayList<>();
      for (int d = 0; d < Profile.DIMENSIONS.length; d++) {
        Map<String, Double> all = everyone.interests.get(d);
        Map<String, Double> in = members.interests.get(d);
        if (all.isEmpty()) {
          continue;
        }
        List<String> order = new ArrayList<>(all.keySet());
        order.sort(
            Comparator.<String>comparingDouble(k -> -in.getOrDefault(k, 0.0))
                .thenComparingDouble(k -> -all.get(k))
                .thenComparing(k -> k));
        List<Key> keys = new ArrayList<>();
        for (String k : order.subList(0, Math.min(MAX_VALUES, order.size()))) {
          keys.add(
              new Key(k, mean(in.getOrDefault(k, 0.0), members.n), mean(all.get(k), everyone.n)));
        }
        interests.add(new Dimension(Profile.DIMENSIONS[d], keys));
      }
      return new Comparison(members.n, everyone.n, sampled, fields, interests);
    }

    private Field field(
        String field, Map<String, Long> all, Map<String, Long> in, ProfileContext context) {
      List<String> order = new ArrayList<>(all.keySet());
      order.sort(
          Comparator.<String>comparingLong(v -> -in.getOrDefault(v, 0L))
              .thenComparingLong(v -> -all.get(v))
              .thenComparing(v -> v));
      List<Value> values = new ArrayList<>();
      for (String v : order.subList(0, Math.min(MAX_VALUES, order.size()))) {
        String value = v.equals(NONE) ? null : v;
        String label =
            field.equals("cluster") && value != null && context.clusters() != null
                ? context.clusters().label(Integer.parseInt(value))
                : null;
        values.add(
            new Value(
                value,
                label,
                share(in.getOrDefault(v, 0L), members.n),
                share(all.get(v), everyone.n)));
      }
      return new Field(field, values);
    }
  }

  /** Counts over a set of users; one per thread, then merged. */
  private static final class Tally {
    long n;
    // derived field -> value -> users, in a fixed order
    final Map<String, Map<String, Long>> derived = new LinkedHashMap<>();
    // attribute -> value -> users, by name; those with too many values are dropped
    final Map<String, Map<String, Long>> attributes = new TreeMap<>();
    final Set<String> dropped = new HashSet<>();
    final List<Map<String, Double>> interests = new ArrayList<>();

    Tally() {
      for (String f :
          List.of("lifecycle", "consumption.level", "rfm.segment", "cluster", "risk.flagged")) {
        derived.put(f, new HashMap<>());
      }
      for (int d = 0; d < Profile.DIMENSIONS.length; d++) {
        interests.add(new HashMap<>());
      }
    }

    void add(Reading r) {
      n++;
      count("lifecycle", r.lifecycle());
      count("consumption.level", r.consumption().level());
      count("rfm.segment", r.rfmSegment());
      int cluster = r.cluster();
      count("cluster", cluster < 0 ? null : Integer.toString(cluster));
      count("risk.flagged", Boolean.toString(r.risk().flagged()));
      String band = r.ageBand();
      if (band != null) {
        attribute("ageBand", band);
      }
      for (Map.Entry<String, Object> a : r.profile().attributes().entrySet()) {
        if (a.getValue() instanceof String || a.getValue() instanceof Boolean) {
          attribute(a.getKey(), a.getValue().toString());
        }
      }
      Profile p = r.profile();
      for (int d = 0; d < Profile.DIMENSIONS.length; d++) {
        Weights w = p.interests(d);
        // the total Reading.share divides by: top-level paths for categories, every key otherwise
        double total = d == 0 ? w.scaledTopLevelTotal() : w.scaledTotal();
        if (!(total > 0)) {
          continue;
        }
        Map<String, Double> sums = interests.get(d);
        for (int i = 0; i < w.size(); i++) {
          String key = w.key(i);
          if (d == 0 && key.indexOf('/') >= 0) {
            continue; // categories: top-level paths, whose shares add up to 1
          }
          if (w.scaled(i) > 0) {
            sums.merge(key, w.scaled(i) / total, Double::sum);
          }
        }
      }
    }

    private void count(String field, String value) {
      derived.get(field).merge(value == null ? NONE : value, 1L, Long::sum);
    }

    private void attribute(String name, String value) {
      if (dropped.contains(name)) {
        return;
      }
      Map<String, Long> values = attributes.computeIfAbsent(name, x -> new HashMap<>());
      values.merge(value, 1L, Long::sum);
      if (values.size() > MAX_TRACKED) {
        drop(name);
      }
    }

    private void drop(String name) {
      dropped.add(name);
      attributes.remove(name);
    }

    void merge(Tally other) {
      n += other.n;
      other.derived.forEach((f, m) -> into(derived.get(f), m));
      other.dropped.forEach(this::drop);
      other.attributes.forEach(
          (name, m) -> {
            if (!dropped.contains(name)) {
              Map<String, Long> mine = attributes.computeIfAbsent(name, x -> new HashMap<>());
              into(mine, m);
              if (mine.size() > MAX_TRACKED) {
                drop(name);
              }
            }
          });
      for (int d = 0; d < interests.size(); d++) {
        Map<String, Double> mine = interests.get(d);
        other.interests.get(d).forEach((k, v) -> mine.merge(k, v, Double::sum));
      }
    }

    private static void into(Map<String, Long> target, Map<String, Long> source) {
      source.forEach((k, v) -> target.merge(k, v, Long::sum));
    }
  }

  private static double share(long count, long total) {
    return total == 0 ? 0 : round(count / (double) total);
  }

  private static double mean(double sum, long total) {
    return total == 0 ? 0 : round(sum / total);
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
