package dev.persona.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The dashboard: static files from the classpath ({@code dashboard/}) at {@code /}, and the
 * libraries it uses from their WebJars at {@code /webjars/}. It reads only the public API, like any
 * other client; its own files hold no data, so they are served without a key and before the server
 * is ready (the overview then shows the replay's progress).
 */
final class Dashboard {
  /**
   * What the dashboard's pages may load: only this server's files and API. Styles may be inline
   * (Chart.js and Swagger UI set them), images may be data or blob URLs (the report's charts are
   * read with the API key and shown from blobs); no script but the server's own files runs.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " frame-ancestors 'none'";

  private Dashboard() {}

  static void serve(JavalinConfig c) {
    c.staticFiles.add(
        f -> {
          f.hostedPath = "/";
          f.directory = "/dashboard";
          f.location = Location.CLASSPATH;
          f.headers =
              Map.of(
                  "Cache-Control", "no-cache",
                  "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                  "X-Content-Type-Options", "nosniff");
        });
    c.staticFiles.enableWebjars();
  }

  /** Whether a path is the API's (everything else is the dashboard's files). */
  static boolean isApi(String path) {
    return path.startsWith("/v1/") || path.equals("/v1") || path.equals("/metrics");
  }
}
