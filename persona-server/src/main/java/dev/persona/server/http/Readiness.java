package dev.persona.server.http;

import java.util.concurrent.atomic.AtomicLong;

/** Where the server is in its start-up: only a ready server serves the API. Thread-safe. */
public final class Readiness {
  /** The phases, in order. */
  public enum Phase {
    STARTING,
    REPLAYING,
    READY,
    STOPPING
  }

  private volatile Phase phase = Phase.STARTING;
  private final AtomicLong replayed = new AtomicLong();
  private volatile long toReplay;

  public Phase phase() {
    return phase;
  }

  public boolean ready() {
    return phase == Phase.READY;
  }

  /**
   * A replay of {@code total} events begins, counted from 0 (a second one, the online model's
   * rebuild when its snapshot did not match the log, starts the count again).
   */
  public void replaying(long total) {
    replayed.set(0);
    toReplay = total;
    phase = Phase.REPLAYING;
  }

  public void replayedOne() {
    replayed.incrementAndGet();
  }

  public long replayed() {
    return replayed.get();
  }

  public long toReplay() {
    return toReplay;
  }

  public void ready(boolean value) {
    phase = value ? Phase.READY : Phase.STOPPING;
  }
}
