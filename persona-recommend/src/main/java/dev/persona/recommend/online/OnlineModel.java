package dev.persona.recommend.online;

import dev.persona.core.index.IdIndex;
import dev.persona.core.model.Event;
import dev.persona.core.store.StoredEvent;
import dev.persona.core.topk.TopK;
import dev.persona.recommend.RecommendConfig;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntMaps;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What recommendations learn from every event, the moment it is accepted: decayed popularity per
 * window and per user group, item co-occurrence (users who interacted with both, within each user's
 * recent items), session transitions (which item follows which within a visit), the latest users of
 * each item, and each user's recent and excluded items. Nothing here is trained in batches: a new
 * item has neighbours after its first co-occurrences, and a click moves the next list.
 *
 * <p>One thread writes ({@link #observe}, in log order, from the store's change feed or the replay
 * at start-up); any number of request threads read. Item state lives in arrays indexed by the
 * {@link IdIndex}; a per-item map is read and written under its own lock, so reads see a whole map;
 * per-user state is an immutable value swapped on each event.
 *
 * <p>Popularity uses the same scaled form as profile interests: each window keeps {@code s_i = sum
 * of w * 2^((t - base) / halfLife)}, so adding is one multiply-add and the decayed count at any
 * time is {@code s_i * 2^(-(now - base) / halfLife)}.
 */
public final class OnlineModel {
  static final long DAY = 86_400_000L;

  /** The popularity windows, as half-lives: a day, a week, a month. */
  public static final List<String> WINDOWS = List.of("1d", "7d", "30d");

  static final double[] HALF_LIVES = {DAY, 7.0 * DAY, 30.0 * DAY};
  static final int WEEK = 1;
  static final int ITEM_USERS = 32;
  static final int TRANSITIONS = 64;
  private static final double MAX_EXPONENT = 60;

  private final RecommendConfig config;
  private final Measure measure;
  private final IdIndex items;
  private final Object growth = new Object();

  // per window: scaled decayed popularity, and its reference time
  private volatile double[][] popularity;
  private final long[] base = new long[HALF_LIVES.length];
  private final double trendingHalfLife;
  private volatile double[] shortTerm;
  private long shortBase;
  private final Map<String, double[]> groups = new ConcurrentHashMap<>();
  private final Map<String, Long> groupBase = new ConcurrentHashMap<>();

  private volatile Int2IntOpenHashMap[] cooc;
  private volatile Int2IntOpenHashMap[] next;
  // neighbour lists as last computed, and how many times each item's co-occurrences changed
  private volatile Cached[] neighbourCache;
  // neighbour lists scored from all their counts (by requests) and renewed in place (by the writer)
  private final LongAdder scorings = new LongAdder();
  private final LongAdder renewalsMade = new LongAdder();
  private volatile int[] coocVersion;
  private volatile float[] users;
  private volatile double totalUsers;
  // each item's latest users by slot number (-1: none, or erased), a ring of ITEM_USERS
  private volatile int[][] itemUsers;
  private volatile int[] itemUserNext;

  private final ConcurrentHashMap<String, Slot> states = new ConcurrentHashMap<>();
  // the log as learned: the last event's sequence, and how many of its events are still there
  private long lastSequence = -1;
  private long learned;

  // every slot by its number (null once erased), and the next number (volatile: a search reads it
  // before looking its user up, to know which slots were made after that lookup)
  private volatile Slot[] byNumber;
  private volatile int slots;
  // every slot's recent items by its number (null once erased), written with each state: a search
  // of similar users reads them in one load from the number, not through the slot and the state
  private volatile int[][] recentByNumber;
  private static final VarHandle RECENT = MethodHandles.arrayElementVarHandle(int[][].class);

  /**
   * A user's place in the model: their id, a number in order of arrival, and their latest state.
   * Items list their latest users by slot number, so that finding similar users counts them by
   * number (no string hashing, no object to load) and reads each candidate's recent items from
   * {@code recentByNumber} in one load.
   */
  static final class Slot {
    final String id;
    final int number;
    volatile UserState state = UserState.EMPTY;

    Slot(String id, int number) {
      this.id = id;
      this.number = number;
    }
  }

  private Slot newSlot(String id) {
    if (slots == byNumber.length) {
      recentByNumber = Arrays.copyOf(recentByNumber, 2 * slots);
      byNumber = Arrays.copyOf(byNumber, 2 * slots);
    }
    Slot s = new Slot(id, slots);
    byNumber[slots++] = s;
    return s;
  }

  public OnlineModel(RecommendConfig config, IdIndex items) {
    this.config = config;
    this.measure = Measure.valueOf(config.similarity().toUpperCase(java.util.Locale.ROOT));
    this.items = items;
    this.trendingHalfLife = config.trendingHalfLife().toMillis();
    reset(); // every array at its first size, nothing learned
  }

  public IdIndex items() {
    return items;
  }

  public RecommendConfig config() {
    return config;
  }

  // ---- writing (one thread) ----

  /**
   * Learns from one event.
   *
   * @param groupKeys the user's groups, such as {@code gender=F} (see {@link
   *     RecommendConfig#groupAttributes}); may be empty
   */
  public void observe(StoredEvent stored, List<String> groupKeys) {
    lastSequence = stored.sequence();
    learned++;
    Event e = stored.event();
    if (e.itemId() == null) {
      return;
    }
    int j = items.add(e.itemId());
    ensure(j);
    String user = e.userId();
    Slot slot = states.get(user);
    UserState before = slot == null ? UserState.EMPTY : slot.state;
    double w = config.weight(e.type(), e.value());
    long t = e.timestamp();
    boolean exclude = config.excludeTypes().contains(e.type());
    if (w <= 0 && !exclude) {
      return;
    }
    if (slot == null) {
      slot = newSlot(user);
    }
    UserState after = before;
    if (w > 0) {
      addPopularity(j, w, t, groupKeys);
      boolean seen = before.contains(j);
      if (!seen) {
        users[j] += 1;
        totalUsers += 1;
        int[] version = coocVersion;
        for (int i : before.recent()) {
          int c = increment(cooc, i, j, 1, config.neighbours());
          increment(cooc, j, i, 1, config.neighbours());
          version[i]++; // after the count: a list scored in between is renewed to the same entry
          renew(i, j, c, version[i]);
        }
        // after all of j's new pairs, so that a list of j's scored while they were being added is
        // not cached under the new version (renewal would then carry its missing pairs forward)
        version[j]++;
        addItemUser(j, slot.number);
      }
      if (before.recent().length > 0
          && before.recent()[0] != j
          && sameVisit(before, e.sessionId(), t)) {
        increment(next, before.recent()[0], j, 1, TRANSITIONS);
      }
      after = before.touched(j, type(e.type()), e.sessionId(), t, config.recentItems());
    }
    if (exclude) {
      after = after.excluding(j);
    }
    slot.state = after;
    RECENT.setRelease(recentByNumber, slot.number, after.recent()); // its contents before it
    states.putIfAbsent(user, slot);
  }

  private static boolean sameVisit(UserState s, String session, long t) {
    if (t < s.lastTime() || t - s.lastTime() > 30 * 60_000L) {
      return false;
    }
    return session == null ? s.session() == null : session.equals(s.session());
  }

  /** Forgets a user's own traces: recent and excluded items, and their place among items' users. */
  public void erase(String userId) {
    Slot s = states.remove(userId);
    if (s == null) {
      return;
    }
    s.state = UserState.EMPTY; // for a request that already holds the slot
    RECENT.setRelease(recentByNumber, s.number, (int[]) null);
    byNumber[s.number] = null;
    int[][] lists = itemUsers;
    for (int[] list : lists) {
      if (list != null) {
        synchronized (list) {
          for (int k = 0; k < list.length; k++) {
            if (list[k] == s.number) {
              list[k] = -1;
            }
          }
        }
      }
    }
  }

  private void addPopularity(int j, double w, long t, List<String> groupKeys) {
    double[][] pop = popularity;
    for (int k = 0; k < HALF_LIVES.length; k++) {
      if (base[k] == Long.MIN_VALUE) {
        base[k] = t;
      }
      double exponent = (t - base[k]) / HALF_LIVES[k];
      if (exponent > MAX_EXPONENT) {
        scale(pop[k], Math.pow(2, -exponent));
        base[k] = t;
        exponent = 0;
      }
      pop[k][j] += w * Math.pow(2, exponent);
    }
    if (shortBase == Long.MIN_VALUE) {
      shortBase = t;
    }
    double e = (t - shortBase) / trendingHalfLife;
    double[] st = shortTerm;
    if (e > MAX_EXPONENT) {
      scale(st, Math.pow(2, -e));
      shortBase = t;
      e = 0;
    }
    st[j] += w * Math.pow(2, e);
    for (String g : groupKeys) {
      double[] arr = groups.computeIfAbsent(g, x -> new double[popularity[0].length]);
      if (arr.length <= j) {
        arr = Arrays.copyOf(arr, popularity[0].length);
        groups.put(g, arr);
      }
      long gb = groupBase.computeIfAbsent(g, x -> t);
      double ge = (t - gb) / HALF_LIVES[WEEK];
      if (ge > MAX_EXPONENT) {
        scale(arr, Math.pow(2, -ge));
        groupBase.put(g, t);
        ge = 0;
      }
      arr[j] += w * Math.pow(2, ge);
    }
  }

  private static void scale(double[] a, double f) {
    for (int i = 0; i < a.length; i++) {
      a[i] *= f;
    }
  }

  /**
   * Adds {@code by} to the count of {@code j} in {@code i}'s map, and returns the new count, or -1
   * where the map was pruned to its {@code cap} largest entries (other entries went with it).
   */
  private static int increment(Int2IntOpenHashMap[] maps, int i, int j, int by, int cap) {
    Int2IntOpenHashMap m = maps[i];
    if (m == null) {
      m = new Int2IntOpenHashMap(4);
      maps[i] = m;
    }
    synchronized (m) {
      int count = m.addTo(j, by) + by;
      if (m.size() > cap + cap / 4) {
        prune(m, cap);
        return -1;
      }
      return count;
    }
  }

  /**
   * Item {@code i}'s cached neighbour list after its co-occurrence with {@code j} became {@code
   * count}, as the event that paired them left the counts ({@code j}'s users included): only that
   * one entry of the list changes, so it is changed in place rather than the list computed again at
   * the next request (which reads every co-occurring item). Not where the list was already out of
   * date (its version is not the one before this change), where pruning removed entries, where it
   * has been renewed {@value #RENEWALS} times since it was computed (so that the other entries'
   * user counts, and with the log-likelihood ratio the total, are brought up to date often), or
   * where the new score leaves it unknown which entry is now last ({@link #renewed}): then the list
   * is computed again when next asked for.
   */
  private void renew(int i, int j, int count, int version) {
    Cached[] cache = neighbourCache;
    Cached old = cache[i];
    if (count < 0 || old == null || old.version() != version - 1 || old.renewals() >= RENEWALS) {
      return;
    }
    float[] counts = users;
    float sim = similarity(count, countOf(counts, i), countOf(counts, j));
    Neighbours next = renewed(old.neighbours(), j, sim, CACHED_NEIGHBOURS);
    if (next != null) {
      cache[i] = new Cached(version, old.totalUsers(), old.renewals() + 1, next);
      renewalsMade.increment();
    }
  }

  /** Neighbour lists scored from all their co-occurrence counts for the cache, since the start. */
  public long neighbourScorings() {
    return scorings.sum();
  }

  /** Cached neighbour lists changed in place for one new pairing, since the start. */
  public long neighbourRenewals() {
    return renewalsMade.sum();
  }

  /**
   * How many times item {@code i}'s cached neighbour list was renewed in place; -1 if none (tests).
   */
  int renewals(int i) {
    Cached c = i < neighbourCache.length ? neighbourCache[i] : null;
    return c == null ? -1 : c.renewals();
  }

  /** Renewals in place of a neighbour list before it is computed again from all its counts. */
  static final int RENEWALS = 16;

  /**
   * {@code list} (the best {@code cap} of some items' positive scores, best first, ties to the
   * lower item, as {@link TopK} ranks them) after {@code item}'s score became {@code score} (or
   * {@code item} arrived): the best {@code cap} of the new scores, or {@code null} where the list
   * cannot tell them. That is when the list was full and {@code item}'s new score no longer ranks
   * above its last entry, where an item outside the list could now rank above it.
   */
  static Neighbours renewed(Neighbours list, int item, float score, int cap) {
    int n = list.size();
    int at = -1;
    for (int p = 0; p < n; p++) {
      if (list.items()[p] == item) {
        at = p;
        break;
      }
    }
    boolean full = n >= cap;
    long packed = TopK.pack(item, score);
    boolean aboveLast = n > 0 && packed > TopK.pack(list.items()[n - 1], list.scores()[n - 1]);
    boolean kept = score > 0;
    if (full && at >= 0 && !(kept && aboveLast)) {
      return null; // it fell to the end or out of a full list: what was below the list is unknown
    }
    if (full && at < 0 && !(kept && aboveLast)) {
      return list; // it stays outside
    }
    // the others in order, then the item in its place (when it is kept); a full list drops its last
    int size = n - (at >= 0 ? 1 : 0);
    if (full && at < 0) {
      size--; // the item takes the last one's place
    }
    int total = size + (kept ? 1 : 0);
    int[] items = new int[total];
    float[] scores = new float[total];
    int q = 0;
    boolean placed = !kept;
    for (int p = 0; p < n && q < total; p++) {
      if (p == at) {
        continue;
      }
      if (!placed && packed > TopK.pack(list.items()[p], list.scores()[p])) {
        items[q] = item;
        scores[q++] = score;
        placed = true;
        if (q == total) {
          break;
        }
      }
      items[q] = list.items()[p];
      scores[q++] = list.scores()[p];
    }
    if (!placed) {
      items[q] = item;
      scores[q] = score;
    }
    return new Neighbours(items, scores);
  }

  /**
   * Keeps the {@code cap} largest entries (the lower item among equals; counts and items are not
   * negative). One sort of the entries packed as longs, then the others removed: the writer prunes
   * a full map every {@code cap / 4} new pairs of its item, which on a long log was about a third
   * of learning an event when it went through a heap, a second map and a reinsertion of the kept.
   * (That heap scored in floats, so counts above 2^24 came back rounded; here they stay exact.)
   */
  static void prune(Int2IntOpenHashMap m, int cap) {
    int n = m.size();
    if (n <= cap) {
      return;
    }
    long[] packed = new long[n]; // the count high, the item inverted low: a larger long is better
    int k = 0;
    for (Int2IntMap.Entry e : Int2IntMaps.fastIterable(m)) {
      packed[k++] = (long) e.getIntValue() << 32 | (~e.getIntKey() & 0xFFFF_FFFFL);
    }
    Arrays.sort(packed);
    for (int q = 0; q < n - cap; q++) {
      m.remove(~(int) packed[q]);
    }
  }

  private void addItemUser(int j, int user) {
    int[] list = itemUsers[j];
    if (list == null) {
      list = new int[ITEM_USERS];
      Arrays.fill(list, -1);
      itemUsers[j] = list;
    }
    synchronized (list) {
      int at = itemUserNext[j];
      list[at] = user;
      itemUserNext[j] = (at + 1) % ITEM_USERS;
    }
  }

  private void ensure(int j) {
    if (j < users.length) {
      return;
    }
    synchronized (growth) {
      int n = Math.max(users.length * 2, j + 1);
      double[][] pop = new double[HALF_LIVES.length][];
      for (int k = 0; k < pop.length; k++) {
        pop[k] = Arrays.copyOf(popularity[k], n);
      }
      popularity = pop;
      shortTerm = Arrays.copyOf(shortTerm, n);
      cooc = Arrays.copyOf(cooc, n);
      next = Arrays.copyOf(next, n);
      itemUsers = Arrays.copyOf(itemUsers, n);
      itemUserNext = Arrays.copyOf(itemUserNext, n);
      neighbourCache = Arrays.copyOf(neighbourCache, n);
      coocVersion = Arrays.copyOf(coocVersion, n);
      users = Arrays.copyOf(users, n);
    }
  }

  static byte type(String type) {
    return switch (type) {
      case "purchase" -> UserState.BOUGHT;
      case "cart" -> UserState.CARTED;
      case "rate" -> UserState.RATED;
      case "like", "favorite" -> UserState.LIKED;
      default -> UserState.VIEWED;
    };
  }

  // ---- snapshot (the writer's side: the caller keeps observe and erase out while it runs) ----

  private static final int MAGIC = 0x504F4E4C; // "PONL"
  private static final int FORMAT = 2; // 2: a CRC-32C of the data after the end marker
  private static final int END = 0x454E4421; // "END!"

  /** The sequence of the last event learned, -1 before the first. */
  public long lastSequence() {
    return lastSequence;
  }

  /**
   * Events learned and still in the log: every event observed, less those removed since by erasure
   * ({@link #eventsErased}). After a replay it equals the log's count of events up to {@link
   * #lastSequence()}, which is how a start-up notices a snapshot that no longer fits.
   */
  public long learned() {
    return learned;
  }

  /** Notes that an erasure removed {@code events} events this model had learned from the log. */
  public void eventsErased(long events) {
    learned -= events;
  }

  /** Forgets everything learned (the item index keeps its ids), as a new model would be. */
  public void reset() {
    synchronized (growth) {
      popularity = new double[HALF_LIVES.length][1024];
      Arrays.fill(base, Long.MIN_VALUE);
      shortTerm = new double[1024];
      shortBase = Long.MIN_VALUE;
      groups.clear();
      groupBase.clear();
      cooc = new Int2IntOpenHashMap[1024];
      next = new Int2IntOpenHashMap[1024];
      neighbourCache = new Cached[1024];
      coocVersion = new int[1024];
      users = new float[1024];
      totalUsers = 0;
      itemUsers = new int[1024][];
      itemUserNext = new int[1024];
      states.clear();
      byNumber = new Slot[1024];
      recentByNumber = new int[1024][];
      slots = 0;
      lastSequence = -1;
      learned = 0;
    }
  }

  /**
   * Writes everything the model has learned, with the settings that shaped it and the last event's
   * sequence, so that {@link #readSnapshot} and a replay of the log after that event give the model
   * this one would have become. Computed neighbour lists are not kept: they are worked out again on
   * first use. The data is followed by its CRC-32C (eight bytes), so that {@link #readSnapshot}
   * notices a value changed on disk as well as a structure that does not hold.
   */
  public void writeSnapshot(OutputStream raw) throws IOException {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(new java.util.zip.CheckedOutputStream(raw, crc), 1 << 20));
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    writeString(out, config.onlineFingerprint());
    out.writeLong(lastSequence);
    out.writeLong(learned);
    int ids = items.size();
    out.writeInt(ids);
    for (int i = 0; i < ids; i++) {
      writeString(out, items.toId(i));
    }
    float[] counts = users;
    int cap = counts.length;
    out.writeInt(cap);
    for (int k = 0; k < HALF_LIVES.length; k++) {
      out.writeLong(base[k]);
      writeDoubles(out, popularity[k]);
    }
    out.writeLong(shortBase);
    writeDoubles(out, shortTerm);
    java.util.List<String> keys = new java.util.ArrayList<>(groups.keySet());
    java.util.Collections.sort(keys);
    out.writeInt(keys.size());
    for (String g : keys) {
      writeString(out, g);
      out.writeLong(groupBase.get(g));
      double[] arr = groups.get(g);
      out.writeInt(arr.length);
      writeDoubles(out, arr);
    }
    for (float c : counts) {
      out.writeFloat(c);
    }
    out.writeDouble(totalUsers);
    writeMaps(out, cooc);
    writeMaps(out, next);
    int[][] lists = itemUsers;
    int[] nexts = itemUserNext;
    for (int i = 0; i < cap; i++) {
      out.writeBoolean(lists[i] != null);
      if (lists[i] != null) {
        for (int v : lists[i]) {
          out.writeInt(v);
        }
      }
      out.writeInt(nexts[i]);
    }
    int n = slots;
    Slot[] all = byNumber;
    out.writeInt(n);
    for (int s = 0; s < n; s++) {
      Slot slot = all[s];
      out.writeBoolean(slot != null);
      if (slot == null) {
        continue; // erased: the number stays taken, as item lists may still show it
      }
      writeString(out, slot.id);
      UserState u = slot.state;
      writeInts(out, u.recent());
      out.write(u.types());
      out.writeBoolean(u.session() != null);
      if (u.session() != null) {
        writeString(out, u.session());
      }
      out.writeLong(u.lastTime());
      writeInts(out, u.excluded());
    }
    out.writeInt(END);
    out.flush(); // every byte of the data has passed the checksum
    DataOutputStream trailer = new DataOutputStream(raw);
    trailer.writeLong(crc.getValue());
    trailer.flush();
  }

  /**
   * Fills this model, which must be new (or {@link #reset}) over an empty item index, from a
   * snapshot of {@link #writeSnapshot}; then replay the log after {@link #lastSequence()}. Refused
   * with the reason, the model left as it was, when the snapshot was made under other settings,
   * reflects events beyond {@code lastInLog}, or is cut short or damaged (a length that the
   * snapshot's {@code size} in bytes cannot hold, an item or user number out of range, an end
   * marker missing, or a checksum that does not match the data, which catches a value changed on
   * disk such as a flipped bit in a count). {@code size} is the snapshot's length in bytes: its
   * last eight are the checksum.
   */
  public void readSnapshot(InputStream raw, long lastInLog, long size) throws IOException {
    if (slots != 0 || items.size() != 0 || lastSequence != -1) {
      throw new IllegalStateException("a snapshot can only fill a new model");
    }
    if (size < Long.BYTES) {
      throw new IOException("cut short: " + size + " bytes, too few for a snapshot");
    }
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    // the buffer reads ahead, but never past the data: the checksum after it is read on its own
    DataInputStream in =
        new DataInputStream(
            new BufferedInputStream(
                new java.util.zip.CheckedInputStream(new Limited(raw, size - Long.BYTES), crc),
                1 << 20));
    try {
      if (in.readInt() != MAGIC) {
        throw new IOException("not an online model snapshot");
      }
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IOException("snapshot format " + format + ", this version reads " + FORMAT);
      }
      String fingerprint = readString(in);
      if (!fingerprint.equals(config.onlineFingerprint())) {
        throw new IOException(
            "made under other settings ("
                + fingerprint
                + "; now "
                + config.onlineFingerprint()
                + ")");
      }
      long sequence = in.readLong();
      if (sequence > lastInLog) {
        throw new IOException(
            "it reflects events up to " + sequence + " but the log ends at " + lastInLog);
      }
      long events = in.readLong();
      int fits = (int) Math.min(1 << 30, size / 4); // anything listed takes 4 bytes or more
      String[] ids = new String[checked(in.readInt(), fits, "item ids")];
      java.util.Set<String> distinct = new java.util.HashSet<>(2 * ids.length);
      for (int i = 0; i < ids.length; i++) {
        ids[i] = readString(in);
        if (!distinct.add(ids[i])) {
          throw new IOException("damaged: item id '" + ids[i] + "' twice");
        }
      }
      // each item slot takes 36 bytes or more (popularity, short term, users)
      int cap = checked(in.readInt(), (int) Math.min(1 << 30, size / 36), "item capacity");
      int known = Math.min(cap, ids.length); // items with events have ids and slots
      long[] bases = new long[HALF_LIVES.length];
      double[][] pop = new double[HALF_LIVES.length][];
      for (int k = 0; k < pop.length; k++) {
        bases[k] = in.readLong();
        pop[k] = readDoubles(in, cap);
      }
      long sb = in.readLong();
      double[] st = readDoubles(in, cap);
      int groupCount = checked(in.readInt(), fits, "groups");
      Map<String, double[]> gs = new HashMap<>();
      Map<String, Long> gbs = new HashMap<>();
      for (int g = 0; g < groupCount; g++) {
        String key = readString(in);
        gbs.put(key, in.readLong());
        gs.put(key, readDoubles(in, checked(in.readInt(), cap, "a group's items")));
      }
      float[] counts = new float[cap];
      for (int i = 0; i < cap; i++) {
        counts[i] = in.readFloat();
      }
      double total = in.readDouble();
      Int2IntOpenHashMap[] co = readMaps(in, cap, known, config.neighbours() * 5 / 4 + 1);
      Int2IntOpenHashMap[] nx = readMaps(in, cap, known, TRANSITIONS * 5 / 4 + 1);
      int[][] lists = new int[cap][];
      int[] nexts = new int[cap];
      for (int i = 0; i < cap; i++) {
        if (in.readBoolean()) {
          lists[i] = new int[ITEM_USERS];
          for (int q = 0; q < ITEM_USERS; q++) {
            lists[i][q] = in.readInt();
          }
        }
        nexts[i] = checked(in.readInt(), ITEM_USERS - 1, "an item's next user place");
      }
      int n = checked(in.readInt(), (int) Math.min(1 << 29, size), "users");
      Slot[] all = new Slot[Math.max(1024, Integer.highestOneBit(Math.max(n, 1)) * 2)];
      for (int s = 0; s < n; s++) {
        if (!in.readBoolean()) {
          continue;
        }
        Slot slot = new Slot(readString(in), s);
        int[] recent = items(readInts(in, config.recentItems()), known);
        byte[] types = new byte[recent.length];
        in.readFully(types);
        String session = in.readBoolean() ? readString(in) : null;
        long lastTime = in.readLong();
        int[] excluded = items(readInts(in, known), known);
        for (int q = 1; q < excluded.length; q++) {
          if (excluded[q] <= excluded[q - 1]) {
            throw new IOException("damaged: a user's excluded items are not in order");
          }
        }
        slot.state = new UserState(recent, types, session, lastTime, excluded);
        all[s] = slot;
      }
      for (int[] list : lists) {
        for (int q = 0; list != null && q < ITEM_USERS; q++) {
          checked(list[q] + 1, n, "as a user's number, plus one");
        }
      }
      if (in.readInt() != END) {
        throw new IOException("damaged: no end marker where the data ends");
      }
      if (in.read() != -1) {
        throw new IOException("damaged: more data after the end marker");
      }
      long stored = new DataInputStream(raw).readLong();
      if (stored != crc.getValue()) {
        throw new IOException(
            "damaged: its checksum does not match its data (a value changed on disk)");
      }
      // all read: now fill the model
      for (int i = 0; i < ids.length; i++) {
        if (items.add(ids[i]) != i) {
          throw new IllegalStateException("the item index changed while the snapshot was read");
        }
      }
      synchronized (growth) {
        popularity = pop;
        System.arraycopy(bases, 0, base, 0, bases.length);
        shortTerm = st;
        shortBase = sb;
        groups.putAll(gs);
        groupBase.putAll(gbs);
        cooc = co;
        next = nx;
        neighbourCache = new Cached[cap];
        coocVersion = new int[cap];
        users = counts;
        totalUsers = total;
        itemUsers = lists;
        itemUserNext = nexts;
        int[][] recents = new int[all.length][];
        for (int s = 0; s < n; s++) {
          if (all[s] != null) {
            recents[s] = all[s].state.recent();
            states.put(all[s].id, all[s]);
          }
        }
        recentByNumber = recents;
        byNumber = all;
        slots = n;
        lastSequence = sequence;
        learned = events;
      }
    } catch (java.io.EOFException e) {
      throw new IOException("cut short: it ends before its data does", e);
    }
  }

  /** The first {@code limit} bytes of a stream, then its end, however much more it holds. */
  private static final class Limited extends java.io.FilterInputStream {
    private long left;

    Limited(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return len == 0 ? 0 : -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      if (n <= 0 || left <= 0) {
        return 0;
      }
      long skipped = in.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }

    @Override
    public synchronized void mark(int readLimit) {
      // not supported: a reset would have to restore the count of bytes left
    }

    @Override
    public synchronized void reset() throws IOException {
      throw new IOException("mark/reset not supported");
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), left);
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  private static int checked(int v, int max, String what) throws IOException {
    if (v < 0 || v > max) {
      throw new IOException("damaged: " + v + " " + what + " (0.." + max + " expected)");
    }
    return v;
  }

  /** {@code list}, once each of its entries is known to be an item below {@code cap}. */
  private static int[] items(int[] list, int cap) throws IOException {
    for (int i : list) {
      checked(i, cap - 1, "as an item");
    }
    return list;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    byte[] b = new byte[checked(in.readInt(), 1 << 20, "bytes in a string")];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
    for (double d : a) {
      out.writeDouble(d);
    }
  }

  private static double[] readDoubles(DataInputStream in, int n) throws IOException {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }

  private static void writeInts(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int v : a) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(DataInputStream in, int max) throws IOException {
    int[] a = new int[checked(in.readInt(), max, "entries in a user's list")];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readInt();
    }
    return a;
  }

  private static void writeMaps(DataOutputStream out, Int2IntOpenHashMap[] maps)
      throws IOException {
    for (Int2IntOpenHashMap m : maps) {
      if (m == null) {
        out.writeInt(-1);
        continue;
      }
      out.writeInt(m.size());
      for (Int2IntMap.Entry e : Int2IntMaps.fastIterable(m)) {
        out.writeInt(e.getIntKey());
        out.writeInt(e.getIntValue());
      }
    }
  }

  private static Int2IntOpenHashMap[] readMaps(DataInputStream in, int cap, int known, int most)
      throws IOException {
    Int2IntOpenHashMap[] maps = new Int2IntOpenHashMap[cap];
    for (int i = 0; i < cap; i++) {
      int size = in.readInt();
      if (size == -1) {
        continue;
      }
      Int2IntOpenHashMap m = new Int2IntOpenHashMap(Math.max(4, checked(size, most, "pairs")));
      for (int q = 0; q < size; q++) {
        m.put(checked(in.readInt(), known - 1, "as an item"), in.readInt());
      }
      maps[i] = m;
    }
    return maps;
  }

  // ---- reading (any thread) ----

  /** The user's state, {@link UserState#EMPTY} for a user never seen. */
  public UserState user(String userId) {
    Slot s = states.get(userId);
    return s == null ? UserState.EMPTY : s.state;
  }

  /** Decayed popularity of an item in a window (an index into {@link #WINDOWS}) at {@code now}. */
  public double popularity(int item, int window, long now) {
    double[] pop = popularity[window];
    if (item >= pop.length || base[window] == Long.MIN_VALUE) {
      return 0;
    }
    return pop[item] * Math.pow(2, -(now - base[window]) / HALF_LIVES[window]);
  }

  /** The factor that turns the stored popularity of a window into its value at {@code now}. */
  public double decay(int window, long now) {
    return base[window] == Long.MIN_VALUE
        ? 0
        : Math.pow(2, -(now - base[window]) / HALF_LIVES[window]);
  }

  /** Stored (scaled) popularity of a window; multiply by {@link #decay}. */
  public double scaledPopularity(int item, int window) {
    double[] pop = popularity[window];
    return item < pop.length ? pop[item] : 0;
  }

  /**
   * How much faster an item is taken up now than over the week: the short window's rate over the
   * week's, times the log of the short window's count, so that a few events on a rare item do not
   * outrank steady demand. 0 for items without recent events.
   */
  public double trending(int item, long now) {
    double[] st = shortTerm;
    if (item >= st.length || shortBase == Long.MIN_VALUE) {
      return 0;
    }
    double recent = st[item] * Math.pow(2, -(now - shortBase) / trendingHalfLife);
    if (recent < 1) {
      return 0;
    }
    double week = popularity(item, WEEK, now);
    double rateRatio = (recent / trendingHalfLife) / ((week + 1) / HALF_LIVES[WEEK]);
    return rateRatio * Math.log1p(recent);
  }

  /** A group's decayed weekly popularity of an item (0 for an unknown group). */
  public double groupPopularity(String group, int item, long now) {
    double[] arr = groups.get(group);
    Long gb = groupBase.get(group);
    if (arr == null || gb == null || item >= arr.length) {
      return 0;
    }
    return arr[item] * Math.pow(2, -(now - gb) / HALF_LIVES[WEEK]);
  }

  /** Users who interacted with the item (each counted once per recent-items window). */
  public float users(int item) {
    return countOf(users, item);
  }

  /** {@code item}'s entry in one read of {@link #users} (0 past its end: the array grows). */
  private static float countOf(float[] counts, int item) {
    return item < counts.length ? counts[item] : 0;
  }

  /**
   * The latest users to interact with the item (a positive signal while it was not among their
   * recent items), newest first, each once: at most {@code n} of the latest {@value #ITEM_USERS}
   * arrivals. An erased user is not listed.
   */
  public List<String> latestUsers(int item, int n) {
    int[][] lists = itemUsers;
    if (item < 0 || item >= lists.length || lists[item] == null) {
      return List.of();
    }
    int[] list = lists[item];
    List<String> out = new java.util.ArrayList<>(Math.min(n, ITEM_USERS));
    synchronized (list) {
      Slot[] all = byNumber;
      int next = itemUserNext[item];
      for (int k = 1; k <= ITEM_USERS && out.size() < n; k++) {
        int v = list[Math.floorMod(next - k, ITEM_USERS)];
        Slot u = v >= 0 && v < all.length ? all[v] : null;
        if (u != null && !out.contains(u.id)) {
          out.add(u.id);
        }
      }
    }
    return out;
  }

  /** Neighbours kept per item for reuse; a request for more computes them afresh. */
  public static final int CACHED_NEIGHBOURS = 50;

  /** Users may grow by this share before a cached list is computed again. */
  static final double DRIFT = 0.01;

  /** A neighbour list as computed at one version of the item and one number of users. */
  private record Cached(int version, double totalUsers, int renewals, Neighbours neighbours) {}

  /**
   * The item's most similar items by co-occurrence, best first, with their similarity under the
   * configured measure. The list is computed from the item's co-occurrence counts and reused until
   * those change (an event that pairs the item with another, or a new user of it) or the number of
   * users grows by {@value #DRIFT} of itself (which moves the log-likelihood ratio a little for
   * every pair); a change of one pairing only is made to the cached list in place by the writer
   * ({@link #renewed}). An item's neighbours follow its every new pairing at once, without the cost
   * of scoring each co-occurring item on every request.
   */
  public Neighbours neighbours(int item, int k) {
    Cached[] cache = neighbourCache;
    int[] versions = coocVersion;
    if (item < 0 || item >= cache.length || item >= versions.length || k > CACHED_NEIGHBOURS) {
      return computeNeighbours(item, k);
    }
    int version = versions[item];
    double n = totalUsers;
    Cached c = cache[item];
    if (c == null || c.version() != version || n > c.totalUsers() * (1 + DRIFT)) {
      c = new Cached(version, n, 0, computeNeighbours(item, CACHED_NEIGHBOURS));
      scorings.increment();
      cache[item] = c;
    }
    Neighbours all = c.neighbours();
    if (all.size() <= k) {
      return all;
    }
    return new Neighbours(Arrays.copyOf(all.items(), k), Arrays.copyOf(all.scores(), k));
  }

  Neighbours computeNeighbours(int item, int k) {
    TopK top = new TopK(k);
    Int2IntOpenHashMap m = item >= 0 && item < cooc.length ? cooc[item] : null;
    if (m == null) {
      return Neighbours.NONE;
    }
    float[] counts = users;
    float ni = countOf(counts, item);
    synchronized (m) {
      for (Int2IntMap.Entry e : Int2IntMaps.fastIterable(m)) { // one entry object, reused
        int j = e.getIntKey();
        float c = e.getIntValue();
        float sim = similarity(c, ni, countOf(counts, j));
        if (sim > 0) {
          top.offer(j, sim);
        }
      }
    }
    return new Neighbours(top.ids(), top.scores());
  }

  /** Items that followed {@code item} within visits, with how often, best first. */
  public Neighbours following(int item, int k) {
    TopK top = new TopK(k);
    Int2IntOpenHashMap m = item < next.length ? next[item] : null;
    if (m == null) {
      return Neighbours.NONE;
    }
    synchronized (m) {
      float total = 0;
      for (int v : m.values()) {
        total += v;
      }
      for (Int2IntMap.Entry e : m.int2IntEntrySet()) {
        top.offer(e.getIntKey(), e.getIntValue() / total);
      }
    }
    return new Neighbours(top.ids(), top.scores());
  }

  /** The configured similarity, resolved once (a list computes it for every co-occurring item). */
  private enum Measure {
    COSINE,
    JACCARD,
    LLR
  }

  float similarity(float c, float ni, float nj) {
    if (ni <= 0 || nj <= 0) {
      return 0;
    }
    return switch (measure) {
      case JACCARD -> c / Math.max(c, ni + nj - c);
      case LLR -> (float) llr(c, ni, nj, totalUsers);
      case COSINE -> (float) (c / Math.sqrt((double) ni * nj));
    };
  }

  /**
   * Dunning's log-likelihood ratio (G²) of the 2x2 table of users: with both items, with one only,
   * with neither; 0 when the items co-occur no more than chance would have them.
   */
  static double llr(double k11, double ni, double nj, double n) {
    double k12 = Math.max(0, ni - k11);
    double k21 = Math.max(0, nj - k11);
    double k22 = Math.max(0, n - ni - nj + k11);
    double expected = ni * nj / Math.max(n, 1);
    if (k11 <= expected) {
      return 0;
    }
    double rowEntropy = entropy(k11 + k12, k21 + k22);
    double columnEntropy = entropy(k11 + k21, k12 + k22);
    double matrixEntropy = entropy(k11, k12, k21, k22);
    return Math.max(0, 2 * (rowEntropy + columnEntropy - matrixEntropy));
  }

  private static double entropy(double... counts) {
    double sum = 0;
    double xlogx = 0;
    for (double c : counts) {
      sum += c;
      xlogx += c > 0 ? c * Math.log(c) : 0;
    }
    return sum > 0 ? sum * Math.log(sum) - xlogx : 0;
  }

  /**
   * Users whose recent items overlap this user's recent items most, best first; see {@link
   * #similar(String, int[], int)} for the score. Equal scores go to the user the model saw first.
   */
  public Map<String, Float> similarUsers(String userId, int k) {
    return similarUsers(userId, null, k);
  }

  /**
   * Users whose recent items overlap the given items most (the user's whole history, say; their
   * recent items when {@code null}), best first, with their scores.
   */
  public Map<String, Float> similarUsers(String userId, int[] anchors, int k) {
    Similar found = anchors == null ? similar(userId, k) : similar(userId, anchors, k);
    Map<String, Float> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < found.size(); i++) {
      String id = found.id(i);
      if (id != null) { // not erased since
        out.put(id, found.score(i));
      }
    }
    return out;
  }

  /** {@link #similar(String, int[], int)} with the user's own recent items as the anchors. */
  public Similar similar(String userId, int k) {
    Slot self = states.get(userId);
    if (self == null || k <= 0) {
      return Similar.NONE;
    }
    return search(userId, self.state.recent(), k);
  }

  /**
   * Users whose recent items overlap the anchor items most, best first, each with their recent
   * items as they were read (for a source that goes on to recommend from them). The score of a user
   * {@code v} is the sum over the anchors among {@code v}'s recent items of {@code 1 / ln(2 + the
   * item's users)}, so that sharing a rare item says more than sharing a bestseller, divided by the
   * square root of the number of {@code v}'s recent items, so that a user who touched everything is
   * not everyone's neighbour (as cosine similarity discounts long rows). The user is never their
   * own neighbour; one the model has not seen (an id without events) finds neighbours through the
   * anchors alone. Equal scores go to the user the model saw first.
   *
   * <p>Who can be a neighbour: the latest {@value #ITEM_USERS} users of each anchor item (of the
   * last {@value #MAX_ANCHORS} anchors given). Those are first ranked by the anchors they share
   * through these lists; the best {@value #SHORTLIST} are then scored exactly over their recent
   * items.
   */
  public Similar similar(String userId, int[] anchors, int k) {
    if (k <= 0 || anchors.length == 0) {
      return Similar.NONE;
    }
    if (anchors.length > MAX_ANCHORS) { // a history lists its items oldest first
      anchors = Arrays.copyOfRange(anchors, anchors.length - MAX_ANCHORS, anchors.length);
    }
    return search(userId, anchors, k);
  }

  /** Anchors searched at most, the last ones given: a very long history costs no more. */
  public static final int MAX_ANCHORS = 500;

  /** Neighbours shortlisted from the items' latest users, then scored over their recent items. */
  static final int SHORTLIST = 1000;

  private Similar search(String selfId, int[] anchors, int k) {
    // slots numbered from here on were made after the lookup: only they can be the user's own
    // under another reference (their first event, or their return after erasure, meanwhile)
    int fresh = slots;
    Slot self = selfId == null ? null : states.get(selfId);
    int selfNumber = self == null ? -1 : self.number;
    int[][] lists = itemUsers;
    // the anchors sorted, each with its weight, for the exact pass's lookups (no per-thread
    // scratch: request threads are virtual, one per request)
    int[] sorted = sortedDistinct(anchors, lists.length);
    float[] weight = new float[sorted.length];
    // every (user, anchor) pair the anchors' lists show, packed with the user's number high and the
    // anchor's place low, so that one sort of primitives groups each user's pairs in anchor order:
    // no hash table to fill, walk and sort again
    long[] pairs = new long[sorted.length * ITEM_USERS];
    int n = 0;
    for (int a = 0; a < sorted.length; a++) {
      int item = sorted[a];
      if (lists[item] == null) {
        continue;
      }
      weight[a] = (float) (1 / Math.log(2 + users(item)));
      int[] list = lists[item];
      synchronized (list) {
        for (int v : list) {
          if (v >= 0 && v != selfNumber) {
            pairs[n++] = (long) v << 32 | a;
          }
        }
      }
    }
    Arrays.sort(pairs, 0, n);
    // the users in slot order, each once, with their overlap: the weights of the anchors whose
    // lists show them, added in anchor order
    int[] listed = new int[n];
    double[] overlap = new double[n];
    int distinct = 0;
    for (int q = 0; q < n; q++) {
      int v = (int) (pairs[q] >>> 32);
      if (distinct == 0 || listed[distinct - 1] != v) {
        listed[distinct++] = v;
      }
      overlap[distinct - 1] += weight[(int) pairs[q]];
    }
    // read after the item lists: every number in them has its place in these arrays
    Slot[] all = byNumber;
    int[][] recents = recentByNumber;
    // a shortlist by the overlap the item lists show (a user can have dropped out of an item's
    // list while the item is still among their recent ones), then the exact score over their
    // recent items; both heaps of primitives, ties to the user who arrived first; either way in
    // slot order, so that a candidate's place in the array breaks ties as its number does
    int m = distinct; // all of them: no need to rank
    if (distinct > SHORTLIST) {
      TopK shortlist = new TopK(SHORTLIST);
      for (int d = 0; d < distinct; d++) {
        int[] items = recentOf(recents, listed[d]);
        if (items != null) {
          shortlist.offer(listed[d], (float) (overlap[d] / lengthNorm(items)));
        }
      }
      listed = shortlist.ids();
      Arrays.sort(listed);
      m = listed.length;
    }
    // the candidates' recent items, their length norms and their last items first, then their
    // scores: the loads of the first pass (the array, its header, its last item) do not wait on
    // other candidates' loads, and it does little else, so the processor has many cache misses in
    // flight at once; the second pass finds the arrays in cache, where reading each one first in
    // its own loop would wait out its misses alone
    AnchorWeights weights = new AnchorWeights(sorted, weight);
    int[][] recent = new int[m][];
    double[] norm = new double[m];
    int[] last = new int[m];
    for (int c = 0; c < m; c++) {
      int[] items = recentOf(recents, listed[c]);
      recent[c] = items;
      norm[c] = items == null ? 1 : lengthNorm(items);
      last[c] = items == null || items.length == 0 ? 0 : items[items.length - 1];
    }
    TopK best = new TopK(k);
    for (int c = 0; c < m; c++) {
      int[] items = recent[c];
      if (items == null || listed[c] >= fresh && isSelf(all, listed[c], selfId)) {
        continue; // erased, or the user's own slot (the id compared only for new slots)
      }
      // the last item added last, as a sum in order would add it
      double score =
          items.length == 0 ? 0 : weights.sum(items, items.length - 1) + weights.of(last[c]);
      if (score > 0) {
        best.offer(c, (float) (score / norm[c]));
      }
    }
    long[] top = best.packedDescending();
    int[] numbers = new int[top.length];
    int[][] recentOut = new int[top.length][];
    float[] scores = new float[top.length];
    for (int i = 0; i < top.length; i++) {
      int c = TopK.idOf(top[i]);
      numbers[i] = listed[c];
      recentOut[i] = recent[c];
      scores[i] = TopK.scoreOf(top[i]);
    }
    return new Similar(all, numbers, recentOut, scores);
  }

  /** The items in {@code 0..bound-1} among {@code items}, sorted, each once (no boxing). */
  static int[] sortedDistinct(int[] items, int bound) {
    int[] out = new int[items.length];
    int n = 0;
    for (int i : items) {
      if (i >= 0 && i < bound) {
        out[n++] = i;
      }
    }
    Arrays.sort(out, 0, n);
    int d = 0;
    for (int q = 0; q < n; q++) {
      if (d == 0 || out[q] != out[d - 1]) {
        out[d++] = out[q];
      }
    }
    return Arrays.copyOf(out, d);
  }

  /**
   * The anchors' weights by item, for the exact pass, which looks up every recent item of about a
   * thousand candidates: a direct-mapped table of at least four slots per anchor, so that a lookup
   * is two loads (the slot's key and weight) and a comparison whose outcome is added without a
   * branch (most recent items are not anchors, and a branch on each would guess wrong often enough
   * to hold up the loads of the candidates that follow). A slot that two anchors share is marked,
   * and an item that falls on it is looked up in the sorted anchors (a branch that is seldom
   * taken).
   */
  static final class AnchorWeights {
    private static final int SHARED = -1;

    private final int shift;
    private final int[] keys; // item + 1; 0 for none; SHARED where two anchors meet
    private final float[] weights;
    private final int[] sorted;
    private final float[] sortedWeights;

    /** {@code sorted} ascending and distinct, {@code given[a]} the weight of {@code sorted[a]}. */
    AnchorWeights(int[] sorted, float[] given) {
      int size = Math.max(64, Integer.highestOneBit(Math.max(1, 4 * sorted.length - 1)) << 1);
      this.shift = 32 - Integer.numberOfTrailingZeros(size);
      this.keys = new int[size];
      this.weights = new float[size];
      this.sorted = sorted;
      this.sortedWeights = given;
      for (int a = 0; a < sorted.length; a++) {
        int at = slot(sorted[a]);
        if (keys[at] == 0) {
          keys[at] = sorted[a] + 1;
          weights[at] = given[a];
        } else {
          keys[at] = SHARED;
          weights[at] = 0;
        }
      }
    }

    private int slot(int item) {
      return (item * 0x9E3779B9) >>> shift;
    }

    /** Slots that two or more anchors share (for tests). */
    int sharedSlots() {
      int n = 0;
      for (int key : keys) {
        n += key == SHARED ? 1 : 0;
      }
      return n;
    }

    /** The weight of {@code item}: its anchor's, or 0. */
    float of(int item) {
      int at = slot(item);
      int key = keys[at];
      if (key == SHARED) {
        int found = Arrays.binarySearch(sorted, item);
        return found >= 0 ? sortedWeights[found] : 0;
      }
      return (key == item + 1 ? 1 : 0) * weights[at]; // 0 outside the anchors, without a branch
    }

    /**
     * The sum of the weights of the anchors among {@code items[0..to-1]} (each occurrence counted),
     * added in order.
     */
    double sum(int[] items, int to) {
      double score = 0;
      for (int i = 0; i < to; i++) {
        score += of(items[i]);
      }
      return score;
    }
  }

  /** The recent items of slot {@code number} as last written, or {@code null} (erased, or none). */
  private static int[] recentOf(int[][] recents, int number) {
    return number < recents.length ? (int[]) RECENT.getAcquire(recents, number) : null;
  }

  private static boolean isSelf(Slot[] all, int number, String selfId) {
    Slot v = number < all.length ? all[number] : null;
    return v != null && v.id.equals(selfId);
  }

  private static double lengthNorm(int[] recent) {
    return Math.sqrt(Math.max(1, recent.length));
  }

  /**
   * Similar users, best first: their recent items as the search read them, their overlap scores,
   * and their ids (looked up when asked for; {@code null} for a user erased since).
   */
  public static final class Similar {
    static final Similar NONE = new Similar(new Slot[0], new int[0], new int[0][], new float[0]);

    private final Slot[] all;
    private final int[] numbers;
    private final int[][] recent;
    private final float[] scores;

    Similar(Slot[] all, int[] numbers, int[][] recent, float[] scores) {
      this.all = all;
      this.numbers = numbers;
      this.recent = recent;
      this.scores = scores;
    }

    public int size() {
      return numbers.length;
    }

    public String id(int i) {
      Slot v = numbers[i] < all.length ? all[numbers[i]] : null;
      return v == null ? null : v.id;
    }

    /** The user's recent items, most recent first, as scored. */
    public int[] recent(int i) {
      return recent[i];
    }

    public float score(int i) {
      return scores[i];
    }
  }

  /** Users the model holds state for. */
  public int userCount() {
    return states.size();
  }

  /** Groups with popularity, for diagnostics. */
  public Map<String, Integer> groupSizes() {
    Map<String, Integer> out = new HashMap<>();
    groups.forEach((g, a) -> out.put(g, a.length));
    return out;
  }

  /** Some items and their similarities (or transition shares), best first. */
  public record Neighbours(int[] items, float[] scores) {
    static final Neighbours NONE = new Neighbours(new int[0], new float[0]);

    public int size() {
      return items.length;
    }
  }
}
