package dev.persona.store.rocks;

import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * Indexes over the event log held in memory: which event ids were accepted (idempotency) and which
 * sequence numbers belong to each user (erasure, per-user replay). Both are derived from the log
 * and rebuilt from it when the store opens, like every other derived state.
 *
 * <p>Why in memory and not as RocksDB column families: event ids and user ids arrive in random
 * order, and inserting random keys (memtable inserts, then compactions that rewrite them) cost more
 * than the log itself. With both indexes in RocksDB, in-process ingestion of events with random ids
 * ran at 103k events/s on the 2-core reference machine; with them here the store writes only the
 * log's sequential keys (see BENCHMARKS.md). The price is memory (measured: 61 MB per million
 * events with 100,000 users: about 33 bytes per id, 12 per event in the user lists and 130 per
 * user) and a scan of the log at open: 0.6-1.1 s per million events with the reading and the
 * indexing on two threads ({@link #loader}), 1.1-1.8 s on one, depending on whether the heap's
 * memory was touched before (BENCHMARKS.md).
 *
 * <p>Ids are kept as 64-bit fingerprints mapped to the sequence of their event. A fingerprint hit
 * is confirmed against the id stored in the log, so two ids that share a fingerprint are told apart
 * (the second goes to a small exact map). The ids of erased events stay known as fingerprints alone
 * (their events are gone), persisted by the store; a new id whose fingerprint equals an erased
 * one's would be taken for a duplicate, which happens with probability about 2^-64 per erased id.
 *
 * <p>Only the group-commit thread mutates the index (and, while the store opens, before any other
 * thread can see it, the {@link Loader}'s); it reads without locking. Other threads read under the
 * read lock.
 */
final class LogIndex {
  /** Sequence value of a fingerprint whose event was erased. */
  static final long ERASED = -1;

  private final Long2LongOpenHashMap seqByFingerprint = new Long2LongOpenHashMap();
  private final Map<String, Long> collided = new HashMap<>();
  private final Map<String, LongArrayList> seqsByUser = new HashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private final ToLongFunction<String> fingerprints;

  LogIndex() {
    this(LogIndex::fingerprint);
  }

  /** With another fingerprint function: tests use one that collides on purpose. */
  LogIndex(ToLongFunction<String> fingerprints) {
    this.fingerprints = fingerprints;
    seqByFingerprint.defaultReturnValue(0); // sequences start at 1: 0 means unknown
  }

  /** A 64-bit fingerprint of an id: FNV-1a over its UTF-8 bytes, then a SplitMix64 finaliser. */
  static long fingerprint(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  /**
   * Whether an event with this id was accepted (and is stored, or was erased). For the writer
   * thread.
   *
   * @param idAt the id of the stored event at a sequence number, or {@code null} when there is none
   */
  boolean knows(String id, LongFunction<String> idAt) {
    long seq = seqByFingerprint.get(fingerprints.applyAsLong(id));
    if (seq == ERASED) {
      return true;
    }
    if (seq > 0 && id.equals(idAt.apply(seq))) {
      return true;
    }
    return seq != 0 && collided.containsKey(id);
  }

  /** {@link #knows} for any thread. */
  boolean knowsShared(String id, LongFunction<String> idAt) {
    lock.readLock().lock();
    try {
      return knows(id, idAt);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A copy of the user's sequence numbers in increasing order; for any thread. */
  long[] sequencesOf(String userId) {
    lock.readLock().lock();
    try {
      LongArrayList seqs = seqsByUser.get(userId);
      return seqs == null ? new long[0] : seqs.toLongArray();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A copy of the user's sequence numbers; for the writer thread. */
  long[] sequencesOfUnlocked(String userId) {
    LongArrayList seqs = seqsByUser.get(userId);
    return seqs == null ? new long[0] : seqs.toLongArray();
  }

  int users() {
    return seqsByUser.size();
  }

  /** The sequence the table holds for a fingerprint (0 for none), and the exact map; for tests. */
  long tableSequence(long fingerprint) {
    return seqByFingerprint.get(fingerprint);
  }

  Map<String, Long> collided() {
    return collided;
  }

  /** Records stored events: parallel arrays of ids (nullable), users and sequences. */
  void added(String[] ids, String[] users, long[] seqs, int n) {
    lock.writeLock().lock();
    try {
      for (int i = 0; i < n; i++) {
        addUnlocked(ids[i], users[i], seqs[i]);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** For the rebuild at open, before any other thread can see the index. */
  void addUnlocked(String id, String user, long seq) {
    assert seq > 0 : "sequences start at 1: 0 is the table's absent value";
    if (id != null) {
      // one probe of the table: 0 is no sequence, so a value back means the fingerprint was taken
      if (seqByFingerprint.putIfAbsent(fingerprints.applyAsLong(id), seq) != 0) {
        collided.put(id, seq);
      }
    }
    seqsByUser.computeIfAbsent(user, u -> new LongArrayList(4)).add(seq);
  }

  /**
   * A loader for the rebuild at open that indexes on a thread of its own, so that reading the log
   * (RocksDB's iterator and decoding each event's head, about half of the rebuild) and indexing (a
   * cache miss or two per event in tables of millions) proceed side by side. Events are indexed in
   * the order given, as {@link #addUnlocked} would index them. For one thread, before any other can
   * see the index; {@link Loader#finish} waits for the indexing, and closing a loader that was not
   * finished stops it and waits for its thread. An interrupt of the reading thread stops the load
   * (the store does not open).
   */
  Loader loader() {
    return new Loader();
  }

  final class Loader implements AutoCloseable {
    static final int BATCH = 4096;
    private static final Batch END = new Batch(0);

    private final BlockingQueue<Batch> handed = new ArrayBlockingQueue<>(16);
    private final Thread indexer;
    private volatile Throwable failure;
    private Batch filling = new Batch(BATCH);
    private boolean finished;

    private Loader() {
      indexer =
          new Thread(
              () -> {
                try {
                  for (Batch b = handed.take(); b != END; b = handed.take()) {
                    for (int i = 0; i < b.n; i++) {
                      addUnlocked(b.ids[i], b.users[i], b.seqs[i]);
                    }
                  }
                } catch (InterruptedException e) {
                  // stopped by close
                } catch (Throwable t) {
                  failure = t;
                }
              },
              "persona-store-index");
      indexer.setDaemon(true);
      indexer.start();
    }

    void add(String id, String user, long seq) {
      Batch b = filling;
      b.ids[b.n] = id;
      b.users[b.n] = user;
      b.seqs[b.n++] = seq;
      if (b.n == BATCH) {
        hand(b);
        filling = new Batch(BATCH);
      }
    }

    /** Waits until every event added is indexed; rethrows what stopped the indexing. */
    void finish() {
      hand(filling);
      hand(END);
      try {
        indexer.join();
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
      finished = true;
      rethrow();
    }

    private void hand(Batch b) {
      try {
        while (!handed.offer(b, 100, TimeUnit.MILLISECONDS)) {
          if (!indexer.isAlive()) { // failed: nothing takes from the queue any more
            rethrow();
            throw new IllegalStateException("the indexing thread stopped");
          }
        }
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
    }

    private static IllegalStateException interrupted(InterruptedException e) {
      Thread.currentThread().interrupt();
      return new IllegalStateException("interrupted while the log was indexed", e);
    }

    private void rethrow() {
      Throwable t = failure;
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      if (t != null) {
        throw new IllegalStateException(t);
      }
    }

    /** The indexing thread, for tests. */
    Thread thread() {
      return indexer;
    }

    @Override
    public void close() {
      if (finished) {
        return;
      }
      indexer.interrupt();
      boolean interrupted = false;
      while (true) { // the index is not left to a thread still writing it
        try {
          indexer.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class Batch {
    final String[] ids;
    final String[] users;
    final long[] seqs;
    int n;

    Batch(int size) {
      ids = new String[size];
      users = new String[size];
      seqs = new long[size];
    }
  }

  /** Records that a user's events were erased: their ids stay known as fingerprints. */
  void erased(String userId, long[] idFingerprints) {
    lock.writeLock().lock();
    try {
      for (long fp : idFingerprints) {
        seqByFingerprint.put(fp, ERASED);
      }
      seqsByUser.remove(userId);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** For the rebuild at open: a fingerprint of an erased event. */
  void erasedUnlocked(long fingerprint) {
    seqByFingerprint.put(fingerprint, ERASED);
  }
}
