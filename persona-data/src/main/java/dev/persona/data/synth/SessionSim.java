package dev.persona.data.synth;

import dev.persona.core.model.Event;
import java.util.Locale;
import java.util.Map;

/**
 * Plays one session, one event at a time, so that many sessions can be interleaved by time without
 * holding their events. Everything it draws comes from a generator keyed by (seed, user, session
 * number), so a session plays the same way whenever it is played.
 *
 * <p>A human session may open with a search (15%) whose query names a leaf category and sometimes a
 * preferred brand; the next views then lean to that leaf. Each view picks a top-level category (see
 * {@link #viewTop}): half of the views stay in the session's focus, a preferred category, and the
 * others draw afresh, so that over all views the category shares are those of {@link UserTruth}.
 * Within the category a preferred brand is drawn first ({@value Population#TOP_BRAND_SHARE} and
 * {@value Population#SECOND_BRAND_SHARE}), otherwise a price tier by the user's price sensitivity,
 * then an item by popularity. A view leads to a cart in {@value #CART_RATE} of cases (1.5 times
 * that for a preferred brand); a cart leads to a purchase at the end of the session in {@value
 * #BUY_RATE} of cases, and otherwise to a removal in a quarter of cases. Quantities are mostly 1; a
 * purchase's value is price times quantity. Gaps between events are log-normal around 25 seconds.
 *
 * <p>A crawler views uniformly random items at a fixed period (0.7 to 3 s) with a few milliseconds
 * of jitter; a buyer cycles view, cart (3 to 10 pieces), purchase over its target items at a fixed
 * period of 0.4 to 1.2 s.
 */
final class SessionSim {
  static final double CART_RATE = 0.09;
  static final double BUY_RATE = 0.42;
  static final double SEARCH_RATE = 0.15;
  static final double FOCUS = 0.5;

  private final Catalogue cat;
  private final Population pop;
  private final int user;
  private final int length;
  private final String userId;
  private final String sessionId;
  private final Map<String, String> context;
  private final Rng rng;
  final int position;

  private int step;
  private long time;
  private int focusTop = -1;
  private int focusLeaf = -1;
  private int searchViews;
  private int cartNext = -1;
  // Pending checkout: items and quantities, removals first (negative quantity marks a removal).
  private final int[] pendingItem = new int[64];
  private final int[] pendingQuantity = new int[64];
  private int pendingCount;
  private int pendingDone;
  private final long period;
  private final int[] targets;
  private int cycleItem;
  private int cycleQuantity;

  SessionSim(ShopConfig config, Catalogue cat, Population pop, SessionPlan plan, int position) {
    this.cat = cat;
    this.pop = pop;
    this.position = position;
    int index = plan.index(position);
    this.user = plan.user(index);
    int number = plan.number(index);
    this.length = plan.length(index);
    this.time = plan.start(index);
    this.userId = Population.userId(user);
    this.sessionId = userId + "-s" + number;
    this.rng = Rng.of(config.seed(), 7, user, number);
    String device;
    byte kind = pop.kind[user];
    if (kind == Population.HUMAN) {
      device =
          rng.chance(0.85)
              ? Population.DEVICES[pop.device[user]]
              : Population.DEVICES[rng.nextInt(Population.DEVICES.length)];
      period = 0;
      targets = null;
    } else {
      device = "desktop";
      Rng botRng = Rng.of(config.seed(), 6, user);
      period = kind == Population.CRAWLER ? 700 + botRng.nextInt(2_300) : 400 + botRng.nextInt(800);
      targets = kind == Population.BUYER ? pop.buyerTargets(user) : null;
    }
    this.context = Map.of("device", device);
  }

  boolean done() {
    return step >= length;
  }

  /** When the next event happens, epoch milliseconds. */
  long nextTime() {
    return time;
  }

  /** The next event; then {@link #nextTime()} moves on. */
  Event next() {
    Event e =
        switch (pop.kind[user]) {
          case Population.CRAWLER -> crawl();
          case Population.BUYER -> buy();
          default -> human();
        };
    step++;
    return e;
  }

  private Event crawl() {
    Event e = event("view", cat.size == 0 ? 0 : rng.nextInt(cat.size), null, null);
    time += period + rng.nextInt(4);
    return e;
  }

  private Event buy() {
    Event e;
    switch (step % 3) {
      case 0 -> {
        cycleItem = targets[rng.nextInt(targets.length)];
        cycleQuantity = 3 + rng.nextInt(8);
        e = event("view", cycleItem, null, null);
      }
      case 1 -> e = event("cart", cycleItem, (double) cycleQuantity, null);
      default -> e = event("purchase", cycleItem, amount(cycleItem, cycleQuantity), null);
    }
    time += period + rng.nextInt(3);
    return e;
  }

