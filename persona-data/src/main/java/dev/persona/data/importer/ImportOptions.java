package dev.persona.data.importer;

import dev.persona.core.model.EventPolicy;

/**
 * How an import runs.
 *
 * @param batchSize records per call to the sink, 1 to 100,000
 * @param policy the event rules every event must pass before it is sent (unknown types, missing
 *     items, future timestamps are rejected lines, not sink errors)
 * @param progress told how many bytes were read; {@link ProgressListener#NONE} for none
 * @param examplesPerReason how many rejected lines to keep as examples for each reason, 0 to 100
 */
public record ImportOptions(
    int batchSize, EventPolicy policy, ProgressListener progress, int examplesPerReason) {
  public static final int DEFAULT_BATCH_SIZE = 1_000;

  public ImportOptions {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batchSize must be in 1..100000, got " + batchSize);
    }
    if (policy == null) {
      throw new IllegalArgumentException("policy must not be null");
    }
    if (progress == null) {
      throw new IllegalArgumentException("progress must not be null (use ProgressListener.NONE)");
    }
    if (examplesPerReason < 0 || examplesPerReason > 100) {
      throw new IllegalArgumentException(
          "examplesPerReason must be in 0..100, got " + examplesPerReason);
    }
  }

  /** Batches of 1,000, the default event policy, no progress, 3 examples per reason. */
  public static ImportOptions defaults() {
    return new ImportOptions(DEFAULT_BATCH_SIZE, EventPolicy.defaults(), ProgressListener.NONE, 3);
  }

  public ImportOptions withBatchSize(int size) {
    return new ImportOptions(size, policy, progress, examplesPerReason);
  }

  public ImportOptions withPolicy(EventPolicy newPolicy) {
    return new ImportOptions(batchSize, newPolicy, progress, examplesPerReason);
  }

  public ImportOptions withProgress(ProgressListener listener) {
    return new ImportOptions(batchSize, policy, listener, examplesPerReason);
  }

  public ImportOptions withExamplesPerReason(int examples) {
    return new ImportOptions(batchSize, policy, progress, examples);
  }
}
