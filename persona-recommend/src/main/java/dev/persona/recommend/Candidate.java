package dev.persona.recommend;

import java.util.List;

/**
 * One item a source proposes, with its score on the source's own scale and why.
 *
 * @param item the item's index
 * @param score larger is better; sources scale differently, the blend normalises
 * @param text the reason in words ("because you viewed Trail shoe")
 * @param evidence ids behind the reason: items, or users for user-to-user
 */
public record Candidate(int item, float score, String text, List<String> evidence) {}
