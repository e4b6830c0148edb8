package dev.persona.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.json.Wire;
import dev.persona.core.store.StoreException;
import dev.persona.core.store.StoreOverloadedException;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import dev.persona.profile.segment.RuleSyntaxException;
import dev.persona.server.ingest.IngestPipeline;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers: {@code {"error", "message", "details"}} with
 * the status of API.md. Validation failures are 400 with one detail per field; anything unexpected
 * is a 500 whose details stay in the log.
 */
final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  static void install(Javalin app) {
    app.exception(Exception.class, (e, ctx) -> handle(e, ctx));
    // Javalin answers its own HttpResponseExceptions in plain text unless this exact type is
    // mapped.
    app.exception(HttpResponseException.class, (e, ctx) -> handle(e, ctx));
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            write(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path(), List.of());
          }
        });
  }

  /** Maps any failure, unwrapping those that come through a future. */
  static void handle(Throwable thrown, Context ctx) {
    Throwable e = thrown;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    switch (e) {
      case ApiException a -> write(ctx, a.status(), a.code(), a.getMessage(), a.details());
      case ValidationException v ->
          write(ctx, 400, "invalid_input", v.getMessage(), v.violations());
      case RuleSyntaxException r -> {
        ObjectNode body = Wire.object();
        body.put("error", "invalid_rule");
        body.put("message", "rule: " + r.getMessage());
        ObjectNode d = body.putArray("details").addObject();
        d.put("field", "rule");
        d.put("reason", r.getMessage());
        d.put("position", r.position());
        d.put("expected", r.expected());
        ctx.status(400).contentType("application/json").result(body.toString());
      }
      case IngestPipeline.BatchTooLargeException b ->
          write(ctx, 413, "batch_too_large", b.getMessage(), List.of());
      case JsonProcessingException j -> write(ctx, 400, "invalid_json", describe(j), List.of());
      case StoreOverloadedException o -> {
        ctx.header("Retry-After", "1");
        write(ctx, 503, "overloaded", o.getMessage(), List.of());
      }
      case StoreException s -> {
        log.error("store failure on {} {}", ctx.method(), ctx.path(), s);
        write(
            ctx,
            503,
            "store_unavailable",
            "the store could not complete the request: " + s.getMessage(),
            List.of());
      }
      case HttpResponseException h -> {
        int status = h.getStatus();
        String code =
            switch (status) {
              case 413 -> "body_too_large";
              case 404 -> "not_found";
              case 405 -> "method_not_allowed";
              default -> "http_" + status;
            };
        write(ctx, status, code, h.getMessage(), List.of());
      }
      default -> {
        log.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
        write(ctx, 500, "internal_error", "unexpected server error; see the server log", List.of());
      }
    }
  }

  static void write(Context ctx, int status, String code, String message, List<Violation> details) {
    ObjectNode body = Wire.object();
    body.put("error", code);
    body.put("message", message);
    ArrayNode array = body.putArray("details");
    for (Violation v : details) {
      ObjectNode d = array.addObject();
      if (v.index() != null) {
        d.put("index", v.index());
      }
      d.put("field", v.field());
      d.put("reason", v.reason());
    }
    ctx.status(status).contentType("application/json").result(body.toString());
  }

  /** A parse error in words, with where it happened, without Jackson's internals. */
  static String describe(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return "the JSON is nested too deeply (at most " + Wire.MAX_DOCUMENT_DEPTH + " levels)";
    }
    String message = e.getOriginalMessage();
    if (message != null && message.contains("UTF-8")) {
      message = "invalid UTF-8: " + message;
    }
    var where = e.getLocation();
    return "malformed JSON"
        + (where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
        + ": "
        + message;
  }
}
