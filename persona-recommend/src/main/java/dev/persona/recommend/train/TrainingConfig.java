package dev.persona.recommend.train;

/**
 * What a training run builds, and how it checks itself.
 *
 * @param als iALS hyper-parameters
 * @param ease whether to train EASE as well
 * @param easeLambda EASE's L2 regularisation
 * @param easeMaxItems EASE is refused (reported as skipped, with the reason) above this many items
 * @param holdoutUsers users who each lend one random interaction to a holdout that measures the
 *     models (HitRate@10, NDCG@10 over the full catalogue), 0 for none; those interactions are left
 *     out of training (serving still sees them through fold-in and the online model)
 * @param seed the holdout draw
 */
public record TrainingConfig(
    AlsParams als, boolean ease, double easeLambda, int easeMaxItems, int holdoutUsers, long seed) {

  public TrainingConfig {
    if (als == null) {
      throw new IllegalArgumentException("training.als is required");
    }
    if (!(easeLambda > 0) || Double.isInfinite(easeLambda)) {
      throw new IllegalArgumentException("training.ease.lambda must be > 0, got " + easeLambda);
    }
    if (easeMaxItems < 1 || easeMaxItems > Ease.MAX_ITEMS) {
      throw new IllegalArgumentException(
          "training.ease.maxItems must be in 1.." + Ease.MAX_ITEMS + ", got " + easeMaxItems);
    }
    if (holdoutUsers < 0) {
      throw new IllegalArgumentException("training.holdoutUsers must be >= 0, got " + holdoutUsers);
    }
  }

  /** iALS defaults, EASE with lambda 500 up to 20,000 items, a holdout of 1,000 users. */
  public static TrainingConfig defaults() {
    return new TrainingConfig(AlsParams.defaults(), true, 500, 20_000, 1_000, 7);
  }
}
