package dev.persona.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * How a data set is cut into what models learn from and what they are scored on. Every protocol is
 * seeded and deterministic; {@link #validation} cuts the training part again, the same way, for
 * tuning, so that tuning never sees the test part. docs/evaluation.md describes each one.
 */
public sealed interface Protocol {

  /** Cuts {@code interactions} (all of {@code data}'s, or a training part). */
  Split apply(DataSet data, List<Interaction> interactions);

  /** The protocol that cuts this one's training part into fitting and validation. */
  Protocol inner();

  /** The test split of a data set. */
  default Split split(DataSet data) {
    return apply(data, data.interactions());
  }

  /** The validation split: this protocol's training part, cut again by {@link #inner}. */
  default Split validation(DataSet data) {
    return inner().apply(data, split(data).train());
  }

  /**
   * Reads {@code given}, {@code random:R[:V]}, {@code leave-last:N}, {@code temporal:F} or {@code
   * strong:U[:H]}.
   *
   * @throws IllegalArgumentException naming the protocol and what is wrong with it
   */
  static Protocol parse(String text, long seed) {
    String[] f = text.strip().toLowerCase(Locale.ROOT).split(":");
    try {
      int most =
          switch (f[0]) {
            case "random", "strong" -> 2;
            case "leave-last", "temporal" -> 1;
            default -> 0;
          };
      if (f.length - 1 > most && most > 0) {
        throw new IllegalArgumentException(
            f[0] + " takes at most " + most + " parameter" + (most > 1 ? "s" : ""));
      }
      Protocol p =
          switch (f[0]) {
            case "given" -> {
              if (f.length > 1) {
                throw new IllegalArgumentException("given takes no parameter");
              }
              yield new Given();
            }
            case "random" ->
                new RandomHoldout(
                    f.length > 1 ? Double.parseDouble(f[1]) : 0.2,
                    f.length > 2 ? Double.parseDouble(f[2]) : 0,
                    seed);
            case "leave-last" -> new LeaveLast(f.length > 1 ? Integer.parseInt(f[1]) : 1);
            case "temporal" -> new Temporal(f.length > 1 ? Double.parseDouble(f[1]) : 0.2);
            case "strong" ->
                new Strong(
                    f.length > 1 ? Double.parseDouble(f[1]) : 0.1,
                    f.length > 2 ? Double.parseDouble(f[2]) : 0.2,
                    seed);
            default ->
                throw new IllegalArgumentException(
                    "unknown protocol; known: given, random:R[:V], leave-last:N, temporal:F, strong:U[:H]");
          };
      try {
        p.inner(); // the validation cut, which --tune needs, must exist too
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "its validation split cannot be cut the same way (" + e.getMessage() + ")", e);
      }
      return p;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "protocol '" + text + "': parameter is not a number (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("protocol '" + text + "': " + e.getMessage(), e);
    }
  }

  /** The split the data set ships with; its validation part, or 10% of training drawn at random. */
  record Given() implements Protocol {
    @Override
    public Split split(DataSet data) {
      DataSet.Given g = given(data);
      return weak("given " + g.name(), data, g.train(), g.test());
    }

    @Override
    public Split validation(DataSet data) {
      DataSet.Given g = given(data);
      return g.validation() != null
          ? weak("given " + g.name() + " validation", data, g.train(), g.validation())
          : inner().apply(data, g.train());
    }

    /** A split of other interactions than the given ones: {@link #inner}'s. */
    @Override
    public Split apply(DataSet data, List<Interaction> interactions) {
      return inner().apply(data, interactions);
    }

    @Override
    public Protocol inner() {
      return new RandomHoldout(0.1, 0, 1);
    }

    private static DataSet.Given given(DataSet data) {
      if (data.given() == null) {
        throw new IllegalArgumentException(
            "protocol given: data set " + data.name() + " ships no split");
      }
      return data.given();
    }
  }

  /**
   * Each user's interactions shuffled and a share {@code ratio} of them (at least one, never all)
   * hidden; users with one interaction only train. With a {@code validation} share above 0 the
   * split is three-way, as RecBole's "RS 8:1:1" is: the next share of the same shuffle is the
   * validation part, which the test split also leaves out of training, so that training is the same
   * for tuning and for testing. With 0, the validation split cuts the training part again.
   */
  record RandomHoldout(double ratio, double validation, long seed) implements Protocol {
    public RandomHoldout {
      if (!(ratio > 0 && ratio < 1)) {
        throw new IllegalArgumentException("the ratio must be in (0, 1), got " + ratio);
      }
      if (!(validation >= 0 && ratio + validation < 1)) {
        throw new IllegalArgumentException(
            "the validation share must be in [0, 1 - ratio), got " + validation);
      }
    }

    @Override
    public Split apply(DataSet data, List<Interaction> interactions) {
      return cut(data, interactions, false);
    }

    @Override
    public Split validation(DataSet data) {
      return validation > 0
          ? cut(data, data.interactions(), true)
          : inner().apply(data, split(data).train());
    }

    private Split cut(DataSet data, List<Interaction> interactions, boolean validating) {
      SplittableRandom r = new SplittableRandom(seed);
      List<Interaction> train = new ArrayList<>();
      List<Interaction> test = new ArrayList<>();
      List<Interaction> mask = new ArrayList<>();
      for (List<Interaction> l : byUser(interactions).values()) {
        List<Interaction> shuffled = new ArrayList<>(l);
        for (int i = shuffled.size() - 1; i > 0; i--) {
          java.util.Collections.swap(shuffled, i, r.nextInt(i + 1));
        }
        int n = shuffled.size();
        int hide = n < 2 ? 0 : Math.min(n - 1, Math.max(1, (int) Math.round(ratio * n)));
        int held =
            validation == 0 || n - hide < 2
                ? 0
                : Math.min(n - hide - 1, Math.max(1, (int) Math.round(validation * n)));
        test.addAll(shuffled.subList(validating ? hide : 0, validating ? hide + held : hide));
        if (!validating) {
          mask.addAll(shuffled.subList(hide, hide + held));
        }
        train.addAll(shuffled.subList(hide + held, n));
      }
      train.sort(Comparator.comparingLong(Interaction::time));
      String name =
          validation == 0
              ? String.format(Locale.ROOT, "random %.2f seed %d", ratio, seed)
              : String.format(
                  Locale.ROOT,
                  "random %.2f test, %.2f validation seed %d",
                  ratio,
                  validation,
                  seed);
      return weak(validating ? name + " validation" : name, data, train, test, false, mask);
    }

    @Override
    public Protocol inner() {
      return validation > 0
          ? new RandomHoldout(validation / (1 - ratio - validation), 0, seed + 1)
          : new RandomHoldout(ratio / (1 - ratio), 0, seed + 1);
    }
  }

  /**
   * Each user's last {@code n} interactions by time hidden; users with no more than n only train.
   */
  record LeaveLast(int n) implements Protocol {
    public LeaveLast {
      if (n < 1) {
        throw new IllegalArgumentException("n must be >= 1, got " + n);
      }
    }

    @Override
    public Split apply(DataSet data, List<Interaction> interactions) {
      timed(data, "leave-last");
      List<Interaction> train = new ArrayList<>();
      List<Interaction> test = new ArrayList<>();
      for (List<Interaction> l : byUser(interactions).values()) {
        List<Interaction> sorted = new ArrayList<>(l);
        sorted.sort(Comparator.comparingLong(Interaction::time));
        int cut = sorted.size() > n ? sorted.size() - n : sorted.size();
        train.addAll(sorted.subList(0, cut));
        test.addAll(sorted.subList(cut, sorted.size()));
      }
      train.sort(Comparator.comparingLong(Interaction::time));
      return weak("leave-last " + n, data, train, test, true, List.of());
    }

    @Override
    public Protocol inner() {
      return this;
    }
  }

  /**
   * One moment for everyone: interactions in the last share {@code fraction} of the time-ordered
   * log are hidden; users with nothing before the cut are not evaluated (cold users: the streaming
   * evaluation covers them).
   */
  record Temporal(double fraction) implements Protocol {
    public Temporal {
      if (!(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException("the fraction must be in (0, 1), got " + fraction);
      }
    }

    @Override
    public Split apply(DataSet data, List<Interaction> interactions) {
      timed(data, "temporal");
      List<Interaction> sorted = new ArrayList<>(interactions);
      sorted.sort(Comparator.comparingLong(Interaction::time));
      int cut = (int) Math.round(sorted.size() * (1 - fraction));
      return weak(
          String.format(Locale.ROOT, "temporal %.2f", fraction),
          data,
          sorted.subList(0, cut),
          sorted.subList(cut, sorted.size()),
          true,
          List.of());
    }

    @Override
    public Protocol inner() {
      return new Temporal(fraction / (1 - fraction));
    }
  }

  /**
   * Strong generalisation: a share {@code users} of the users (those with at least two
   * interactions) is held out of training altogether; each one's interactions are shuffled, a share
   * {@code hidden} of them is scored and the rest is given at request time as the fold-in history.
   */
  record Strong(double users, double hidden, long seed) implements Protocol {
    public Strong {
      if (!(users > 0 && users < 1)) {
        throw new IllegalArgumentException("the user share must be in (0, 1), got " + users);
      }
      if (!(hidden > 0 && hidden < 1)) {
        throw new IllegalArgumentException("the hidden share must be in (0, 1), got " + hidden);
      }
    }

    @Override
    public Split apply(DataSet data, List<Interaction> interactions) {
      SplittableRandom r = new SplittableRandom(seed);
      List<Interaction> train = new ArrayList<>();
      Map<String, List<Interaction>> history = new LinkedHashMap<>();
      Map<String, List<Interaction>> hiddenParts = new LinkedHashMap<>();
      for (var e : byUser(interactions).entrySet()) {
        List<Interaction> l = e.getValue();
        if (l.size() < 2 || r.nextDouble() >= users) {
          train.addAll(l);
          continue;
        }
        List<Interaction> shuffled = new ArrayList<>(l);
        for (int i = shuffled.size() - 1; i > 0; i--) {
          java.util.Collections.swap(shuffled, i, r.nextInt(i + 1));
        }
        int hide = Math.min(l.size() - 1, Math.max(1, (int) Math.round(hidden * l.size())));
        hiddenParts.put(e.getKey(), shuffled.subList(0, hide));
        List<Interaction> foldIn = new ArrayList<>(shuffled.subList(hide, shuffled.size()));
        foldIn.sort(Comparator.comparingLong(Interaction::time));
        history.put(e.getKey(), foldIn);
      }
      train.sort(Comparator.comparingLong(Interaction::time));
      Map<String, List<String>> test = new LinkedHashMap<>();
      for (var e : hiddenParts.entrySet()) {
        List<String> relevant = relevant(data, e.getValue(), history.get(e.getKey()));
        if (!relevant.isEmpty()) {
          test.put(e.getKey(), relevant);
        }
      }
      history.keySet().retainAll(test.keySet());
      return new Split(
          String.format(
              Locale.ROOT, "strong %.2f users, %.2f hidden, seed %d", users, hidden, seed),
          train,
          test,
          history,
          catalogue(interactions),
          data.timed(),
          Map.of(),
          Map.of());
    }

    @Override
    public Protocol inner() {
      return new Strong(users / (1 - users), hidden, seed + 1);
    }
  }

  private static void timed(DataSet data, String protocol) {
    if (!data.timed()) {
      throw new IllegalArgumentException(
          "protocol " + protocol + " needs times, and data set " + data.name() + " has none");
    }
  }

  /** Users in order of first appearance, each with their interactions in input order. */
  private static Map<String, List<Interaction>> byUser(List<Interaction> interactions) {
    Map<String, List<Interaction>> out = new LinkedHashMap<>();
    for (Interaction i : interactions) {
      out.computeIfAbsent(i.user(), k -> new ArrayList<>()).add(i);
    }
    return out;
  }

  private static Set<String> catalogue(List<Interaction> interactions) {
    Set<String> items = new HashSet<>();
    for (Interaction i : interactions) {
      items.add(i.item());
    }
    return items;
  }

  /** The distinct relevant hidden items not in the history, in order. */
  private static List<String> relevant(
      DataSet data, List<Interaction> hidden, List<Interaction> history) {
    Set<String> seen = new HashSet<>();
    for (Interaction i : history) {
      seen.add(i.item());
    }
    Set<String> out = new LinkedHashSet<>();
    for (Interaction i : hidden) {
      if (data.relevant(i) && !seen.contains(i.item())) {
        out.add(i.item());
      }
    }
    return List.copyOf(out);
  }

  /** A split whose evaluated users are known from training: their history is what they trained. */
  private static Split weak(
      String name, DataSet data, List<Interaction> train, List<Interaction> hidden) {
    return weak(name, data, train, hidden, false, List.of());
  }

  /**
   * @param timeOrdered whether the hidden part follows the training part in time, so that each user
   *     asks when they come back (just before their first hidden interaction)
   */
  private static Split weak(
      String name,
      DataSet data,
      List<Interaction> train,
      List<Interaction> hidden,
      boolean timeOrdered,
      List<Interaction> mask) {
    Map<String, Set<String>> masked = new HashMap<>();
    for (Interaction i : mask) {
      masked.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.item());
    }
    Map<String, List<Interaction>> trained = byUser(train);
    Map<String, List<Interaction>> hiddenByUser = byUser(hidden);
    Map<String, List<String>> test = new LinkedHashMap<>();
    Map<String, List<Interaction>> history = new LinkedHashMap<>();
    Map<String, Long> asked = new HashMap<>();
    for (var e : hiddenByUser.entrySet()) {
      List<Interaction> h = trained.get(e.getKey());
      if (h == null) {
        continue; // no training history: not evaluated
      }
      List<String> relevant = new ArrayList<>(relevant(data, e.getValue(), h));
      relevant.removeAll(masked.getOrDefault(e.getKey(), Set.of()));
      if (!relevant.isEmpty()) {
        test.put(e.getKey(), List.copyOf(relevant));
        history.put(e.getKey(), h);
        if (timeOrdered && data.timed()) {
          long first = e.getValue().stream().mapToLong(Interaction::time).min().orElseThrow();
          asked.put(e.getKey(), first - 1);
        }
      }
    }
    List<Interaction> everything = new ArrayList<>(train);
    everything.addAll(hidden);
    everything.addAll(mask);
    masked.keySet().retainAll(test.keySet());
    return new Split(
        name, train, test, history, catalogue(everything), data.timed(), asked, masked);
  }
}
