package dev.persona.recommend.online;

import java.util.Arrays;

/**
 * What the online model keeps per user: the latest distinct items (most recent first) with how the
 * user last interacted with each, the latest visit, and the items never to recommend to them again
 * (bought, disliked; sorted). An immutable value, replaced on each event.
 *
 * @param recent item indexes, most recent first
 * @param types how each recent item was last touched ({@link #VIEWED}, {@link #BOUGHT}, ...)
 * @param session the latest event's session id, or {@code null}
 * @param lastTime the latest event's time, epoch ms
 * @param excluded sorted item indexes
 */
public record UserState(int[] recent, byte[] types, String session, long lastTime, int[] excluded) {
  public static final byte VIEWED = 0;
  public static final byte CARTED = 1;
  public static final byte BOUGHT = 2;
  public static final byte RATED = 3;
  public static final byte LIKED = 4;

  public static final UserState EMPTY =
      new UserState(new int[0], new byte[0], null, Long.MIN_VALUE, new int[0]);

  public boolean contains(int item) {
    for (int i : recent) {
      if (i == item) {
        return true;
      }
    }
    return false;
  }

  public boolean excludes(int item) {
    return Arrays.binarySearch(excluded, item) >= 0;
  }

  UserState touched(int item, byte type, String newSession, long t, int max) {
    int n = Math.min(max, recent.length + (contains(item) ? 0 : 1));
    int[] r = new int[n];
    byte[] ty = new byte[n];
    r[0] = item;
    ty[0] = type;
    int k = 1;
    for (int i = 0; i < recent.length && k < n; i++) {
      if (recent[i] != item) {
        r[k] = recent[i];
        ty[k++] = types[i];
      }
    }
    return new UserState(r, ty, newSession, Math.max(lastTime, t), excluded);
  }

  UserState excluding(int item) {
    int at = Arrays.binarySearch(excluded, item);
    if (at >= 0) {
      return this;
    }
    int pos = -at - 1;
    int[] e = new int[excluded.length + 1];
    System.arraycopy(excluded, 0, e, 0, pos);
    e[pos] = item;
    System.arraycopy(excluded, pos, e, pos + 1, excluded.length - pos);
    return new UserState(recent, types, session, lastTime, e);
  }

  /** How the user last touched the {@code i}-th recent item, in words ("viewed", "bought"). */
  public String verb(int i) {
    return switch (types[i]) {
      case BOUGHT -> "bought";
      case CARTED -> "added to your cart";
      case RATED -> "rated highly";
      case LIKED -> "liked";
      default -> "viewed";
    };
  }
}
