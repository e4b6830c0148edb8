package dev.persona.recommend.source;

import dev.persona.profile.Profile;
import dev.persona.profile.Weights;
import dev.persona.recommend.Candidate;
import dev.persona.recommend.CandidateSource;
import dev.persona.recommend.CatalogueIndex;
import dev.persona.recommend.Query;
import dev.persona.recommend.RecallContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Content matched to the profile: items that carry the user's strongest interest keys (category
 * paths, brands, tags, price bands), each key counting its share of the user's interest times its
 * rarity in the catalogue (TF-IDF: {@code share * ln((1 + items) / items with the key)}). It needs
 * no interactions with the item, so it also serves new items. For similar items, the keys are the
 * seed item's own.
 */
public final class ContentSource implements CandidateSource {
  /** Interest keys used per dimension: category, brand, tag, price band. */
  static final int[] KEYS = {6, 3, 3, 2};

  @Override
  public String name() {
    return "content";
  }

  @Override
  public List<Candidate> recall(Query q, RecallContext c, int limit) {
    List<String[]> keys = new ArrayList<>(); // {dimension, key, weight}
    if (q.kind() == Query.Kind.USER && q.profile() != null) {
      Profile p = q.profile();
      for (int d = 0; d < Profile.DIMENSIONS.length; d++) {
        Weights w = p.interests(d);
        double total = d == 0 ? w.scaledTopLevelTotal() : w.scaledTotal();
        if (total <= 0) {
          continue;
        }
        for (int k : strongest(w, KEYS[d])) {
          keys.add(
              new String[] {Profile.DIMENSIONS[d], w.key(k), Double.toString(w.scaled(k) / total)});
        }
      }
    } else if (q.kind() == Query.Kind.SIMILAR && !q.seeds().isEmpty()) {
      int seed = q.seeds().get(0);
      CatalogueIndex index = c.index();
      for (String level : index.levels(seed)) {
        keys.add(new String[] {"category", level, "1"});
      }
      if (index.brand(seed) != null) {
        keys.add(new String[] {"brand", index.brand(seed), "1"});
      }
    }
    if (keys.isEmpty()) {
      return List.of();
    }
    Accumulator acc = new Accumulator();
    CatalogueIndex index = c.index();
    for (int k = 0; k < keys.size(); k++) {
      String[] key = keys.get(k);
      double w = Double.parseDouble(key[2]) * index.idf(key[0], key[1]);
      if (w <= 0) {
        continue;
      }
      for (int item : index.items(key[0], key[1])) {
        acc.add(item, w, k);
      }
    }
    // one reason per key, shared by the candidates it brought
    Candidate.Why[] whys = new Candidate.Why[keys.size()];
    boolean similar = q.kind() == Query.Kind.SIMILAR;
    List<Candidate> out = new ArrayList<>();
    for (int item : acc.top(limit)) {
      int k = acc.anchor(item);
      if (whys[k] == null) {
        String[] key = keys.get(k);
        whys[k] =
            new Candidate.Why(
                (similar ? "also " : "matches your interest in ") + phrase(key[0], key[1], similar),
                List.of(key[0] + ":" + key[1]));
      }
      Candidate.Why why = whys[k];
      out.add(new Candidate(item, (float) acc.score(item), () -> why));
    }
    return out;
  }

  static String phrase(String dimension, String key, boolean similar) {
    return switch (dimension) {
      case "brand" -> similar ? "by " + key : "the brand " + key;
      case "tag" -> similar ? "tagged " + key : key;
      case "price" -> (similar ? "in " : "") + "the " + key + " price range";
      default -> (similar ? "in " : "") + key;
    };
  }

  /** The positions of the {@code n} largest weights, largest first. */
  static int[] strongest(Weights w, int n) {
    dev.persona.core.topk.TopK top = new dev.persona.core.topk.TopK(n);
    for (int i = 0; i < w.size(); i++) {
      top.offer(i, (float) w.scaled(i));
    }
    return top.ids();
  }
}
