package dev.persona.profile.live;

import dev.persona.profile.Profile;
import dev.persona.profile.ProfileContext;
import dev.persona.profile.ProfileView;
import dev.persona.profile.Reading;
import dev.persona.profile.segment.Rule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Named segments: a rule each, and the users who satisfy it, kept live. Membership is re-evaluated
 * for one user whenever that user's profile changes ({@link #update}), and for everyone when a
 * segment is defined and at each {@link #refresh} (rules that read time, such as the lifecycle or
 * the 7-day counts, change without events). Sizes are recorded at each refresh. Thread-safe: one
 * user's membership changes under a lock, so that a refresh and a live update cannot leave it
 * stale.
 */
public final class Segments {
  /**
   * Segment names: letters, digits, {@code _}, {@code -} and {@code .}, 1 to 64 of them, and not
   * only dots (a path segment of dots does not survive URL normalisation).
   */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  static final int HISTORY = 500;
  public static final int MAX_SEGMENTS = 1000;

  /**
   * A segment's definition.
   *
   * @param name its name
   * @param rule the rule text
   * @param description free text, or {@code null}
   * @param createdAt epoch ms
   * @param updatedAt epoch ms
   */
  public record Definition(
      String name, String rule, String description, long createdAt, long updatedAt) {}

  /** A segment's size at a moment. */
  public record Point(long at, long size) {}

  /** A segment as reported: definition, current size, sizes over time. */
  public record Info(Definition definition, long size, List<Point> history) {}

  private static final class Segment {
    final Definition definition;
    final Rule rule;
    final Set<String> members = ConcurrentHashMap.newKeySet();
    final ArrayDeque<Point> history = new ArrayDeque<>();

    Segment(Definition definition, Rule rule) {
      this.definition = definition;
      this.rule = rule;
    }

    synchronized void record(long at) {
      if (history.size() == HISTORY) {
        history.removeFirst();
      }
      history.addLast(new Point(at, members.size()));
    }

    synchronized List<Point> history() {
      return List.copyOf(history);
    }
  }

  private final ConcurrentHashMap<String, Segment> segments = new ConcurrentHashMap<>();

  /** Segments being evaluated for everyone: live updates and erasures reach them too. */
  private final ConcurrentHashMap<String, Segment> building = new ConcurrentHashMap<>();

  private final Object membership = new Object();

  /**
   * Checks a segment name.
   *
   * @throws IllegalArgumentException naming the rule it breaks
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.chars().allMatch(c -> c == '.')) {
      throw new IllegalArgumentException(
          "a segment name has 1 to 64 letters, digits, '_', '-' or '.', got '" + name + "'");
    }
    return name;
  }

  /**
   * Defines (or redefines) a segment and evaluates it for every profile. The previous definition,
   * if any, keeps serving until the new one is complete.
   *
   * @param users every user id
   * @param current the user's current profile, read under the membership lock
   * @throws dev.persona.profile.segment.RuleSyntaxException when the rule is invalid
   * @throws IllegalStateException when there are already {@value #MAX_SEGMENTS} segments
   */
  public Definition define(
      Definition definition,
      Iterable<String> users,
      Function<String, Profile> current,
      ProfileContext context,
      long now) {
    checkName(definition.name());
    Rule rule = Rule.parse(definition.rule());
    if (!segments.containsKey(definition.name()) && segments.size() >= MAX_SEGMENTS) {
      throw new IllegalStateException("at most " + MAX_SEGMENTS + " segments can be defined");
    }
    Segment s = new Segment(definition, rule);
    building.put(definition.name(), s);
    try {
      for (String user : users) {
        synchronized (membership) {
          Profile p = current.apply(user);
          if (p != null) {
            evaluate(s, p, context, now);
          }
        }
      }
      s.record(now);
      synchronized (membership) {
        segments.put(definition.name(), s);
      }
    } finally {
      building.remove(definition.name(), s);
    }
    return definition;
  }

  /** Restores a stored definition at start-up, without members until the first refresh. */
  public void restore(Definition definition) {
    segments.put(definition.name(), new Segment(definition, Rule.parse(definition.rule())));
  }

  public boolean remove(String name) {
    return segments.remove(name) != null;
  }

  /** Re-evaluates every segment for one user whose profile just changed. */
  public void update(Profile profile, ProfileContext context, long now) {
    if (segments.isEmpty()) {
      return;
    }
    synchronized (membership) {
      evaluate(profile, context, now);
    }
  }

  private void evaluate(Profile profile, ProfileContext context, long now) {
    Reading r = new Reading(profile, context, now);
    for (Segment s : segments.values()) {
      evaluate(s, r);
    }
    for (Segment s : building.values()) {
      evaluate(s, r);
    }
  }

  private static void evaluate(Segment s, Profile profile, ProfileContext context, long now) {
    evaluate(s, new Reading(profile, context, now));
  }

  private static void evaluate(Segment s, Reading r) {
    if (s.rule.test(r)) {
      s.members.add(r.profile().userId());
    } else {
      s.members.remove(r.profile().userId());
    }
  }

  /** Takes an erased user out of every segment. */
  public void erased(String userId) {
    synchronized (membership) {
      for (Segment s : segments.values()) {
        s.members.remove(userId);
      }
      for (Segment s : building.values()) {
        s.members.remove(userId);
      }
    }
  }

  /**
   * Re-evaluates every segment for every user, then records the sizes.
   *
   * @param users every user id
   * @param current the user's current profile, read under the membership lock
   */
  public void refresh(
      Iterable<String> users, Function<String, Profile> current, ProfileContext context, long now) {
    if (segments.isEmpty()) {
      return;
    }
    for (String user : users) {
      synchronized (membership) {
        Profile p = current.apply(user);
        if (p != null) {
          evaluate(p, context, now);
        }
      }
    }
    for (Segment s : segments.values()) {
      // members without a profile (erased, or gone in a rebuild) leave
      s.members.removeIf(user -> current.apply(user) == null);
      s.record(now);
    }
  }

  /** The segments a profile belongs to, read now (not from the live sets). */
  public List<ProfileView.SegmentRef> of(Reading r) {
    List<ProfileView.SegmentRef> out = new ArrayList<>();
    for (Segment s : segments.values()) {
      if (s.rule.test(r)) {
        out.add(new ProfileView.SegmentRef(s.definition.name(), s.definition.rule()));
      }
    }
    out.sort(Comparator.comparing(ProfileView.SegmentRef::name));
    return out;
  }

  public Optional<Info> info(String name) {
    Segment s = segments.get(name);
    return s == null ? Optional.empty() : Optional.of(info(s));
  }

  private static Info info(Segment s) {
    return new Info(s.definition, s.members.size(), s.history());
  }

  /** Every segment, by name. */
  public List<Info> all() {
    List<Info> out = new ArrayList<>();
    segments.values().forEach(s -> out.add(info(s)));
    out.sort(Comparator.comparing(i -> i.definition().name()));
    return out;
  }

  public Optional<Definition> definition(String name) {
    Segment s = segments.get(name);
    return s == null ? Optional.empty() : Optional.of(s.definition);
  }

  /** A page of a segment's members in id order, after {@code cursor} (exclusive, or null). */
  public Optional<Audience.Page> members(String name, String cursor, int limit) {
    Segment s = segments.get(name);
    if (s == null) {
      return Optional.empty();
    }
    return Optional.of(Audience.page(s.members, s.members.size(), cursor, limit));
  }

  public int count() {
    return segments.size();
  }
}
