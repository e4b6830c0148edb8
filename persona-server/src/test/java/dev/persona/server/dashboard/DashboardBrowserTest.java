package dev.persona.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.persona.server.EvaluationFixture;
import dev.persona.server.TestServer;
import dev.persona.server.TestServer.Response;
import dev.persona.server.cli.DemoShop;
import dev.persona.server.config.PersonaConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Chromium through the installed chromedriver) on the
 * demo shop: every page is opened, the figures it shows are checked against the API, the console
 * must stay free of errors, and a screenshot of each page goes to {@code target/screenshots/}.
 *
 * <p>The only console errors allowed are the network lines of answers a step provokes on purpose
 * and the page handles (the 404 of an unknown user's profile, the 400 of a rule with a mistake);
 * each step names its own. Skipped, with the reason, where no Chromium or chromedriver is installed
 * ({@code .ci/run} installs both).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Path dir;
  private Path evaluation;
  private TestServer server;
  private Browser browser;

  @BeforeAll
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void start() throws Exception {
    String missing = Browser.missing();
    assumeTrue(missing == null, () -> "browser tests skipped: " + missing);
    dir = Files.createTempDirectory("persona-dashboard");
    evaluation = dir.resolve("evaluation");
    server =
        TestServer.start(
            PersonaConfig.defaults()
                .withDataDir(dir.resolve("data"))
                .withApiKeys(List.of(TestServer.KEY))
                .withEvaluationDir(evaluation));
    DemoShop.load(server.server(), dir.resolve("data"), new PrintWriter(new StringWriter()));
    // two refreshes more, so that each segment has sizes over time to draw
    server.server().profiles().refresh();
    server.server().profiles().refresh();
    browser = new Browser("en-US");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (server.server().recommendations().models().current() == null) {
      assertThat(System.nanoTime()).as("the demo's first training").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  // ---- helpers ----

  private JsonNode api(String path) {
    Response r = server.get(path);
    assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
    return r.json();
  }

  private void open(String route) {
    browser.driver.get(server.base() + "/#/" + route);
  }

  private WebElement find(String css) {
    return new WebDriverWait(browser.driver, WAIT)
        .until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
  }

  private List<WebElement> all(String css) {
    return browser.driver.findElements(By.cssSelector(css));
  }

  private void until(String what, Supplier<Boolean> condition) {
    // the live pages re-render as they poll: an element read just as it is replaced is read again
    new WebDriverWait(browser.driver, WAIT)
        .withMessage(what)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> condition.get());
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser.driver).executeScript(script, args);
  }

  /** No console errors but the network answers named (by a pattern on their line). */
  private void noConsoleErrors(String... allowed) {
    Pattern[] patterns = new Pattern[allowed.length];
    for (int i = 0; i < allowed.length; i++) {
      patterns[i] = Pattern.compile(allowed[i]);
    }
    assertThat(browser.errors(patterns)).as("console errors").isEmpty();
  }

  /** The page fits a laptop's width: nothing sticks out sideways. */
  private void fitsTheWidth() {
    Number overflow =
        (Number) js("return document.documentElement.scrollWidth - window.innerWidth;");
    assertThat(overflow.intValue()).as("horizontal overflow in px").isLessThanOrEqualTo(0);
  }

  private static long digits(String shown) {
    return Long.parseLong(shown.replaceAll("[^0-9]", ""));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private List<String> attributes(String css, String attribute) {
    List<String> out = new ArrayList<>();
    for (WebElement e : all(css)) {
      out.add(e.getAttribute(attribute));
    }
    return out;
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
    return out;
  }

  private Response postEvents(String json) {
    Response r =
        server.send(
            "POST",
            "/v1/events",
            "application/json",
            json.getBytes(StandardCharsets.UTF_8),
            TestServer.KEY);
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    return r;
  }

  // ---- overview ----

  @Test
  @Order(1)
  void theOverviewShowsTheCountsModelsAndLatencyTheApiReports() throws Exception {
    open("overview");
    find("[data-kpi=users] .kpi-value");
    find("#models-table");
    until("the latency table", () -> !all("#latency-table tbody tr").isEmpty());
    JsonNode health = api("/v1/health");
    JsonNode models = api("/v1/models");

    assertThat(digits(find("[data-kpi=users] .kpi-value").getText()))
        .isEqualTo(health.path("counts").path("users").asLong());
    assertThat(digits(find("[data-kpi=items] .kpi-value").getText()))
        .isEqualTo(health.path("counts").path("items").asLong());
    assertThat(digits(find("[data-kpi=events] .kpi-value").getText()))
        .isEqualTo(health.path("counts").path("events").asLong());
    assertThat(find("#health-status").getText()).isEqualTo("Ready");
    assertThat(find("#model-version").getText())
        .contains("v" + models.path("trained").path("version").asInt());
    assertThat(find("#models-table").getText()).contains("als").contains("ease");
    assertThat(find("#latency-table").getText()).contains("GET /v1/health");
    assertThat(find("#overview-evaluation").getText())
        .contains("No evaluation yet; run ./persona evaluate");
    fitsTheWidth();
    browser.screenshot("overview");
    noConsoleErrors();
  }

  @Test
  @Order(2)
  void theOverviewFollowsEventsAsTheyArrive() {
    open("overview");
    find("#rate-chart");
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 40; i++) {
      batch
          .append(i == 0 ? "" : ",")
          .append("{\"type\":\"view\",\"userId\":\"u")
          .append(i)
          .append("\",\"itemId\":\"i")
          .append(i)
          .append("\"}");
    }
    postEvents(batch.append(']').toString());
    long stored = api("/v1/health").path("counts").path("events").asLong();

    until(
        "the stored events to reach " + stored,
        () -> digits(find("[data-kpi=events] .kpi-value").getText()) == stored);
    until(
        "the events to show in the chart of events per second",
        () -> {
          Object sum =
              js(
                  "const c = Chart.getChart(document.getElementById('rate-chart'));"
                      + " return c.data.datasets[0].data.slice(-20).reduce((a, b) => a + b, 0);");
          return ((Number) sum).longValue() >= 40;
        });
    noConsoleErrors();
  }

  // ---- users ----

  @Test
  @Order(3)
  void aUsersPageShowsTheProfileRecommendationsAndNeighboursTheApiGives() throws Exception {
    open("users/u1");
    find("#interest-list li");
    find("#recommendation-list li");
    find("#timeline-list li");
    find("#neighbor-list li");
    JsonNode profile = api("/v1/users/u1/profile?top=12");

    assertThat(find("#user-id").getText()).isEqualTo("u1");
    assertThat(all("#interest-list li").get(0).getAttribute("data-key"))
        .isEqualTo(profile.path("interests").path("category").get(0).path("key").asText());
    assertThat(attributes("#interest-list li", "data-key"))
        .isEqualTo(texts(profile.path("interests").path("category"), "key"));
    assertThat(find("#lifecycle-stage").getText())
        .isEqualTo(profile.path("lifecycle").path("stage").asText());
    assertThat(find("#rfm-segment").getText())
        .isEqualTo(profile.path("consumption").path("rfm").path("segment").asText());
    assertThat(find("#risk-flagged").getText())
        .isEqualTo(profile.path("risk").path("flagged").asBoolean() ? "flagged" : "not flagged");
    assertThat(all("#user-segments li").stream().map(WebElement::getText).toList())
        .isEqualTo(texts(profile.path("segments"), "name"));
    assertThat(find("#user-cluster").getText())
        .contains("#" + profile.path("cluster").path("id").asInt());
    assertThat(find("#attributes").getText()).contains("gender").contains("ageBand");
    assertThat(all("#tag-cloud .word")).isNotEmpty();
    until(
        "the recommendations listed to be the API's",
        () ->
            attributes("#recommendation-list > li", "data-item")
                .equals(texts(api("/v1/users/u1/recommendations?n=10").path("items"), "itemId")));
    assertThat(find("#recommendation-list").getText()).contains("ALS");
    assertThat(attributes("#timeline-list li", "data-sequence"))
        .startsWith(
            texts(api("/v1/users/u1/events?limit=25").path("events"), "sequence")
                .toArray(String[]::new));
    assertThat(all("#neighbor-list li a").stream().map(WebElement::getText).toList())
        .isEqualTo(texts(api("/v1/users/u1/neighbors?n=8").path("users"), "userId"));
    fitsTheWidth();
    browser.screenshot("user");
    noConsoleErrors();
  }

  @Test
  @Order(4)
  void aUsersPageUpdatesWhenANewEventArrives() {
    open("users/u2");
    find("#timeline-list li");
    find("#recommendation-list li");
    String recommended = all("#recommendation-list > li").get(0).getAttribute("data-item");
    long purchases =
        api("/v1/users/u2/profile").path("counters").path("purchase").path("all").asLong();

    postEvents(
        "{\"id\":\"browser-live-1\",\"type\":\"purchase\",\"userId\":\"u2\",\"itemId\":\""
            + recommended
            + "\",\"value\":1}");
    String sequence =
        api("/v1/users/u2/events?limit=1").path("events").get(0).path("sequence").asText();

    until(
        "the new purchase at the top of the timeline",
        () -> sequence.equals(find("#timeline-list li").getAttribute("data-sequence")));
    assertThat(find("#timeline-list li").getAttribute("data-type")).isEqualTo("purchase");
    until(
        "the purchased item to leave the recommendations",
        () -> !attributes("#recommendation-list > li", "data-item").contains(recommended));
    until(
        "the purchase to be counted",
        () ->
            find("#counters")
                .getText()
                .contains(
                    "purchase "
                        + (purchases + 1)
                        + " "
                        + (purchases + 1)
                        + " "
                        + (purchases + 1)
                        + " "
                        + (purchases + 1)));
    assertThat(find("#live-note").getText()).startsWith("Updated at");
    noConsoleErrors();
  }

  @Test
  @Order(5)
  void anUnknownUserIsNoSuchUserAndTheSearchSuggestsIds() {
    open("users/nobody-at-all");
    assertThat(find("#no-such-user").getText()).contains("No such user").contains("nobody-at-all");
    noConsoleErrors("/v1/users/nobody-at-all/profile.* - .*status of 404");

    open("users");
    WebElement search = find("#user-search");
    search.sendKeys("u19");
    until(
        "suggestions for u19",
        () -> attributes("#user-suggestions option", "value").contains("u19"));
    search.submit();
    until("the user page of u19", () -> browser.driver.getCurrentUrl().endsWith("#/users/u19"));
    assertThat(find("#user-id").getText()).isEqualTo("u19");
    noConsoleErrors();
  }

  @Test
  @Order(6)
  void markupInIdsAndTitlesIsShownAsTextNeverRun() {
    String user = "<b id=\"bold\">u</b>";
    String title = "<img src=x id=\"injected\" onerror=\"document.title='pwned'\">";
    server.send(
        "PUT",
        "/v1/items/evil",
        "application/json",
        ("{\"title\": \"" + title.replace("\"", "\\\"") + "\", \"categories\": [\"toys\"]}")
            .getBytes(StandardCharsets.UTF_8),
        TestServer.KEY);
    postEvents(
        "{\"type\":\"view\",\"userId\":\""
            + user.replace("\"", "\\\"")
            + "\",\"itemId\":\"evil\"}");

    open("users/" + enc(user).replace("+", "%20"));
    assertThat(find("#user-id").getText()).isEqualTo(user);
    find("#timeline-list li");
    assertThat(find("#timeline-list").getText()).contains(title);
    open("items/evil");
    assertThat(find("#item-title").getText()).isEqualTo(title);
    assertThat(all("#bold")).isEmpty();
    assertThat(all("#injected")).isEmpty();
    assertThat(browser.driver.getTitle()).doesNotContain("pwned");
    noConsoleErrors();
  }

  // ---- items ----

  @Test
  @Order(7)
  void anItemsPageShowsTheItemItsSimilarItemsAndItsUsers() throws Exception {
    open("items/i1");
    find("#similar-list li");
    find("#item-user-list li");
    find("#item-who .trait");
    JsonNode item = api("/v1/items/i1");
    JsonNode users = api("/v1/items/i1/users?n=32");

    assertThat(find("#item-title").getText()).isEqualTo(item.path("title").asText());
    assertThat(attributes("#similar-list > li", "data-item"))
        .isEqualTo(texts(api("/v1/items/i1/similar?n=10").path("items"), "itemId"));
    assertThat(digits(find("#item-user-count").getText())).isEqualTo(users.path("count").asLong());
    assertThat(all("#item-user-list li").stream().map(WebElement::getText).toList())
        .isEqualTo(texts(users.path("users"), null));
    assertThat(find("#item-who-summary").getText())
        .contains(
            String.format(
                Locale.ROOT,
                "%,d of",
                api("/v1/audience?limit=0&rule=" + enc("recentItems contains \"i1\""))
                    .path("count")
                    .asLong()));
    fitsTheWidth();
    browser.screenshot("item");
    noConsoleErrors();

    open("items/no-such-item");
    assertThat(find("#no-such-item").getText()).contains("No such item");
    noConsoleErrors("/v1/items/no-such-item - .*status of 404");
  }

  // ---- segments ----

  @Test
  @Order(8)
  void theSegmentEditorPointsAtMistakesCountsTheAudienceAndSavesWithTheKey() throws Exception {
    open("segments");
    WebElement rule = find("#segment-rule");
    rule.sendKeys("count.view.7d >= ");
    until("the rule's mistake", () -> !all("#rule-error").isEmpty());
    Response bad = server.get("/v1/audience?rule=" + enc("count.view.7d >="));
    assertThat(find("#rule-error").getText())
        .isEqualTo(bad.json().path("details").get(0).path("reason").asText());
    assertThat(find("#rule-caret mark")).isNotNull();
    assertThat(rule.getAttribute("aria-invalid")).isEqualTo("true");
    browser.screenshot("segment-mistake");

    rule.sendKeys("3 and lifecycle = \"active\"");
    String text = "count.view.7d >= 3 and lifecycle = \"active\"";
    long count = api("/v1/audience?limit=0&rule=" + enc(text)).path("count").asLong();
    until(
        "the audience size",
        () ->
            !all("#audience-size").isEmpty()
                && String.valueOf(count).equals(find("#audience-size").getAttribute("data-count")));
    until(
        "the comparison with everyone",
        () -> String.valueOf(count).equals(find("#traits-summary").getAttribute("data-members")));
    assertThat(all("#traits-fields .trait")).isNotEmpty();
    assertThat(all("#traits-interests .trait")).isNotEmpty();

    find("#segment-name").sendKeys("weekly-actives");
    find("#segment-save").click();
    until("the refusal without a key", () -> find("#save-result").getText().contains("API key"));
    assertThat(server.get("/v1/segments/weekly-actives").status()).isEqualTo(404);

    find("#key-button").click();
    find("#key-input").sendKeys(TestServer.KEY);
    find("#key-save").click();
    find("#segment-rule").sendKeys(" ");
    find("#segment-name").clear();
    find("#segment-name").sendKeys("weekly-actives");
    find("#segment-rule").clear();
    find("#segment-rule").sendKeys(text);
    find("#segment-save").click();
    until(
        "the saved segment's page",
        () -> browser.driver.getCurrentUrl().endsWith("#/segments/weekly-actives"));
    JsonNode saved = api("/v1/segments/weekly-actives");
    assertThat(saved.path("rule").asText()).isEqualTo(text);
    until(
        "the new segment in the list with its size",
        () ->
            !all("[data-segment=weekly-actives]").isEmpty()
                && find("[data-segment=weekly-actives]")
                    .getAttribute("data-size")
                    .equals(saved.path("size").asText()));
    fitsTheWidth();
    browser.screenshot("segment-new");
    noConsoleErrors(
        "/v1/audience\\?rule=.* - .*status of 400",
        "/v1/segments/weekly-actives - .*status of 401");
  }

  @Test
  @Order(9)
  void aSegmentsPageShowsItsSizesOverTimeAndHowItsMembersDiffer() throws Exception {
    open("segments/electronics-fans");
    find("#segment-history canvas");
    until(
        "the comparison with everyone",
        () -> find("#traits-summary").getAttribute("data-members") != null);
    JsonNode segment = api("/v1/segments/electronics-fans");

    Number points =
        (Number)
            js(
                "return Chart.getChart(document.querySelector('#segment-history canvas'))"
                    + ".data.datasets[0].data.length;");
    assertThat(points.intValue()).isEqualTo(segment.path("history").size()).isGreaterThan(1);
    assertThat(find("#traits-summary").getAttribute("data-members"))
        .isEqualTo(segment.path("size").asText());
    assertThat(find("[data-segment=electronics-fans]").getAttribute("data-size"))
        .isEqualTo(segment.path("size").asText());
    assertThat(all("#traits-interests [data-field='interest.category']")).hasSize(1);
    fitsTheWidth();
    browser.screenshot("segment");
    noConsoleErrors();
  }

  // ---- evaluation ----

  @Test
  @Order(10)
  void theEvaluationPageSaysThereIsNoneThenShowsTheReport() throws Exception {
    open("evaluation");
    assertThat(find("#no-evaluation").getText())
        .contains("No evaluation yet; run ./persona evaluate");
    browser.screenshot("evaluation-none");
    noConsoleErrors();

    EvaluationFixture.write(evaluation, List.of("persona", "item-knn", "popularity", "random"));
    JsonNode report = api("/v1/evaluation");
    browser.driver.navigate().refresh();
    find("#eval-table-0 tbody tr");
    until(
        "the report's charts",
        () ->
            !all("#eval-charts img").isEmpty()
                && ((Number) js("return document.querySelector('#eval-charts img').naturalWidth"))
                        .intValue()
                    > 0);

    JsonNode results = report.path("report").path("sections").get(0).path("results");
    assertThat(attributes("#eval-table-0 tbody tr", "data-algorithm"))
        .isEqualTo(texts(results, "algorithm"));
    for (JsonNode r : results) {
      String shown =
          find("#eval-table-0 tr[data-algorithm='"
                  + r.path("algorithm").asText()
                  + "'] [data-metric='ndcg@10']")
              .getText();
      assertThat(shown)
          .startsWith(
              String.format(
                  Locale.ROOT, "%.4f", r.path("metrics").path("ndcg@10").path("mean").asDouble()));
    }
    assertThat(find("#eval-command").getText())
        .isEqualTo(report.path("report").path("command").asText());
    fitsTheWidth();
    browser.screenshot("evaluation");
    noConsoleErrors();

    open("overview");
    assertThat(find("#overview-eval-table").getText()).contains("persona").contains("popularity");
    noConsoleErrors();
  }

  // ---- languages and the API page ----

  @Test
  @Order(11)
  void chineseLabelsFollowTheBrowserAndTheSwitchIsRemembered() throws Exception {
    try (Browser zh = new Browser("zh-CN")) {
      zh.driver.get(server.base() + "/#/users/u1");
      WebDriverWait wait = new WebDriverWait(zh.driver, WAIT);
      wait.until(d -> !d.findElements(By.cssSelector("#interest-list li")).isEmpty());
      wait.until(d -> !d.findElements(By.cssSelector("#recommendation-list li")).isEmpty());
      assertThat(zh.driver.findElement(By.cssSelector("#nav [data-page=users]")).getText())
          .isEqualTo("用户");
      assertThat(zh.driver.findElement(By.cssSelector("html")).getAttribute("lang"))
          .isEqualTo("zh-CN");
      assertThat(zh.driver.findElement(By.cssSelector("#recommendation-list")).getText())
          .containsPattern("[\\u4e00-\\u9fff]");
      zh.screenshot("user-zh");

      zh.driver.findElement(By.id("lang-en")).click();
      wait.until(
          d -> d.findElement(By.cssSelector("#nav [data-page=users]")).getText().equals("Users"));
      zh.driver.navigate().refresh();
      wait.until(
          d -> d.findElement(By.cssSelector("#nav [data-page=users]")).getText().equals("Users"));
      assertThat(zh.errors()).as("console errors").isEmpty();
    }
  }

  @Test
  @Order(12)
  void theApiPageRendersTheOpenApiDocument() throws Exception {
    browser.driver.get(server.base() + "/api.html");
    new WebDriverWait(browser.driver, WAIT)
        .until(d -> !d.findElements(By.cssSelector(".swagger-ui .info .title")).isEmpty());
    assertThat(find(".swagger-ui .info .title").getText()).contains("Persona HTTP API");
    assertThat(all(".opblock").size()).isGreaterThan(20);
    browser.screenshot("api");
    noConsoleErrors();
  }
}
