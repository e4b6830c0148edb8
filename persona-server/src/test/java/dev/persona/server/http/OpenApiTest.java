package dev.persona.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.server.TestServer;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiTest {
  @TempDir Path dir;

  @Test
  void theDocumentDescribesExactlyTheRoutesTheServerServes() {
    try (TestServer server = TestServer.start(dir)) {
      JsonNode doc = server.get("/v1/openapi.json").json();
      Set<String> documented = new TreeSet<>();
      for (Iterator<String> paths = doc.path("paths").fieldNames(); paths.hasNext(); ) {
        String path = paths.next();
        doc.path("paths")
            .path(path)
            .fieldNames()
            .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path));
      }

      assertThat(documented).isEqualTo(new TreeSet<>(server.server().api().routes()));
      assertThat(documented).hasSizeGreaterThanOrEqualTo(11);
      assertThat(doc.path("openapi").asText()).startsWith("3.");
      assertThat(doc.path("info").path("version").asText()).doesNotContain("${");
    }
  }

  @Test
  void everyDocumentedRouteAnswersSomethingOtherThanNoRoute() {
    try (TestServer server = TestServer.start(dir)) {
      for (String route : server.server().api().routes()) {
        String method = route.substring(0, route.indexOf(' '));
        String path =
            route.substring(route.indexOf(' ') + 1).replace("{id}", "x").replace("{name}", "x");
        TestServer.Response r =
            server.send(
                method,
                path,
                "application/json",
                method.equals("GET") || method.equals("DELETE") ? null : "{}".getBytes(),
                null);
        assertThat(r.body()).as(route).doesNotContain("not found\"");
      }
    }
  }
}
