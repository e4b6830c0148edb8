package dev.persona.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.server.TestServer;
import dev.persona.server.TestServer.Response;
import dev.persona.server.config.PersonaConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's files: served from the jar, open where the API is keyed, and complete. */
class DashboardFilesTest {
  @TempDir Path dir;

  static final List<String> SCRIPTS =
      List.of(
          "app.js",
          "api.js",
          "dom.js",
          "i18n.js",
          "charts.js",
          "pages/overview.js",
          "pages/users.js",
          "pages/items.js",
          "pages/segments.js",
          "pages/evaluation.js",
          "pages/reasons.js");

  @Test
  void theDashboardAndItsLibrariesAreServedWithoutAKeyWhileTheApiNeedsOne() {
    try (TestServer server =
        TestServer.start(
            PersonaConfig.defaults()
                .withDataDir(dir)
                .withApiKeys(List.of(TestServer.KEY))
                .withReadsRequireKey(true))) {
      Response page = server.get("/");
      Response api = server.get("/api.html");
      Response chartJs = server.get("/webjars/chart.js/4.4.1/dist/chart.umd.js");
      Response swagger = server.get("/webjars/swagger-ui/5.35.0/swagger-ui-bundle.js");

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'");
      assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(page.body())
          .contains("/webjars/chart.js/4.4.1/dist/chart.umd.js")
          .doesNotContain("${");
      assertThat(api.body()).contains("/webjars/swagger-ui/5.35.0/").doesNotContain("${");
      assertThat(chartJs.status()).isEqualTo(200);
      assertThat(swagger.status()).isEqualTo(200);
      for (String script : SCRIPTS) {
        Response r = server.get("/assets/" + script);
        assertThat(r.status()).as(script).isEqualTo(200);
        assertThat(r.header("Content-Type")).as(script).contains("javascript");
      }
      assertThat(server.get("/v1/users").status()).isEqualTo(401);
      assertThat(server.get("/assets/nothing.js").status()).isEqualTo(404);
    }
  }

  /**
   * Every label the pages ask for exists in English and in Chinese (the dictionary keys that are
   * built from a value, such as {@code 'stage.' + stage}, are listed in both as well).
   */
  @Test
  void everyLabelExistsInEnglishAndChinese() throws IOException {
    String i18n = resource("i18n.js");
    int zhAt = i18n.indexOf("const zh = {");
    Set<String> en = keys(i18n.substring(i18n.indexOf("const en = {"), zhAt));
    Set<String> zh = keys(i18n.substring(zhAt, i18n.indexOf("export const DICTIONARIES")));
    Set<String> used = new TreeSet<>();
    Pattern call = Pattern.compile("\\bt\\('([A-Za-z0-9_.\\-]+)'");
    for (String script : SCRIPTS) {
      Matcher m = call.matcher(resource(script));
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    // Chinese-only: reasons told again from their parts (English shows the server's words)
    Set<String> zhOnly = new TreeSet<>();
    for (String k : zh) {
      if (k.startsWith("why.") || k.startsWith("reason.")) {
        zhOnly.add(k);
      }
    }

    assertThat(used).isNotEmpty();
    assertThat(en).containsAll(used.stream().filter(k -> !k.endsWith(".")).toList());
    Set<String> zhShared = new TreeSet<>(zh);
    zhShared.removeAll(zhOnly);
    assertThat(zhShared).isEqualTo(en);
    for (String prefix : used.stream().filter(k -> k.endsWith(".")).toList()) {
      assertThat(zh).as("keys under " + prefix).anyMatch(k -> k.startsWith(prefix));
    }
    // the values those keys are built from, as the server names them
    List<String> values = new java.util.ArrayList<>();
    dev.persona.core.model.EventTypes.defaults().names().forEach(n -> values.add("type." + n));
    for (String stage : List.of("new", "active", "returning", "dormant", "churned")) {
      values.add("stage." + stage);
    }
    for (String r :
        List.of(
            "champions",
            "loyal customers",
            "potential loyalists",
            "new customers",
            "promising",
            "need attention",
            "about to sleep",
            "at risk",
            "can't lose them",
            "hibernating",
            "lost",
            "no purchases")) {
      values.add("rfm." + r);
    }
    for (String source :
        List.of(
            "als",
            "ease",
            "item-knn",
            "session",
            "user-knn",
            "content",
            "popular",
            "trending",
            "pinned")) {
      values.add("source." + source);
      values.add("why." + source);
    }
    for (String flag : List.of("rate", "regularity", "burst", "parallel")) {
      values.add("flag." + flag);
    }
    assertThat(zh).containsAll(values);
  }

  private static Set<String> keys(String dictionary) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\s+(?:'([^']+)'|\"([^\"]+)\"):").matcher(dictionary);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  private static String resource(String script) throws IOException {
    try (InputStream in =
        DashboardFilesTest.class.getResourceAsStream("/dashboard/assets/" + script)) {
      assertThat(in).as(script).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
