package dev.persona.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.persona.core.model.EventPolicy;
import dev.persona.core.model.EventType;
import dev.persona.core.model.EventTypes;
import dev.persona.core.store.SyncPolicy;
import dev.persona.recommend.RecommendConfig;
import dev.persona.server.profile.ProfileOptions;
import dev.persona.store.rocks.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Everything a server needs to start. Read from a YAML (or JSON) file with {@link #load}, every
 * setting optional; command-line flags then override single settings. The keys and defaults are
 * documented in {@code docs/configuration.md}.
 *
 * @param host address to listen on
 * @param port TCP port; 0 picks a free one
 * @param dataDir where the embedded store keeps its files
 * @param apiKeys keys accepted in {@code Authorization: Bearer <key>}; empty means no key needed
 * @param readsRequireKey whether reads (GET) need a key too when keys are configured
 * @param maxBodyBytes largest request body accepted
 * @param maxBatchEvents most events in one {@code POST /v1/events}
 * @param store settings of the embedded store
 * @param eventPolicy the rules events must meet
 * @param profiles how profiles are derived and maintained
 * @param recommend how recommendations are made
 * @param training how and when models are trained
 * @param evaluationDir where {@code persona evaluate} wrote its latest report, which the API and
 *     the dashboard show ({@code GET /v1/evaluation})
 */
public record PersonaConfig(
    String host,
    int port,
    Path dataDir,
    List<String> apiKeys,
    boolean readsRequireKey,
    long maxBodyBytes,
    int maxBatchEvents,
    StoreOptions store,
    EventPolicy eventPolicy,
    ProfileOptions profiles,
    RecommendConfig recommend,
    TrainingOptions training,
    Path evaluationDir) {

  public static final int DEFAULT_PORT = 8080;
  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;
  public static final int DEFAULT_MAX_BATCH_EVENTS = 10_000;

  /** Where {@code persona evaluate} writes by default, relative to the working directory. */
  public static final Path DEFAULT_EVALUATION_DIR = Path.of("target", "evaluation");

  public PersonaConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("server.port must be 0..65535, got " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException(
          "server.maxBodyBytes must be >= 1024, got " + maxBodyBytes);
    }
    if (maxBatchEvents < 1) {
      throw new IllegalArgumentException(
          "server.maxBatchEvents must be >= 1, got " + maxBatchEvents);
    }
    apiKeys = List.copyOf(apiKeys);
    if (evaluationDir == null) {
      throw new IllegalArgumentException("server.evaluationDir must be given");
    }
    for (String key : apiKeys) {
      if (key.length() < 16) {
        throw new IllegalArgumentException(
            "server.apiKeys: a key must have at least 16 characters");
      }
    }
  }

  public static PersonaConfig defaults() {
    return new PersonaConfig(
        "0.0.0.0",
        DEFAULT_PORT,
        Path.of("data"),
        List.of(),
        false,
        DEFAULT_MAX_BODY_BYTES,
        DEFAULT_MAX_BATCH_EVENTS,
        StoreOptions.defaults(),
        EventPolicy.defaults(),
        ProfileOptions.defaults(),
        RecommendConfig.defaults(),
        TrainingOptions.defaults(),
        DEFAULT_EVALUATION_DIR);
  }

  public PersonaConfig withPort(int newPort) {
    return new PersonaConfig(
        host,
        newPort,
        dataDir,
        apiKeys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        store,
        eventPolicy,
        profiles,
        recommend,
        training,
        evaluationDir);
  }

  public PersonaConfig withHost(String newHost) {
    return new PersonaConfig(
        newHost,
        port,
        dataDir,
        apiKeys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        store,
        eventPolicy,
        profiles,
        recommend,
        training,
        evaluationDir);
  }

  public PersonaConfig withDataDir(Path dir) {
    return new PersonaConfig(
        host,
        port,
        dir,
        apiKeys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        store,
        eventPolicy,
        profiles,
        recommend,
        training,
        evaluationDir);
  }

  public PersonaConfig withApiKeys(List<String> keys) {
    return new PersonaConfig(
        host,
        port,
        dataDir,
        keys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        store,
        eventPolicy,
        profiles,
        recommend,
        training,
        evaluationDir);
  }

  public PersonaConfig withReadsRequireKey(boolean required) {
    return new PersonaConfig(
        host,
        port,
        dataDir,
        apiKeys,
        required,
        maxBodyBytes,
        maxBatchEvents,
        store,
        eventPolicy,
        profiles,
        recommend,
        training,
        evaluationDir);
  }

  public PersonaConfig withLimits(long bodyBytes, int batchEvents) {
    return new PersonaConfig(
        host,
        port,
        dataDir,
        apiKeys,
        readsRequireKey,
        bodyBytes,
        batchEvents,
        store,
        eventPolicy,
        profiles,
        recommend,
        training,
        evaluationDir);
  }

  public PersonaConfig withStore(StoreOptions options) {
    return new PersonaConfig(
        host,
        port,
        dataDir,
        apiKeys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        options,
        eventPolicy,
        profiles,
        recommend,
        training,
        evaluationDir);
  }

  public PersonaConfig withProfiles(ProfileOptions options) {
    return new PersonaConfig(
        host,
        port,
        dataDir,
        apiKeys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        store,
        eventPolicy,
        options,
        recommend,
        training,
        evaluationDir);
  }

  public PersonaConfig withTraining(TrainingOptions t) {
    return new PersonaConfig(
        host,
        port,
        dataDir,
        apiKeys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        store,
        eventPolicy,
        profiles,
        recommend,
        t,
        evaluationDir);
  }

  public PersonaConfig withRecommend(RecommendConfig r) {
    return new PersonaConfig(
        host,
        port,
        dataDir,
        apiKeys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        store,
        eventPolicy,
        profiles,
        r,
        training,
        evaluationDir);
  }

  public PersonaConfig withEventPolicy(EventPolicy policy) {
    return new PersonaConfig(
        host,
        port,
        dataDir,
        apiKeys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        store,
        policy,
        profiles,
        recommend,
        training,
        evaluationDir);
  }

  public PersonaConfig withEvaluationDir(Path dir) {
    return new PersonaConfig(
        host,
        port,
        dataDir,
        apiKeys,
        readsRequireKey,
        maxBodyBytes,
        maxBatchEvents,
        store,
        eventPolicy,
        profiles,
        recommend,
        training,
        dir);
  }

  /**
   * Reads a YAML or JSON configuration file. Unknown keys are errors, so that a typo does not
   * silently leave a default in place.
   *
   * @throws IllegalArgumentException naming the key at fault
   */
  public static PersonaConfig load(Path file) {
    JsonNode root;
    try {
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      yaml.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
      root = yaml.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read configuration " + file + ": " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return defaults();
    }
    return fromTree(root);
  }

  static PersonaConfig fromTree(JsonNode root) {
    PersonaConfig c = defaults();
    onlyKeys(root, "", List.of("server", "store", "events", "profiles", "recommend", "training"));
    JsonNode server = root.path("server");
    onlyKeys(
        server,
        "server.",
        List.of(
            "host",
            "port",
            "apiKeys",
            "readsRequireKey",
            "maxBodyBytes",
            "maxBatchEvents",
            "evaluationDir"));
    if (server.has("host")) {
      c = c.withHost(text(server, "server.host"));
    }
    if (server.has("port")) {
      c = c.withPort(integer(server, "server.port"));
    }
    if (server.has("apiKeys")) {
      c = c.withApiKeys(strings(server, "server.apiKeys"));
    }
    if (server.has("readsRequireKey")) {
      c = c.withReadsRequireKey(bool(server, "server.readsRequireKey"));
    }
    if (server.has("evaluationDir")) {
      c = c.withEvaluationDir(Path.of(text(server, "server.evaluationDir")));
    }
    c =
        c.withLimits(
            server.has("maxBodyBytes")
                ? longValue(server, "server.maxBodyBytes")
                : c.maxBodyBytes(),
            server.has("maxBatchEvents")
                ? integer(server, "server.maxBatchEvents")
                : c.maxBatchEvents());

    JsonNode store = root.path("store");
    onlyKeys(
        store,
        "store.",
        List.of("dir", "sync", "syncInterval", "maxGroupEvents", "blockCacheBytes"));
    if (store.has("dir")) {
      c = c.withDataDir(Path.of(text(store, "store.dir")));
    }
    StoreOptions so = c.store();
    c =
        c.withStore(
            new StoreOptions(
                store.has("sync") ? SyncPolicy.parse(text(store, "store.sync")) : so.sync(),
                store.has("syncInterval")
                    ? Durations.parse("store.syncInterval", text(store, "store.syncInterval"))
                    : so.syncInterval(),
                store.has("maxGroupEvents")
                    ? integer(store, "store.maxGroupEvents")
                    : so.maxGroupEvents(),
                store.has("blockCacheBytes")
                    ? longValue(store, "store.blockCacheBytes")
                    : so.blockCacheBytes()));

    JsonNode events = root.path("events");
    onlyKeys(
        events,
        "events.",
        List.of("types", "maxFutureSkew", "maxPropertyDepth", "maxPropertyValues"));
    List<EventType> extra = new ArrayList<>();
    JsonNode types = events.path("types");
    for (int i = 0; i < types.size(); i++) {
      JsonNode t = types.get(i);
      String where = "events.types[" + i + "]";
      onlyKeys(t, where + ".", List.of("name", "itemRequired", "value"));
      try {
        extra.add(
            new EventType(
                text(t, where + ".name"),
                !t.has("itemRequired") || bool(t, where + ".itemRequired"),
                t.has("value")
                    ? EventType.ValueRule.valueOf(
                        text(t, where + ".value").toUpperCase(Locale.ROOT))
                    : EventType.ValueRule.ANY));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    Duration skew =
        events.has("maxFutureSkew")
            ? Durations.parse("events.maxFutureSkew", text(events, "events.maxFutureSkew"))
            : EventPolicy.DEFAULT_MAX_FUTURE_SKEW;
    if (root.has("profiles")) {
      c = c.withProfiles(ProfileSettings.read(root.get("profiles")));
    }
    if (root.has("recommend")) {
      c = c.withRecommend(RecommendSettings.read(root.get("recommend")));
    }
    if (root.has("training")) {
      c = c.withTraining(TrainingOptions.read(root.get("training")));
    }
    return c.withEventPolicy(
        new EventPolicy(
            extra.isEmpty() ? EventTypes.defaults() : EventTypes.defaultsPlus(extra),
            skew,
            events.has("maxPropertyDepth")
                ? integer(events, "events.maxPropertyDepth")
                : EventPolicy.DEFAULT_MAX_PROPERTY_DEPTH,
            events.has("maxPropertyValues")
                ? integer(events, "events.maxPropertyValues")
                : EventPolicy.DEFAULT_MAX_PROPERTY_VALUES,
            Clock.systemUTC()));
  }

  static void onlyKeys(JsonNode node, String prefix, List<String> known) {
    if (node.isMissingNode()) {
      return;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          (prefix.isEmpty() ? "configuration" : prefix.substring(0, prefix.length() - 1))
              + ": must be a mapping");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(prefix + name + ": unknown setting; known: " + known);
      }
    }
  }

  static String text(JsonNode node, String key) {
    JsonNode value = node.get(key.substring(key.lastIndexOf('.') + 1));
    if (value == null || !value.isValueNode() || value.isNull()) {
      throw new IllegalArgumentException(key + ": must be a value");
    }
    return value.asText();
  }

  static JsonNode value(JsonNode node, String key) {
    return node.get(key.substring(key.lastIndexOf('.') + 1));
  }

  static boolean bool(JsonNode node, String key) {
    JsonNode v = value(node, key);
    if (v == null || !v.isBoolean()) {
      throw new IllegalArgumentException(key + ": must be true or false");
    }
    return v.booleanValue();
  }

  static long longValue(JsonNode node, String key) {
    JsonNode v = value(node, key);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(
          key + ": must be a whole number of bytes, such as 67108864");
    }
    return v.longValue();
  }

  static List<String> strings(JsonNode node, String key) {
    JsonNode v = value(node, key);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException(key + ": must be a list, such as [\"key-one...\"]");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode element : v) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException(key + ": every entry must be a string");
      }
      out.add(element.textValue());
    }
    return out;
  }

  static int integer(JsonNode node, String key) {
    JsonNode value = node.get(key.substring(key.lastIndexOf('.') + 1));
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(key + ": must be an integer");
    }
    return value.intValue();
  }
}
