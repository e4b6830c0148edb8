package dev.persona.data.synth;

import java.util.List;
import java.util.Map;

/**
 * The hidden facts behind one generated user, written to {@code truth.jsonl} so that profiling and
 * segmentation can be checked against them.
 *
 * <p><b>Category shares</b> are the expected share of the user's item events (views, carts,
 * purchases; not searches) in each top-level category, exactly as the generator draws them: a
 * human's view lands in one of their preferred categories, chosen by taste weight, with probability
 * {@code pTaste}, and otherwise in a category drawn by the shop's category shares; so the share of
 * category c is {@code pTaste * weight(c) + (1 - pTaste) * shopShare(c)}. (Within a session half of
 * the views stay in one preferred category, the session's focus; that clusters the draws but does
 * not change their expectation.) Carts and purchases repeat a viewed item, so they follow the same
 * shares up to a small lean toward preferred brands. A crawler bot views uniformly random items
 * (shares are the catalogue's category sizes); a buyer bot repeats a few target items (shares are
 * their categories, equally).
 *
 * @param userId the user's id
 * @param topCategories the (up to) 3 top-level categories with the largest {@code categoryShares},
 *     largest first
 * @param categoryShares the expected share per top-level category, for every category the user
 *     prefers and every one among the top 3; largest first
 * @param topBrand the brand with the largest expected share: for a human the preferred brand of
 *     their first category (drawn for {@value Population#TOP_BRAND_SHARE} of the items they pick
 *     there); {@code null} for a crawler
 * @param preferredBrands the one or two preferred brands, {@code topBrand} first
 * @param bot whether the user is a bot
 * @param botKind {@code crawler} or {@code buyer} for bots, {@code null} for humans
 * @param pTaste the share of the user's views in preferred categories, by weight (0.72 to 0.88 for
 *     humans, 0 for bots)
 * @param priceSensitivity 0 (prefers premium) to 1 (prefers the cheapest third)
 * @param activity the user's relative activity (a truncated power law for humans)
 * @param events how many events the user has in the generated shop
 */
public record UserTruth(
    String userId,
    List<String> topCategories,
    Map<String, Double> categoryShares,
    String topBrand,
    List<String> preferredBrands,
    boolean bot,
    String botKind,
    double pTaste,
    double priceSensitivity,
    double activity,
    long events) {}
