package dev.persona.data;

/**
 * A sink could not take a batch for a reason other than the batch's content: the server answered
 * with an error status, could not be reached, or the store failed. Aborts an import.
 */
public final class SinkException extends RuntimeException {
  private final int status;
  private final String code;

  /**
   * @param status the HTTP status, or 0 when there was no answer
   * @param code the server's error code such as {@code unauthorized}, or {@code null}
   */
  public SinkException(int status, String code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** The server's error code, or {@code null}. */
  public String code() {
    return code;
  }
}
