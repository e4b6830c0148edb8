package dev.persona.profile;

import java.util.List;
import java.util.SortedMap;

/**
 * What Persona keeps about one user, as {@link ProfileUpdater} derives it from their events: an
 * immutable value, equal for equal histories. Read it through {@link ProfileView}, which decays and
 * normalises the weights to a given time.
 *
 * @param userId the user
 * @param events events applied
 * @param firstSeen time of the earliest event, epoch ms
 * @param lastSeen time of the latest event, epoch ms
 * @param counts events by type, all time
 * @param daily events by type and UTC day (epoch day), for the 31 days up to {@code lastSeen}
 * @param activeDays distinct UTC days with events (counted as days advance)
 * @param lastActiveDay the latest such day
 * @param sessions sessions started (a new session id, or a gap of {@code sessionGap} without one)
 * @param lastSessionId the latest session id, or {@code null}
 * @param sessionMillis summed time between consecutive events within sessions
 * @param devices events by {@code context.device}
 * @param hours events by UTC hour of day, 24 entries
 * @param recentItems distinct items of the latest events, most recent first
 * @param interests decayed positive weights by dimension ({@code category} at every level of the
 *     path, {@code brand}, {@code tag}, {@code price} band) and key
 * @param negative decayed weights of negative signals (dislikes, removals from cart), kept apart
 * @param ratings ratings given
 * @param ratingSum their sum, for the user's mean rating
 * @param spend summed purchase amounts ({@code value}, or the item's price when none is given)
 * @param orders purchase events
 * @param returnedAt when the user came back after at least {@code dormantDays} of silence, or -1
 * @param profiling whether interests were derived ({@code false} when the user withdrew consent)
 */
public record Profile(
    String userId,
    long events,
    long firstSeen,
    long lastSeen,
    SortedMap<String, Long> counts,
    SortedMap<String, SortedMap<Long, Long>> daily,
    long activeDays,
    long lastActiveDay,
    long sessions,
    String lastSessionId,
    long sessionMillis,
    SortedMap<String, Long> devices,
    List<Long> hours,
    List<String> recentItems,
    SortedMap<String, SortedMap<String, Decayed>> interests,
    SortedMap<String, SortedMap<String, Decayed>> negative,
    long ratings,
    double ratingSum,
    double spend,
    long orders,
    long returnedAt,
    boolean profiling) {

  public static final String CATEGORY = "category";
  public static final String BRAND = "brand";
  public static final String TAG = "tag";
  public static final String PRICE = "price";
}