  private Event human() {
    int remaining = length - step;
    int pending = pendingCount - pendingDone;
    if (pending > 0 && remaining <= pending) {
      int i = pendingDone++;
      int item = pendingItem[i];
      int q = pendingQuantity[i];
      Event e =
          q < 0
              ? event("remove_cart", item, (double) -q, null)
              : event("purchase", item, amount(item, q), null);
      time += 3_000 + rng.nextInt(20_000);
      return e;
    }
    if (cartNext >= 0) {
      int item = cartNext;
      cartNext = -1;
      double r = rng.nextDouble();
      int quantity = r < 0.85 ? 1 : r < 0.96 ? 2 : 3;
      if (rng.chance(BUY_RATE)) {
        queue(item, quantity);
      } else if (rng.chance(0.25)) {
        queue(item, -quantity);
      }
      Event e = event("cart", item, (double) quantity, null);
      time += gap();
      return e;
    }
    if (step == 0 && length >= 2 && rng.chance(SEARCH_RATE)) {
      int example = cat.byTop[focus()].sample(rng);
      focusLeaf = cat.leaf[example];
      searchViews = 2;
      String noun = Taxonomy.noun(cat.leaves.get(focusLeaf)).toLowerCase(Locale.ROOT);
      int b = pop.brand1[user];
      String query =
          cat.brandTop[b] == focusTop && rng.chance(0.4)
              ? cat.brandNames[b].toLowerCase(Locale.ROOT) + " " + noun
              : noun;
      Event e = event("search", -1, null, query);
      time += 4_000 + rng.nextInt(16_000);
      return e;
    }
    int item = chooseItem();
    // Room for the cart and, if it is bought, its purchase at the end.
    if (remaining - 1 >= pending + 2 && pendingCount < pendingItem.length) {
      boolean preferred =
          cat.brand[item] == pop.brand1[user] || cat.brand[item] == pop.brand2[user];
      if (rng.chance(preferred ? CART_RATE * 1.5 : CART_RATE)) {
        cartNext = item;
      }
    }
    Event e = event("view", item, null, null);
    time += cartNext >= 0 ? 5_000 + rng.nextInt(35_000) : gap();
    return e;
  }

  private void queue(int item, int quantity) {
    // Removals are played before purchases at checkout: keep them at the front of what is left.
    if (quantity < 0) {
      int at = pendingDone;
      while (at < pendingCount && pendingQuantity[at] < 0) {
        at++;
      }
      System.arraycopy(pendingItem, at, pendingItem, at + 1, pendingCount - at);
      System.arraycopy(pendingQuantity, at, pendingQuantity, at + 1, pendingCount - at);
      pendingItem[at] = item;
      pendingQuantity[at] = quantity;
    } else {
      pendingItem[pendingCount] = item;
      pendingQuantity[pendingCount] = quantity;
    }
    pendingCount++;
  }

  private long gap() {
    return Math.min(900_000L, (long) rng.logNormal(25_000, 0.9));
  }

  /** One of the user's preferred top-level categories, by taste weight. */
  private int preferredTop() {
    double x = rng.nextDouble();
    int k = pop.prefCount[user];
    for (int i = 0; i < k; i++) {
      x -= pop.weight(user, i);
      if (x < 0) {
        return pop.pref(user, i);
      }
    }
    return pop.pref(user, k - 1);
  }

  /**
   * The session's focus: a preferred category, drawn once. Exploration never becomes a focus, so
   * one long session cannot pull a user's profile toward a category they do not like.
   */
  private int focus() {
    if (focusTop < 0) {
      focusTop = preferredTop();
    }
    return focusTop;
  }

  /**
   * A category for one view: the focus with probability {@value #FOCUS}, else a fresh draw that is
   * a preferred category with probability {@code (pTaste - FOCUS) / (1 - FOCUS)} and otherwise one
   * by the shop's shares. Over all views that is a preferred category by weight with probability
   * {@code pTaste}, as {@link UserTruth} states.
   */
  private int viewTop() {
    if (rng.chance(FOCUS)) {
      return focus();
    }
    double fresh = (pop.pTaste[user] - FOCUS) / (1 - FOCUS);
    return rng.chance(fresh) ? preferredTop() : rng.pick(cat.exploreShare);
  }

  private int chooseItem() {
    if (searchViews > 0) {
      searchViews--;
      if (rng.chance(0.7)) {
        return cat.byLeaf[focusLeaf].sample(rng);
      }
    }
    int top = viewTop();
    int b1 = pop.brand1[user];
    if (cat.brandTop[b1] == top && rng.chance(Population.TOP_BRAND_SHARE)) {
      return cat.byBrand[b1].sample(rng);
    }
    int b2 = pop.brand2[user];
    if (b2 >= 0 && cat.brandTop[b2] == top && rng.chance(Population.SECOND_BRAND_SHARE)) {
      return cat.byBrand[b2].sample(rng);
    }
    double s = pop.priceSensitivity[user];
    double cheap = 0.1 + 0.5 * s;
    double premium = 0.1 + 0.5 * (1 - s);
    double r = rng.nextDouble();
    int tier = r < cheap ? 0 : r < cheap + premium ? Catalogue.TIERS - 1 : 1;
    Sampler sampler = cat.byTopTier[top][tier];
    return (sampler != null ? sampler : cat.byTop[top]).sample(rng);
  }

  private double amount(int item, int quantity) {
    return StrictMath.round(cat.price[item] * quantity * 100) / 100.0;
  }

  private Event event(String type, int item, Double value, String query) {
    return new Event(
        sessionId + "-" + step,
        type,
        userId,
        item < 0 ? null : Catalogue.itemId(item),
        time,
        value,
        sessionId,
        query,
        null,
        context,
        null);
  }
}
