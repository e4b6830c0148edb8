package dev.persona.eval;

/**
 * One user-item interaction of a data set.
 *
 * @param user the user (or the visit, for session data)
 * @param item the item
 * @param time epoch ms, or the position in the file when the data set has no time
 * @param value the rating, play count or 1
 */
public record Interaction(String user, String item, long time, double value) {}
