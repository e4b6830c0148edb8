package dev.persona.peers;

import dev.persona.eval.Algorithm;
import dev.persona.eval.Interaction;
import dev.persona.eval.Split;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mahout.cf.taste.common.TasteException;
import org.apache.mahout.cf.taste.impl.common.FastByIDMap;
import org.apache.mahout.cf.taste.impl.common.FastIDSet;
import org.apache.mahout.cf.taste.impl.model.GenericBooleanPrefDataModel;
import org.apache.mahout.cf.taste.impl.recommender.GenericBooleanPrefItemBasedRecommender;
import org.apache.mahout.cf.taste.impl.similarity.CachingItemSimilarity;
import org.apache.mahout.cf.taste.impl.similarity.LogLikelihoodSimilarity;
import org.apache.mahout.cf.taste.model.DataModel;
import org.apache.mahout.cf.taste.recommender.RecommendedItem;

/**
 * Apache Mahout 0.13 Taste, item-based on boolean data with log-likelihood similarity (the boolean
 * recommender: the plain one scores every item 1.0 on boolean data, see BASELINES.md). It
 * recommends for users it was trained on; a user held out of training (strong generalisation) gets
 * nothing, since Taste has no fold-in. Taste excludes the user's training items itself.
 *
 * <p>Taste is slow on the full catalogue (about 24 minutes for MovieLens 1M's 6,040 users here), so
 * {@link #sampleUsers} bounds how many users it is scored on; the report marks it as a sample.
 */
public final class MahoutItemBased implements Algorithm {
  private final int sample;

  /**
   * @param sample users to score it on, 0 for all
   */
  public MahoutItemBased(int sample) {
    this.sample = sample;
  }

  @Override
  public String name() {
    return "mahout-item-llr";
  }

  @Override
  public Map<String, Object> settings() {
    return Map.of("similarity", "log-likelihood (cached)", "recommender", "boolean item-based");
  }

  @Override
  public int sampleUsers() {
    return sample;
  }

  @Override
  public Model fit(Split split) {
    Map<String, Long> users = new HashMap<>();
    Map<String, Long> items = new HashMap<>();
    List<String> itemIds = new ArrayList<>();
    FastByIDMap<FastIDSet> data = new FastByIDMap<>();
    for (Interaction i : split.train()) {
      long u = users.computeIfAbsent(i.user(), k -> (long) users.size());
      long it =
          items.computeIfAbsent(
              i.item(),
              k -> {
                itemIds.add(k);
                return (long) itemIds.size() - 1;
              });
      FastIDSet s = data.get(u);
      if (s == null) {
        s = new FastIDSet();
        data.put(u, s);
      }
      s.add(it);
    }
    DataModel model = new GenericBooleanPrefDataModel(data);
    GenericBooleanPrefItemBasedRecommender recommender;
    try {
      recommender =
          new GenericBooleanPrefItemBasedRecommender(
              model, new CachingItemSimilarity(new LogLikelihoodSimilarity(model), model));
    } catch (TasteException e) {
      throw new IllegalStateException("Mahout: " + e.getMessage(), e);
    }
    return (user, history, exclude, k) -> {
      Long u = users.get(user);
      if (u == null) {
        return List.of();
      }
      try {
        List<String> out = new ArrayList<>(k);
        // Taste leaves out the user's training items itself; the rescorer leaves out the rest of
        // the request's exclusions (a validation part under random:R:V) before it keeps the k best
        org.apache.mahout.cf.taste.recommender.IDRescorer skip =
            new org.apache.mahout.cf.taste.recommender.IDRescorer() {
              @Override
              public double rescore(long id, double score) {
                return score;
              }

              @Override
              public boolean isFiltered(long id) {
                return exclude.contains(itemIds.get((int) id));
              }
            };
        for (RecommendedItem r : recommender.recommend(u, k, skip)) {
          String id = itemIds.get((int) r.getItemID());
          if (!exclude.contains(id) && out.size() < k) {
            out.add(id);
          }
        }
        return out;
      } catch (TasteException e) {
        throw new IllegalStateException("Mahout, user " + user + ": " + e.getMessage(), e);
      }
    };
  }
}
