package dev.persona.server.http;

import dev.persona.core.validate.Violation;
import java.util.List;

/**
 * An answer other than success, with its HTTP status and the error code of API.md. Thrown by
 * handlers and turned into the JSON error body in one place ({@link ErrorMapper}).
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final transient List<Violation> details;

  public ApiException(int status, String code, String message, List<Violation> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<Violation> details() {
    return details;
  }

  static ApiException notFound(String what, String id) {
    return new ApiException(404, "not_found", "no " + what + " with id '" + id + "'");
  }
}
