package dev.persona.core.store;

import java.util.Locale;

/**
 * When the store forces its write-ahead log to stable storage. Both policies write the log to the
 * operating system before an append is acknowledged, so both survive a crash of the process ({@code
 * kill -9}); they differ on a crash of the machine or a power cut.
 */
public enum SyncPolicy {
  /**
   * fsync before every acknowledgement (group-committed: one fsync covers every append waiting at
   * that moment). Nothing acknowledged is lost, even on power loss.
   */
  ALWAYS,
  /**
   * fsync in the background every {@code syncInterval}. A machine crash or power cut can lose what
   * was acknowledged in the last interval; a process crash loses nothing.
   */
  INTERVAL;

  public static SyncPolicy parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "sync policy must be 'always' or 'interval', got '" + text + "'");
    }
  }
}
