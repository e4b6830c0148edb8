package dev.persona.server.http;

import dev.persona.core.json.Wire;
import dev.persona.recommend.train.Snapshot;
import dev.persona.recommend.train.SnapshotCodec;
import dev.persona.server.recommend.ModelService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/models/train}, {@code GET /v1/models} and a job's state. */
final class ModelRoutes {
  static final String TRAIN = "/v1/models/train";

  private final HttpApi.Backend backend;

  ModelRoutes(HttpApi.Backend backend) {
    this.backend = backend;
  }

  void register(Javalin app) {
    app.post(TRAIN, this::train);
    app.get("/v1/models", this::models);
    app.get("/v1/models/jobs/{id}", this::job);
  }

  private ModelService service() {
    return backend.recommendations().models();
  }

  private void train(Context ctx) throws IOException {
    ModelService.Job job = service().train("api");
    ctx.header("Location", "/v1/models/jobs/" + job.id);
    write(ctx, 202, job.view());
  }

  private void job(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    ModelService.Job job =
        service().job(id).orElseThrow(() -> ApiException.notFound("training job", id));
    write(ctx, 200, job.view());
  }

  private void models(Context ctx) throws IOException {
    ModelService s = service();
    Snapshot current = s.current();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("online", Map.of("name", "online", "updated", "on every event"));
    if (current == null) {
      out.put("trained", null);
    } else {
      out.put("trained", SnapshotCodec.metadata(current));
    }
    List<Map<String, Object>> jobs = s.jobs().stream().map(ModelService.Job::view).toList();
    out.put("jobs", jobs);
    Map<String, Object> schedule = new LinkedHashMap<>();
    schedule.put("every", s.options().every().toString());
    schedule.put("minNewEvents", s.options().minNewEvents());
    schedule.put("onStart", s.options().onStart());
    out.put("schedule", schedule);
    write(ctx, 200, out);
  }

  private static void write(Context ctx, int status, Object body) throws IOException {
    ctx.status(status)
        .contentType("application/json")
        .result(Wire.mapper().writeValueAsBytes(body));
  }
}
