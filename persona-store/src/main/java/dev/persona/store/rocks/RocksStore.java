package dev.persona.store.rocks;

import dev.persona.core.json.ModelJson;
import dev.persona.core.json.Wire;
import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import dev.persona.core.store.Documents;
import dev.persona.core.store.Erasure;
import dev.persona.core.store.EventLog;
import dev.persona.core.store.ItemStore;
import dev.persona.core.store.ProfileStore;
import dev.persona.core.store.Store;
import dev.persona.core.store.StoreException;
import dev.persona.core.store.StoreListener;
import dev.persona.core.store.StoredEvent;
import dev.persona.core.store.SyncPolicy;
import dev.persona.core.store.UserStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store on RocksDB. One directory holds everything; one process may open it at a time.
 *
 * <p>Column families: {@code events} (sequence to encoded event: the log), {@code erased_ids}
 * (fingerprints of erased events' ids, so that a retry of an erased event stays a duplicate),
 * {@code items}, {@code users}, {@code profiles} (profile snapshots and their checkpoint, written
 * without the write-ahead log: they are rebuilt from the log when lost), {@code documents} (segment
 * definitions and the like), and the default family for counters. Every write goes through one
 * {@link GroupCommitter} thread, which batches whatever is waiting into one atomic {@code
 * WriteBatch} and one fsync, so that durability costs one disk flush per group rather than per
 * request.
 */
public final class RocksStore implements Store {
  private static final Logger log = LoggerFactory.getLogger(RocksStore.class);

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final RocksDB db;
  private final DBOptions dbOptions;
  private final List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final LRUCache cache;
  final ColumnFamilyHandle meta;
  final ColumnFamilyHandle events;
  final ColumnFamilyHandle erasedIds;
  private final LogIndex index = new LogIndex();
  final ColumnFamilyHandle items;
  final ColumnFamilyHandle users;
  final ColumnFamilyHandle profiles;
  final ColumnFamilyHandle documents;
  private final GroupCommitter committer;
  private final ScheduledExecutorService syncer;
  private final RocksEventLog eventLog = new RocksEventLog();
  private final RocksItemStore itemStore = new RocksItemStore();
  private final RocksUserStore userStore = new RocksUserStore();
  private final RocksProfileStore profileStore = new RocksProfileStore();
  private final RocksDocuments documentStore = new RocksDocuments();
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closing;
  private volatile boolean closed;

  private RocksStore(Path dir, StoreOptions options) throws RocksDBException, IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    cache = new LRUCache(Math.max(options.blockCacheBytes(), 1 << 20));
    dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxBackgroundJobs(2)
            .setKeepLogFileNum(5);
    List<ColumnFamilyDescriptor> descriptors =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cf(false)),
            new ColumnFamilyDescriptor(Keys.utf8("events"), cf(false)),
            new ColumnFamilyDescriptor(Keys.utf8("erased_ids"), cf(false)),
            new ColumnFamilyDescriptor(Keys.utf8("items"), cf(true)),
            new ColumnFamilyDescriptor(Keys.utf8("users"), cf(true)),
            new ColumnFamilyDescriptor(Keys.utf8("profiles"), cf(false)),
            new ColumnFamilyDescriptor(Keys.utf8("documents"), cf(false)));
    try {
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      closeOptions();
      String message = String.valueOf(e.getMessage());
      if (message.contains("lock") || message.contains("LOCK")) {
        throw new StoreException(
            "the store at "
                + dir
                + " is in use by another process (a running server?); stop it, or import through"
                + " its HTTP API with --url",
            e);
      }
      throw e;
    }
    meta = handles.get(0);
    events = handles.get(1);
    erasedIds = handles.get(2);
    items = handles.get(3);
    users = handles.get(4);
    profiles = handles.get(5);
    documents = handles.get(6);
    try {
      long started = System.nanoTime();
      rebuildIndex();
      log.info(
          "indexed {} users' events in {} ms",
          index.users(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      committer = new GroupCommitter(this, db, options, index);
    } catch (RuntimeException | RocksDBException | Error e) { // an index too big for the heap too
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      closeOptions();
      throw e;
    }
    if (options.sync() == SyncPolicy.INTERVAL) {
      syncer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "persona-wal-sync");
                t.setDaemon(true);
                return t;
              });
      long ms = options.syncInterval().toMillis();
      syncer.scheduleWithFixedDelay(this::syncWal, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      syncer = null;
    }
    log.info(
        "opened store at {}: {} events, {} items, {} users, sync={}",
        dir,
        committer.eventCount(),
        committer.itemCount(),
        committer.userCount(),
        options.sync());
  }

  /**
   * Opens (creating if needed) the store in {@code dir}.
   *
   * @throws StoreException when the directory cannot be opened, for example because another process
   *     holds it
   */
  public static RocksStore open(Path dir, StoreOptions options) {
    try {
      return new RocksStore(dir, options);
    } catch (RocksDBException | IOException e) {
      throw new StoreException("cannot open the store at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Builds the in-memory indexes from the log and the erased ids, before anyone can write. */
  private void rebuildIndex() throws RocksDBException {
    // this thread reads the log, the loader's indexes it (about half the work each)
    try (LogIndex.Loader loader = index.loader();
        RocksIterator it = db.newIterator(events)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        EventCodec.Head head = EventCodec.head(it.value());
        loader.add(head.id(), head.userId(), Keys.sequence(it.key(), 0));
      }
      it.status(); // an I/O error ends the loop early: fail rather than index part of the log
      loader.finish();
    }
    try (RocksIterator it = db.newIterator(erasedIds)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        index.erasedUnlocked(Keys.sequence(it.key(), 0));
      }
      it.status();
    }
  }

  private ColumnFamilyOptions cf(boolean pointLookups) {
    BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache);
    ColumnFamilyOptions options = new ColumnFamilyOptions();
    if (pointLookups) {
      // Most id lookups are for ids never seen: a bloom filter answers those without a disk read.
      table.setFilterPolicy(new BloomFilter(10, false));
      options.setMemtablePrefixBloomSizeRatio(0.1).setMemtableWholeKeyFiltering(true);
    }
    options.setTableFormatConfig(table).setCompressionType(CompressionType.LZ4_COMPRESSION);
    cfOptions.add(options);
    return options;
  }

  @Override
  public CompletableFuture<Erasure> eraseUser(String userId) {
    return committer.eraseUser(userId);
  }

  @Override
  public ProfileStore profiles() {
    return profileStore;
  }

  @Override
  public Documents documents() {
    return documentStore;
  }

  @Override
  public void listen(StoreListener listener) {
    committer.listen(listener);
  }

  /** Listener calls that threw since the store opened. */
  public long listenerFailures() {
    return committer.listenerFailures();
  }

  @Override
  public EventLog events() {
    return eventLog;
  }

  @Override
  public ItemStore items() {
    return itemStore;
  }

  @Override
  public UserStore users() {
    return userStore;
  }

  public Path directory() {
    return dir;
  }

  @Override
  public long diskBytes() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // a file compacted away while we walked
                }
              })
          .sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return -1; // a file compacted away while we listed the directory; the next call will do
    }
  }

  /**
   * Bytes of table files of one column family ({@code events}, {@code profiles}, ...), after a
   * {@link #flush}; for size measurements.
   */
  public long tableBytes(String family) {
    ColumnFamilyHandle cf =
        switch (family) {
          case "events" -> events;
          case "profiles" -> profiles;
          case "items" -> items;
          case "users" -> users;
          case "documents" -> documents;
          default -> throw new IllegalArgumentException("no column family '" + family + "'");
        };
    return read(
        () -> {
          try {
            return db.getLongProperty(cf, "rocksdb.total-sst-files-size");
          } catch (RocksDBException e) {
            throw new StoreException("cannot read the size of " + family, e);
          }
        });
  }

  /** Compacts every column family fully and waits; for size measurements. */
  public void compact() {
    read(
        () -> {
          try {
            for (ColumnFamilyHandle h : handles) {
              db.compactRange(h);
            }
          } catch (RocksDBException e) {
            throw new StoreException("compaction failed: " + e.getMessage(), e);
          }
          return null;
        });
  }

  /** Flushes memtables to files and waits; for size measurements and tests. */
  public void flush() {
    read(
        () -> {
          try (org.rocksdb.FlushOptions options =
              new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            db.flush(options, handles);
          } catch (RocksDBException e) {
            throw new StoreException("flush failed: " + e.getMessage(), e);
          }
          return null;
        });
  }

  private void syncWal() {
    lifecycle.readLock().lock();
    try {
      if (!closed) {
        db.syncWal();
      }
    } catch (RocksDBException e) {
      log.error("background WAL sync failed", e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    committer.close(); // writes what is queued, then stops the only writer
    closing = true; // long scans see this and stop
    lifecycle.writeLock().lock(); // waits for reads in progress
    try {
      closed = true;
      if (syncer != null) {
        syncer.shutdownNow();
        try {
          syncer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        db.syncWal();
      } catch (RocksDBException e) {
        log.error("final WAL sync failed", e);
      }
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      closeOptions();
    } finally {
      lifecycle.writeLock().unlock();
    }
    log.info("closed store at {}", dir);
  }

  /**
   * Runs a read while the database cannot be closed under it.
   *
   * @throws StoreException when the store is closed
   */
  <T> T read(java.util.function.Supplier<T> read) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreException("the store at " + dir + " is closed");
      }
      return read.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private void checkScan(RocksIterator it) {
    if (closing) {
      throw new StoreException("the store at " + dir + " is closing");
    }
    try {
      it.status();
    } catch (RocksDBException e) {
      throw new StoreException("reading the store failed: " + e.getMessage(), e);
    }
  }

  private void closeOptions() {
    dbOptions.close();
    cfOptions.forEach(ColumnFamilyOptions::close);
    cache.close();
  }

  byte[] get(ColumnFamilyHandle cf, byte[] key) {
    return read(
        () -> {
          try {
            return db.get(cf, key);
          } catch (RocksDBException e) {
            throw new StoreException("read failed: " + e.getMessage(), e);
          }
        });
  }

  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  private final class RocksEventLog implements EventLog {
    @Override
    public CompletableFuture<AppendResult> append(List<Event> batch) {
      return committer.append(batch);
    }

    @Override
    public long replay(long fromSequence, Consumer<StoredEvent> consumer) {
      return read(
          () -> {
            long n = 0;
            try (RocksIterator it = db.newIterator(events)) {
              for (it.seek(Keys.sequence(Math.max(fromSequence, 0))); it.isValid(); it.next()) {
                consumer.accept(EventCodec.decode(Keys.sequence(it.key(), 0), it.value()));
                n++;
                if ((n & 1023) == 0 && closing) {
                  break;
                }
              }
              checkScan(it);
            }
            return n;
          });
    }

    @Override
    public long replayUser(String userId, Consumer<StoredEvent> consumer) {
      long n = 0;
      for (long seq : index.sequencesOf(userId)) {
        byte[] value = get(events, Keys.sequence(seq));
        if (value != null) { // erased meanwhile
          consumer.accept(EventCodec.decode(seq, value));
          n++;
        }
      }
      return n;
    }

    @Override
    public long recentOfUser(
        String userId, long beforeSequence, int limit, Consumer<StoredEvent> consumer) {
      long[] seqs = index.sequencesOf(userId);
      int at = java.util.Arrays.binarySearch(seqs, beforeSequence);
      at = at >= 0 ? at - 1 : -at - 2; // the last sequence below beforeSequence
      long n = 0;
      for (; at >= 0 && n < limit; at--) {
        byte[] value = get(events, Keys.sequence(seqs[at]));
        if (value != null) { // erased meanwhile
          consumer.accept(EventCodec.decode(seqs[at], value));
          n++;
        }
      }
      return n;
    }

    @Override
    public boolean containsId(String eventId) {
      return index.knowsShared(
          eventId,
          seq -> {
            byte[] value = get(events, Keys.sequence(seq));
            return value == null ? null : EventCodec.head(value).id();
          });
    }

    @Override
    public long count() {
      return committer.eventCount();
    }

    @Override
    public long lastSequence() {
      return committer.lastSequence();
    }
  }

  private final class RocksItemStore implements ItemStore {
    @Override
    public void putAll(List<Item> batch) {
      join(committer.putItems(batch));
    }

    @Override
    public Optional<Item> get(String id) {
      byte[] value = RocksStore.this.get(items, Keys.utf8(id));
      return value == null ? Optional.empty() : Optional.of(decodeItem(value));
    }

    @Override
    public long count() {
      return committer.itemCount();
    }

    @Override
    public void forEach(Consumer<Item> consumer) {
      read(
          () -> {
            try (RocksIterator it = db.newIterator(items)) {
              for (it.seekToFirst(); it.isValid(); it.next()) {
                consumer.accept(decodeItem(it.value()));
              }
              checkScan(it);
            }
            return null;
          });
    }
  }

  private final class RocksUserStore implements UserStore {
    @Override
    public void putAll(List<User> batch) {
      join(committer.putUsers(batch));
    }

    @Override
    public Optional<User> get(String id) {
      byte[] value = RocksStore.this.get(users, Keys.utf8(id));
      return value == null ? Optional.empty() : Optional.of(decodeUser(value));
    }

    @Override
    public long count() {
      return committer.userCount();
    }

    @Override
    public void forEach(Consumer<User> consumer) {
      scan(users, (key, value) -> consumer.accept(decodeUser(value)));
    }
  }

  /** Iterates a column family under the read lock; stops when the store starts closing. */
  private void scan(ColumnFamilyHandle cf, java.util.function.BiConsumer<byte[], byte[]> consumer) {
    read(
        () -> {
          try (RocksIterator it = db.newIterator(cf)) {
            long n = 0;
            for (it.seekToFirst(); it.isValid(); it.next()) {
              consumer.accept(it.key(), it.value());
              if ((++n & 1023) == 0 && closing) {
                break;
              }
            }
            checkScan(it);
          }
          return null;
        });
  }

  /**
   * Profile snapshots. A record's key is the user id; the checkpoint sits in the same family under
   * a key no user id can have (ids hold no control characters), so that the family is always
   * flushed as one consistent prefix of its writes. Writes skip the write-ahead log: lost writes
   * are rebuilt from the event log, and each record says how far in the log it goes.
   */
  private final class RocksProfileStore implements ProfileStore {
    private static final byte[] CHECKPOINT = {0, 'c', 'h', 'e', 'c', 'k', 'p', 'o', 'i', 'n', 't'};

    @Override
    public void forEach(java.util.function.BiConsumer<String, byte[]> consumer) {
      scan(
          profiles,
          (key, value) -> {
            if (key.length > 0 && key[0] != 0) {
              consumer.accept(new String(key, java.nio.charset.StandardCharsets.UTF_8), value);
            }
          });
    }

    @Override
    public Checkpoint checkpoint() {
      byte[] value = RocksStore.this.get(profiles, CHECKPOINT);
      if (value == null) {
        return null;
      }
      long sequence = Keys.sequence(value, 0);
      return new Checkpoint(
          sequence,
          new String(value, 8, value.length - 8, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public void write(java.util.Map<String, byte[]> records, Checkpoint checkpoint) {
      read(
          () -> {
            try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch();
                org.rocksdb.WriteOptions options =
                    new org.rocksdb.WriteOptions().setDisableWAL(true)) {
              for (var e : records.entrySet()) {
                byte[] key = Keys.utf8(e.getKey());
                if (e.getValue() == null) {
                  batch.delete(profiles, key);
                } else {
                  batch.put(profiles, key, e.getValue());
                }
              }
              if (checkpoint != null) {
                byte[] fp = Keys.utf8(checkpoint.fingerprint());
                byte[] value = new byte[8 + fp.length];
                System.arraycopy(Keys.sequence(checkpoint.sequence()), 0, value, 0, 8);
                System.arraycopy(fp, 0, value, 8, fp.length);
                batch.put(profiles, CHECKPOINT, value);
              }
              db.write(options, batch);
            } catch (RocksDBException e) {
              throw new StoreException("cannot write profile snapshots: " + e.getMessage(), e);
            }
            return null;
          });
    }

    @Override
    public void clear() {
      read(
          () -> {
            try (org.rocksdb.WriteOptions options = new org.rocksdb.WriteOptions().setSync(true)) {
              db.deleteRange(profiles, options, new byte[0], new byte[] {(byte) 0xFF, (byte) 0xFF});
              db.delete(profiles, options, CHECKPOINT);
            } catch (RocksDBException e) {
              throw new StoreException("cannot clear profile snapshots: " + e.getMessage(), e);
            }
            return null;
          });
    }

    @Override
    public long count() {
      return read(
          () -> {
            try {
              return db.getLongProperty(profiles, "rocksdb.estimate-num-keys");
            } catch (RocksDBException e) {
              return -1L;
            }
          });
    }
  }

  /** Documents keyed by kind, a 0 byte and name; written with sync. */
  private final class RocksDocuments implements Documents {
    private byte[] key(String kind, String name) {
      return Keys.utf8(kind + '\0' + name);
    }

    @Override
    public void put(String kind, String name, byte[] document) {
      write(o -> db.put(documents, o, key(kind, name), document));
    }

    @Override
    public Optional<byte[]> get(String kind, String name) {
      return Optional.ofNullable(RocksStore.this.get(documents, key(kind, name)));
    }

    @Override
    public boolean delete(String kind, String name) {
      boolean existed = get(kind, name).isPresent();
      write(o -> db.delete(documents, o, key(kind, name)));
      return existed;
    }

    @Override
    public java.util.Map<String, byte[]> all(String kind) {
      java.util.Map<String, byte[]> out = new java.util.TreeMap<>();
      String prefix = kind + '\0';
      scan(
          documents,
          (key, value) -> {
            String k = new String(key, java.nio.charset.StandardCharsets.UTF_8);
            if (k.startsWith(prefix)) {
              out.put(k.substring(prefix.length()), value);
            }
          });
      return out;
    }

    private interface RocksWrite {
      void run(org.rocksdb.WriteOptions options) throws RocksDBException;
    }

    private void write(RocksWrite w) {
      read(
          () -> {
            try (org.rocksdb.WriteOptions options = new org.rocksdb.WriteOptions().setSync(true)) {
              w.run(options);
            } catch (RocksDBException e) {
              throw new StoreException("cannot write a document: " + e.getMessage(), e);
            }
            return null;
          });
    }
  }

  static byte[] encode(Object jsonNode) {
    try {
      return Wire.mapper().writeValueAsBytes(jsonNode);
    } catch (IOException e) {
      throw new StoreException("cannot encode " + jsonNode, e);
    }
  }

  private static Item decodeItem(byte[] bytes) {
    try {
      return ModelJson.readItem(Wire.mapper().readTree(bytes), null);
    } catch (IOException e) {
      throw new StoreException("corrupt item record", e);
    }
  }

  private static User decodeUser(byte[] bytes) {
    try {
      return ModelJson.readUser(Wire.mapper().readTree(bytes), null);
    } catch (IOException e) {
      throw new StoreException("corrupt user record", e);
    }
  }
}
