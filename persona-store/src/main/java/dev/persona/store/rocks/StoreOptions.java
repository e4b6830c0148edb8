package dev.persona.store.rocks;

import dev.persona.core.store.SyncPolicy;
import java.time.Duration;

/**
 * Settings of the embedded store.
 *
 * @param sync when the write-ahead log is forced to disk; see {@link SyncPolicy} for the loss
 *     window of each
 * @param syncInterval how often the log is forced to disk under {@link SyncPolicy#INTERVAL}
 * @param maxGroupEvents the most events one group commit writes; more waiting appends go into the
 *     next group
 * @param blockCacheBytes RocksDB block cache shared by every column family
 */
public record StoreOptions(
    SyncPolicy sync, Duration syncInterval, int maxGroupEvents, long blockCacheBytes) {
  public StoreOptions {
    if (sync == null) {
      throw new IllegalArgumentException("sync must not be null");
    }
    if (syncInterval == null || syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("syncInterval must be positive, got " + syncInterval);
    }
    if (maxGroupEvents < 1) {
      throw new IllegalArgumentException("maxGroupEvents must be >= 1, got " + maxGroupEvents);
    }
    if (blockCacheBytes < 0) {
      throw new IllegalArgumentException("blockCacheBytes must be >= 0, got " + blockCacheBytes);
    }
  }

  public static StoreOptions defaults() {
    return new StoreOptions(SyncPolicy.ALWAYS, Duration.ofSeconds(1), 50_000, 64L << 20);
  }

  public StoreOptions withSync(SyncPolicy policy) {
    return new StoreOptions(policy, syncInterval, maxGroupEvents, blockCacheBytes);
  }

  public StoreOptions withSyncInterval(Duration interval) {
    return new StoreOptions(sync, interval, maxGroupEvents, blockCacheBytes);
  }
}
