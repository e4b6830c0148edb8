package dev.persona.store.rocks;

import dev.persona.core.json.ModelJson;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import dev.persona.core.store.Erasure;
import dev.persona.core.store.StoreException;
import dev.persona.core.store.StoreListener;
import dev.persona.core.store.StoreOverloadedException;
import dev.persona.core.store.StoredEvent;
import dev.persona.core.store.SyncPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. Callers enqueue operations; one thread takes everything waiting (up to {@code
 * maxGroupEvents} events), applies it to one {@link WriteBatch} together with the updated counters,
 * writes it with one fsync (under {@link SyncPolicy#ALWAYS}) and only then completes the callers'
 * futures. Because it is the only writer, the duplicate check and the append cannot race, and
 * sequence numbers are assigned without locks.
 *
 * <p>A caller's batch is atomic: it lies inside one write batch. Erasures must see what came before
 * them in the group, so they act as barriers: what the group gathered so far is written (without
 * sync), then the barrier in its own write; the group's final write syncs the log up to its end,
 * and only then is any future of the group completed. If any write of a group fails, every future
 * of the group fails, though earlier parts may have been stored: callers retry with the same ids,
 * which is safe.
 *
 * <p>At most {@link #MAX_QUEUED_EVENTS} events wait at once; an append that cannot get a place
 * within {@link #QUEUE_WAIT_SECONDS} seconds fails with {@link StoreOverloadedException}, so a
 * flood of requests costs bounded memory.
 */
final class GroupCommitter {
  /** Events that may wait to be written (about 100 MB of queued events and encodings). */
  static final int MAX_QUEUED_EVENTS = 200_000;

  static final int QUEUE_WAIT_SECONDS = 10;

  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
  private static final byte[] LAST_SEQUENCE = Keys.utf8("lastSequence");
  private static final byte[] EVENT_COUNT = Keys.utf8("eventCount");
  private static final byte[] ITEM_COUNT = Keys.utf8("itemCount");
  private static final byte[] USER_COUNT = Keys.utf8("userCount");
  private static final byte[] EMPTY = new byte[0];
  private static final ThreadLocal<ByteWriter> ENCODER =
      ThreadLocal.withInitial(() -> new ByteWriter(512));

  private final RocksStore store;
  private final LogIndex index;
  private final RocksDB db;
  private final StoreOptions options;
  private final WriteOptions finalWrite;
  private final WriteOptions partialWrite;
  private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
  private final Semaphore places = new Semaphore(MAX_QUEUED_EVENTS);
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Thread writer;
  private final ExecutorService completions;
  private final PendingIndex pending = new PendingIndex();
  private boolean accepting = true; // guarded by lifecycle
  private volatile StoreListener listener;
  private final AtomicLong listenerFailures = new AtomicLong();
  private volatile boolean running = true;

  // Written by the writer thread only; volatile so that readers see recent values.
  private volatile long lastSequence;
  private volatile long eventCount;
  private volatile long itemCount;
  private volatile long userCount;

  private sealed interface Op permits Append, Erase, PutItems, PutUsers {}

  /**
   * An append whose records were encoded by the calling thread, so that the single writer only
   * checks ids and fills the write batch.
   */
  private record Append(
      List<Event> events, long receivedAt, byte[][] encoded, CompletableFuture<AppendResult> done)
      implements Op {}

  private record Erase(String userId, CompletableFuture<Erasure> done) implements Op {}

  private record PutItems(List<Item> items, CompletableFuture<Void> done) implements Op {}

  private record PutUsers(List<User> users, CompletableFuture<Void> done) implements Op {}

  GroupCommitter(RocksStore store, RocksDB db, StoreOptions options, LogIndex index) {
    this.store = store;
    this.db = db;
    this.options = options;
    this.index = index;
    this.finalWrite = new WriteOptions().setSync(options.sync() == SyncPolicy.ALWAYS);
    this.partialWrite = new WriteOptions().setSync(false);
    loadCounters();
    AtomicInteger n = new AtomicInteger();
    // One thread: listeners see changes in commit order, and the futures complete in that order.
    completions =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "persona-commit-apply-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    writer = new Thread(this::run, "persona-group-commit");
    writer.setDaemon(true);
    writer.start();
  }

  void listen(StoreListener l) {
    listener = l;
  }

  /**
   * Listener calls that threw (logged; the change is stored and applied again at the next start).
   */
  long listenerFailures() {
    return listenerFailures.get();
  }

  private void notify(java.util.function.Consumer<StoreListener> call) {
    StoreListener l = listener;
    if (l == null) {
      return;
    }
    try {
      call.accept(l);
    } catch (RuntimeException e) {
      listenerFailures.incrementAndGet();
      log.error("a store listener failed; the change is stored and is applied again at restart", e);
    }
  }

  long lastSequence() {
    return lastSequence;
  }

  long eventCount() {
    return eventCount;
  }

  long itemCount() {
    return itemCount;
  }

  long userCount() {
    return userCount;
  }

  CompletableFuture<AppendResult> append(List<Event> events) {
    CompletableFuture<AppendResult> done = new CompletableFuture<>();
    if (events.isEmpty()) {
      done.complete(new AppendResult(0, 0, -1));
      return done;
    }
    List<Event> copy = List.copyOf(events);
    long receivedAt = System.currentTimeMillis();
    byte[][] encoded = new byte[copy.size()][];
    ByteWriter buffer = ENCODER.get();
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = EventCodec.encode(copy.get(i), receivedAt, buffer);
    }
    return enqueue(new Append(copy, receivedAt, encoded, done), done);
  }

  CompletableFuture<Erasure> eraseUser(String userId) {
    CompletableFuture<Erasure> done = new CompletableFuture<>();
    return enqueue(new Erase(userId, done), done);
  }

  CompletableFuture<Void> putItems(List<Item> items) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    return enqueue(new PutItems(List.copyOf(items), done), done);
  }

  CompletableFuture<Void> putUsers(List<User> users) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    return enqueue(new PutUsers(List.copyOf(users), done), done);
  }

  private static int places(Op op) {
    return op instanceof Append a ? Math.min(a.events().size(), MAX_QUEUED_EVENTS) : 1;
  }

  private <T> CompletableFuture<T> enqueue(Op op, CompletableFuture<T> done) {
    int needed = places(op);
    try {
      if (!places.tryAcquire(needed, QUEUE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        done.completeExceptionally(
            new StoreOverloadedException(
                "more than "
                    + MAX_QUEUED_EVENTS
                    + " events are waiting to be written; retry shortly"));
        return done;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.completeExceptionally(new StoreException("interrupted while queueing a write", e));
      return done;
    }
    // Taking the lifecycle's read lock orders this against close(): either the operation is queued
    // before close() stops the writer (which then drains the queue), or it sees the store closed.
    lifecycle.readLock().lock();
    try {
      if (!accepting) {
        places.release(needed);
        done.completeExceptionally(new StoreException("the store is closed"));
        return done;
      }
      queue.add(op);
    } finally {
      lifecycle.readLock().unlock();
    }
    return done;
  }

  /** Stops taking new operations, writes the queued ones, then stops the writer. */
  void close() {
    lifecycle.writeLock().lock();
    try {
      accepting = false;
    } finally {
      lifecycle.writeLock().unlock();
    }
    running = false;
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Op op; (op = queue.poll()) != null; ) { // only if the writer died
      future(op).completeExceptionally(new StoreException("the store is closed"));
    }
    completions.shutdown();
    try {
      completions.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finalWrite.close();
    partialWrite.close();
  }

  private void run() {
    List<Op> group = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Op first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.clear();
        group.add(first);
        int events = places(first);
        Op next;
        while (events < options.maxGroupEvents() && (next = queue.poll()) != null) {
          group.add(next);
          events += places(next);
        }
        List<Runnable> done = List.of();
        try {
          done = commit(group);
        } finally {
          // The places are given back once listeners have applied the group: events written but
          // not yet applied count against the same bound as events waiting to be written.
          List<Runnable> completeAll = done;
          int release = events;
          completions.execute(
              () -> {
                try {
                  for (Runnable r : completeAll) {
                    r.run();
                  }
                } finally {
                  places.release(release);
                }
              });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Throwable e) { // an Error too: fail the group, keep the writer alive
        log.error("group commit thread hit an unexpected error", e);
        for (Op op : group) {
          future(op).completeExceptionally(e);
        }
        pending.clear();
        loadCounters();
      }
    }
  }

  private static CompletableFuture<?> future(Op op) {
    return switch (op) {
      case Append a -> a.done();
      case Erase e -> e.done();
      case PutItems p -> p.done();
      case PutUsers p -> p.done();
    };
  }

  /** Index entries of events written in this group, applied to the index once the write lands. */
  private static final class PendingIndex {
    String[] ids = new String[1024];
    String[] users = new String[1024];
    long[] seqs = new long[1024];
    int size;
    final Set<String> idsInGroup = new HashSet<>();

    void add(String id, String user, long seq) {
      if (size == seqs.length) {
        ids = Arrays.copyOf(ids, size * 2);
        users = Arrays.copyOf(users, size * 2);
        seqs = Arrays.copyOf(seqs, size * 2);
      }
      ids[size] = id;
      users[size] = user;
      seqs[size] = seq;
      size++;
      if (id != null) {
        idsInGroup.add(id);
      }
    }

    void clear() {
      Arrays.fill(ids, 0, size, null);
      Arrays.fill(users, 0, size, null);
      size = 0;
      idsInGroup.clear();
    }
  }

  /** Records and ids the group has written to its batch but not yet to the database. */
  private final Set<String> pendingItems = new HashSet<>();

  private final Set<String> pendingUsers = new HashSet<>();

  /**
   * Applies one group. On success returns what tells the listener and completes each future, in
   * order, to run on the completion thread; on failure fails every future and returns nothing.
   */
  private List<Runnable> commit(List<Op> group) {
    List<Runnable> onSuccess = new ArrayList<>(group.size());
    WriteBatch batch = new WriteBatch();
    wrotePartially = false;
    pending.clear();
    pendingItems.clear();
    pendingUsers.clear();
    try {
      for (Op op : group) {
        switch (op) {
          case Append a -> {
            AppendResult result = applyAppend(a, batch);
            onSuccess.add(
                () -> {
                  notify(l -> l.eventsAppended(result.stored()));
                  a.done().complete(result);
                });
          }
          case PutItems p -> {
            for (Item item : p.items()) {
              byte[] key = Keys.utf8(item.id());
              if (pendingItems.add(item.id()) && db.get(store.items, key) == null) {
                itemCount++;
              }
              batch.put(store.items, key, RocksStore.encode(ModelJson.writeItem(item)));
            }
            onSuccess.add(
                () -> {
                  notify(l -> l.itemsPut(p.items()));
                  p.done().complete(null);
                });
          }
          case PutUsers p -> {
            for (User user : p.users()) {
              byte[] key = Keys.utf8(user.id());
              if (pendingUsers.add(user.id()) && db.get(store.users, key) == null) {
                userCount++;
              }
              batch.put(store.users, key, RocksStore.encode(ModelJson.writeUser(user)));
            }
            onSuccess.add(
                () -> {
                  notify(l -> l.usersPut(p.users()));
                  p.done().complete(null);
                });
          }
          case Erase e -> {
            batch = writeSoFar(batch);
            Erasure erasure = applyErase(e.userId(), batch);
            batch = writeSoFar(batch);
            onSuccess.add(
                () -> {
                  notify(l -> l.userErased(e.userId(), erasure));
                  e.done().complete(erasure);
                });
          }
        }
      }
      putCounters(batch);
      db.write(finalWrite, batch); // under sync=always this fsyncs the WAL, partial writes included
      index.added(pending.ids, pending.users, pending.seqs, pending.size);
      if (pendingErasure != null) {
        pendingErasure.run();
        pendingErasure = null;
      }
      return onSuccess;
    } catch (RocksDBException | RuntimeException e) {
      log.error("group commit of {} operations failed", group.size(), e);
      StoreException failure =
          new StoreException(
              "write failed (" + e.getMessage() + "); the request may or may not be stored", e);
      for (Op op : group) {
        future(op).completeExceptionally(failure);
      }
      loadCounters(); // what reached the database is the truth
      if (wrotePartially) {
        String reason = "a group of writes failed after part of it was stored: " + e.getMessage();
        return List.of(() -> notify(l -> l.diverged(reason)));
      }
      return List.of();
    } finally {
      batch.close();
      pending.clear();
    }
  }

  private AppendResult applyAppend(Append a, WriteBatch batch) {
    int accepted = 0;
    int duplicates = 0;
    long first = -1;
    List<StoredEvent> stored = new ArrayList<>(a.events().size());
    for (int i = 0; i < a.events().size(); i++) {
      Event e = a.events().get(i);
      if (e.id() != null
          && (pending.idsInGroup.contains(e.id()) || index.knows(e.id(), this::storedIdAt))) {
        duplicates++;
        continue;
      }
      long seq = ++lastSequence;
      try {
        batch.put(store.events, Keys.sequence(seq), a.encoded()[i]);
      } catch (RocksDBException ex) {
        throw new StoreException("cannot add event to the write batch", ex);
      }
      pending.add(e.id(), e.userId(), seq);
      eventCount++;
      accepted++;
      stored.add(new StoredEvent(seq, a.receivedAt(), e));
      if (first < 0) {
        first = seq;
      }
    }
    return new AppendResult(accepted, duplicates, first, stored);
  }

  /** The id of the stored event at {@code seq}, or {@code null}; reads the log. */
  private String storedIdAt(long seq) {
    try {
      byte[] value = db.get(store.events, Keys.sequence(seq));
      return value == null ? null : EventCodec.head(value).id();
    } catch (RocksDBException e) {
      throw new StoreException("cannot read event " + seq, e);
    }
  }

  /**
   * Deletes a user's events from the log and their record, and records their ids' fingerprints as
   * erased; the index follows once the batch is written.
   */
  private Erasure applyErase(String userId, WriteBatch batch) throws RocksDBException {
    long[] seqs = index.sequencesOfUnlocked(userId);
    long[] fingerprints = new long[seqs.length];
    int withId = 0;
    long erased = 0;
    Map<String, Long> byType = new HashMap<>();
    for (long seq : seqs) {
      byte[] key = Keys.sequence(seq);
      byte[] value = db.get(store.events, key);
      if (value == null) {
        continue;
      }
      EventCodec.Head head = EventCodec.head(value);
      if (head.id() != null) {
        long fp = LogIndex.fingerprint(head.id());
        batch.put(store.erasedIds, Keys.sequence(fp), EMPTY);
        fingerprints[withId++] = fp;
      }
      batch.delete(store.events, key);
      byType.merge(head.type(), 1L, Long::sum);
      erased++;
    }
    eventCount -= erased;
    boolean record = deleteUserRecord(userId, batch);
    batch.delete(store.profiles, Keys.utf8(userId)); // derived, but it must not outlive the events
    long[] erasedFingerprints = Arrays.copyOf(fingerprints, withId);
    pendingErasure = () -> index.erased(userId, erasedFingerprints);
    return new Erasure(erased, byType, record);
  }

  /** An index change to make once the erasure's write lands. */
  private Runnable pendingErasure;

  /** Whether the group being committed has already written part of itself. */
  private boolean wrotePartially;

  private boolean deleteUserRecord(String userId, WriteBatch batch) throws RocksDBException {
    byte[] key = Keys.utf8(userId);
    boolean existed = db.get(store.users, key) != null;
    if (existed) {
      batch.delete(store.users, key);
      userCount--;
    }
    return existed;
  }

  /**
   * Writes (without sync) what the group has gathered, so that later operations of the group can
   * read it, and brings the index up to date with it.
   */
  private WriteBatch writeSoFar(WriteBatch batch) throws RocksDBException {
    if (batch.count() == 0) {
      return batch;
    }
    putCounters(batch);
    db.write(partialWrite, batch);
    wrotePartially = true;
    batch.close();
    index.added(pending.ids, pending.users, pending.seqs, pending.size);
    pending.clear();
    if (pendingErasure != null) {
      pendingErasure.run();
      pendingErasure = null;
    }
    pendingItems.clear();
    pendingUsers.clear();
    return new WriteBatch();
  }

  private void putCounters(WriteBatch batch) throws RocksDBException {
    batch.put(store.meta, LAST_SEQUENCE, Keys.sequence(lastSequence));
    batch.put(store.meta, EVENT_COUNT, Keys.sequence(eventCount));
    batch.put(store.meta, ITEM_COUNT, Keys.sequence(itemCount));
    batch.put(store.meta, USER_COUNT, Keys.sequence(userCount));
  }

  private void loadCounters() {
    pendingErasure = null;
    lastSequence = readCounter(LAST_SEQUENCE);
    eventCount = readCounter(EVENT_COUNT);
    itemCount = readCounter(ITEM_COUNT);
    userCount = readCounter(USER_COUNT);
  }

  private long readCounter(byte[] key) {
    try {
      byte[] value = db.get(store.meta, key);
      return value == null ? 0 : Keys.sequence(value, 0);
    } catch (RocksDBException e) {
      throw new StoreException("cannot read counter " + new String(key), e);
    }
  }
}
