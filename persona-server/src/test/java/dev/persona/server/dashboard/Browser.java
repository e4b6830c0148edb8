package dev.persona.server.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium driven by the installed chromedriver: nothing is downloaded (the driver and the
 * browser are named, so Selenium Manager has nothing to look for). Where either is missing, {@link
 * #missing} says which, so that the tests can skip with that message.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM =
      System.getProperty(
          "persona.chromium", firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser"));
  static final String DRIVER = System.getProperty("persona.chromedriver", "/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static final java.util.logging.Logger SELENIUM_LOG =
      java.util.logging.Logger.getLogger("org.openqa.selenium");

  final ChromeDriver driver;
  private final ChromeDriverService service;

  private static String firstExisting(String... paths) {
    for (String p : paths) {
      if (new File(p).canExecute()) {
        return p;
      }
    }
    return paths[0];
  }

  /** Why the browser tests cannot run here, or {@code null} when they can. */
  static String missing() {
    if (!new File(CHROMIUM).canExecute()) {
      return "no Chromium at "
          + CHROMIUM
          + " (apt-get install chromium, or -Dpersona.chromium=...)";
    }
    if (!new File(DRIVER).canExecute()) {
      return "no chromedriver at "
          + DRIVER
          + " (apt-get install chromium-driver, or -Dpersona.chromedriver=...)";
    }
    return null;
  }

  /**
   * @param language the browser's preferred language, such as {@code en-US} or {@code zh-CN}
   */
  Browser(String language) {
    System.setProperty("webdriver.chrome.driver", DRIVER);
    // Selenium looks for a DevTools binding matching the browser's version and warns when the
    // newest it has is older; these tests use none of it.
    SELENIUM_LOG.setLevel(Level.SEVERE);
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER))
            .usingAnyFreePort()
            .withEnvironment(Map.of("SE_OFFLINE", "true"))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1366,768",
        "--lang=" + language,
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  /** The console entries since the last call. */
  List<LogEntry> console() {
    return new ArrayList<>(driver.manage().logs().get(LogType.BROWSER).getAll());
  }

  /**
   * The console's errors since the last call, less those matching {@code allowed} (each names an
   * answer the test itself provoked, such as the 404 of an unknown user's profile).
   */
  List<String> errors(Pattern... allowed) {
    List<String> out = new ArrayList<>();
    for (LogEntry e : console()) {
      if (e.getLevel().intValue() < Level.SEVERE.intValue()) {
        continue;
      }
      boolean ok = false;
      for (Pattern p : allowed) {
        ok |= p.matcher(e.getMessage()).find();
      }
      if (!ok) {
        out.add(e.getMessage());
      }
    }
    return out;
  }

  /**
   * Saves the whole page at the window's width as {@code target/screenshots/<name>.png}: the window
   * is made as tall as the page for the picture, then set back to a laptop's 1366 x 768.
   */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    Object height =
        driver.executeScript(
            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)");
    int h = Math.min(6000, Math.max(768, ((Number) height).intValue() + 90));
    driver.manage().window().setSize(new Dimension(1366, h));
    try {
      Thread.sleep(300); // charts redraw on resize
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      driver.manage().window().setSize(new Dimension(1366, 768));
    }
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
