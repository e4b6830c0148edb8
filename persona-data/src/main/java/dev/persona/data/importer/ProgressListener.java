package dev.persona.data.importer;

/**
 * Told how far an import has read. Called from the importing thread, every few hundred kilobytes
 * and once at the end with {@code bytesRead == totalBytes}; implementations should be cheap.
 */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores progress. */
  ProgressListener NONE = (bytesRead, totalBytes) -> {};

  /**
   * @param bytesRead bytes of the input files read so far, over all files of the import
   * @param totalBytes the sum of the sizes of all files the import will read
   */
  void progress(long bytesRead, long totalBytes);
}
