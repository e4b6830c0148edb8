package dev.persona.profile.live;

import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.StoredEvent;
import dev.persona.profile.Profile;
import dev.persona.profile.ProfileUpdater;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every user's profile, in memory, kept current by applying the store's changes in log order. One
 * thread writes (the store's change feed, or the replay at start-up); any number read. Profiles are
 * immutable values, so a reader always sees a whole profile as of some event.
 *
 * <p>It also remembers which users changed since the last {@link #drain}, so that snapshots write
 * only those.
 */
public final class ProfileBook {
  private final ProfileUpdater updater;
  private final Function<String, Item> catalogue;
  private final ConcurrentHashMap<String, Profile> profiles = new ConcurrentHashMap<>();
  private Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final Object drainLock = new Object();
  private volatile long applied;

  /**
   * @param catalogue the item of an id, or {@code null} when unknown
   */
  public ProfileBook(ProfileUpdater updater, Function<String, Item> catalogue) {
    this.updater = updater;
    this.catalogue = catalogue;
  }

  public ProfileUpdater updater() {
    return updater;
  }

  /** The user's profile, or {@code null} when the user has neither events nor a record. */
  public Profile get(String userId) {
    return profiles.get(userId);
  }

  public int size() {
    return profiles.size();
  }

  /** A live view of every profile (weakly consistent while events arrive). */
  public Collection<Profile> profiles() {
    return profiles.values();
  }

  /** The highest log sequence applied. */
  public long applied() {
    return applied;
  }

  /**
   * Applies an event from the log; an event at or before the sequence the user's profile already
   * reflects (a snapshot taken after it) is skipped.
   *
   * @return the user's profile after it
   */
  public Profile apply(StoredEvent stored) {
    String userId = stored.event().userId();
    Profile before = profiles.get(userId);
    if (before != null && before.sequence() >= stored.sequence()) {
      return before;
    }
    String itemId = stored.event().itemId();
    Profile after = updater.apply(before, stored, itemId == null ? null : catalogue.apply(itemId));
    synchronized (drainLock) {
      profiles.put(userId, after);
      dirty.add(userId);
      applied = Math.max(applied, stored.sequence());
    }
    return after;
  }

  /** Takes a user's attributes and consent (a record that changes neither changes nothing). */
  public Profile putUser(User user) {
    Profile before = profiles.get(user.id());
    Profile after = updater.withUser(before, user);
    if (before != null
        && before.profiling() == after.profiling()
        && before.attributes().equals(after.attributes())) {
      return before;
    }
    synchronized (drainLock) {
      profiles.put(user.id(), after);
      dirty.add(user.id());
    }
    return after;
  }

  /** Forgets a user (erased). */
  public boolean erase(String userId) {
    synchronized (drainLock) {
      dirty.add(userId);
      return profiles.remove(userId) != null;
    }
  }

  /** Puts a profile read from a snapshot (not dirty: the snapshot holds it). */
  public void load(Profile profile) {
    profiles.put(profile.userId(), profile);
    applied = Math.max(applied, profile.sequence());
  }

  /** Forgets everything (before a rebuild from the log). */
  public void clear() {
    synchronized (drainLock) {
      profiles.clear();
      dirty = ConcurrentHashMap.newKeySet();
      applied = 0;
    }
  }

  /** Sets how far the log has been applied (after a replay that skipped erased sequences). */
  public void appliedUpTo(long sequence) {
    applied = Math.max(applied, sequence);
  }

  /**
   * What changed since the last drain, as of one moment: the changed users' profiles ({@code null}
   * for a user erased), and the log sequence they reflect.
   */
  public record Changes(long sequence, Map<String, Profile> profiles) {}

  /**
   * Takes the changes since the last drain. Only the swap of the changed-user set happens under the
   * lock the writer takes; the profiles are read after it, so they may already reflect events after
   * {@code sequence}, which is safe: each profile records the last event it applied, and a replay
   * skips what a profile already reflects.
   */
  public Changes drain() {
    Set<String> taken;
    long sequence;
    synchronized (drainLock) {
      taken = dirty;
      dirty = ConcurrentHashMap.newKeySet();
      sequence = applied;
    }
    Map<String, Profile> out = new HashMap<>(Math.max(16, taken.size() * 2));
    for (String user : taken) {
      out.put(user, profiles.get(user));
    }
    return new Changes(sequence, out);
  }

  /** Marks users as changed again (their snapshot write failed). */
  public void markDirty(Collection<String> users) {
    synchronized (drainLock) {
      dirty.addAll(users);
    }
  }

  /** A live view of every user id. */
  public Set<String> userIds() {
    return profiles.keySet();
  }

  /** Users changed since the last drain. */
  public int pending() {
    return dirty.size();
  }
}
