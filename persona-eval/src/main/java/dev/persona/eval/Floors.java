package dev.persona.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** The floors every recommender must clear: most popular in training, and random. */
public final class Floors {
  private Floors() {}

  /** Orders ids numerically when both are numbers, else as text: the lower id wins a tie. */
  static final Comparator<String> IDS =
      (a, b) -> {
        boolean na = numeric(a);
        boolean nb = numeric(b);
        if (na && nb) {
          int c = Integer.compare(a.length(), b.length());
          return c != 0 ? c : a.compareTo(b);
        }
        return na != nb ? (na ? -1 : 1) : a.compareTo(b);
      };

  private static boolean numeric(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0'
          || s.charAt(i) > '9'
          || (i == 0 && s.length() > 1 && s.charAt(0) == '0')) {
        return false;
      }
    }
    return true;
  }

  /** Items by how many distinct training users interacted with them; ties to the lower id. */
  public static Algorithm popularity() {
    return new Algorithm() {
      @Override
      public String name() {
        return "popularity";
      }

      @Override
      public Map<String, Object> settings() {
        return Map.of("score", "distinct training users");
      }

      @Override
      public Model fit(Split split) {
        Map<String, Set<String>> users = new HashMap<>();
        for (Interaction i : split.train()) {
          users.computeIfAbsent(i.item(), k -> new HashSet<>()).add(i.user());
        }
        List<String> order = new ArrayList<>(split.catalogue());
        order.sort(
            Comparator.<String>comparingInt(i -> -users.getOrDefault(i, Set.of()).size())
                .thenComparing(IDS));
        return (user, history, exclude, k) -> {
          List<String> out = new ArrayList<>(k);
          for (int i = 0; i < order.size() && out.size() < k; i++) {
            if (!exclude.contains(order.get(i))) {
              out.add(order.get(i));
            }
          }
          return out;
        };
      }
    };
  }

  /** Items drawn uniformly at random, per user from a seed and the user's id. */
  public static Algorithm random(long seed) {
    return new Algorithm() {
      @Override
      public String name() {
        return "random";
      }

      @Override
      public Map<String, Object> settings() {
        return Map.of("seed", seed);
      }

      @Override
      public Model fit(Split split) {
        List<String> catalogue = new ArrayList<>(split.catalogue());
        catalogue.sort(IDS);
        String[] items = catalogue.toArray(String[]::new);
        return (user, history, exclude, k) -> {
          SplittableRandom r = new SplittableRandom(seed ^ user.hashCode() * 0x9E3779B97F4A7C15L);
          int want =
              Math.min(
                  k,
                  items.length
                      - (int) exclude.stream().filter(split.catalogue()::contains).count());
          Set<String> chosen = new java.util.LinkedHashSet<>();
          while (chosen.size() < want) {
            String s = items[r.nextInt(items.length)];
            if (!exclude.contains(s)) {
              chosen.add(s);
            }
          }
          return new ArrayList<>(chosen);
        };
      }
    };
  }
}
