package dev.persona.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.json.Wire;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The latest offline evaluation report (extensions of API.md): {@code GET /v1/evaluation} answers
 * the {@code results.json} that {@code persona evaluate} wrote to {@code server.evaluationDir}, and
 * {@code GET /v1/evaluation/charts/{name}} one of its SVG charts. Only a plain file name directly
 * in {@code charts/} is served, so that no path can reach outside it.
 */
final class EvaluationRoutes {
  /** A chart's file name: no separators, no leading dot, ending in {@code .svg}. */
  static final Pattern CHART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}\\.svg");

  private final Path dir;

  EvaluationRoutes(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  void register(Javalin app) {
    app.get("/v1/evaluation", this::report);
    app.get("/v1/evaluation/charts/{name}", this::chart);
  }

  private ApiException noReport() {
    return new ApiException(
        404,
        "not_found",
        "no evaluation report in "
            + dir
            + "; run ./persona evaluate (it writes one there), or point server.evaluationDir"
            + " (--evaluation) at one");
  }

  private void report(Context ctx) throws IOException {
    Path results = dir.resolve("results.json");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(results);
    } catch (NoSuchFileException e) {
      // no report yet is a normal state, not an error: 200 with a null report and the way to
      // make one (so that the dashboard's first look at a fresh server logs no failed request)
      ObjectNode none = Wire.object();
      none.putNull("generatedAt");
      none.putArray("charts");
      none.putNull("report");
      none.put("message", noReport().getMessage());
      HttpApi.json(ctx, 200, none);
      return;
    }
    JsonNode report;
    try {
      report = Wire.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new ApiException(
          500, "internal_error", "the evaluation report " + results + " is not valid JSON");
    }
    ObjectNode out = Wire.object();
    out.put("generatedAt", Files.getLastModifiedTime(results).toInstant().toString());
    ArrayNode charts = out.putArray("charts");
    charts().forEach(charts::add);
    out.set("report", report);
    HttpApi.json(ctx, 200, out);
  }

  /** The chart files, by name. */
  private List<String> charts() throws IOException {
    Path d = dir.resolve("charts");
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(d)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> CHART.matcher(n).matches())
          .sorted()
          .forEach(out::add);
    }
    return out;
  }

  private void chart(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    if (!CHART.matcher(name).matches() || name.contains("..")) {
      throw new ValidationException(
          Violation.of(
              "name",
              "a chart is a file name of letters, digits, '.', '_' or '-' ending in .svg, got '"
                  + name
                  + "'"));
    }
    Path charts = dir.resolve("charts");
    Path file = charts.resolve(name).normalize();
    if (!file.getParent().equals(charts) || !Files.isRegularFile(file)) {
      if (!Files.exists(dir.resolve("results.json"))) {
        throw noReport();
      }
      throw new ApiException(404, "not_found", "no chart '" + name + "' in the evaluation report");
    }
    // An SVG can hold scripts: this one is only ever shown as an image, so it may run none.
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.status(200).contentType("image/svg+xml").result(Files.readAllBytes(file));
  }
}
