package dev.persona.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.persona.core.store.SyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersonaConfigTest {
  @TempDir Path dir;

  private PersonaConfig load(String yaml) throws Exception {
    Path file = dir.resolve("persona.yaml");
    Files.writeString(file, yaml);
    return PersonaConfig.load(file);
  }

  @Test
  void readsEverySectionAndKeepsDefaultsForTheRest() throws Exception {
    PersonaConfig c =
        load(
            """
            server:
              port: 9090
              apiKeys: ["0123456789abcdef-key"]
              maxBatchEvents: 500
              evaluationDir: /tmp/persona-report
            store:
              dir: /tmp/persona-x
              sync: interval
              syncInterval: 250ms
            events:
              maxFutureSkew: 2h
              types:
                - name: play
                  value: non_negative
                - name: follow
                  itemRequired: false
            """);

    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.apiKeys()).containsExactly("0123456789abcdef-key");
    assertThat(c.maxBatchEvents()).isEqualTo(500);
    assertThat(c.maxBodyBytes()).isEqualTo(PersonaConfig.DEFAULT_MAX_BODY_BYTES);
    assertThat(c.evaluationDir()).isEqualTo(Path.of("/tmp/persona-report"));
    assertThat(PersonaConfig.defaults().evaluationDir()).isEqualTo(Path.of("target/evaluation"));
    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/persona-x"));
    assertThat(c.store().sync()).isEqualTo(SyncPolicy.INTERVAL);
    assertThat(c.store().syncInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.eventPolicy().types().names()).contains("view", "purchase", "play", "follow");
    assertThat(c.eventPolicy().types().find("follow").orElseThrow().itemRequired()).isFalse();
  }

  @Test
  void anUnknownKeyIsAnErrorThatNamesIt() {
    assertThatThrownBy(() -> load("store:\n  synk: always\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("store.synk")
        .hasMessageContaining("unknown setting");
  }

  @Test
  void badValuesAreErrorsThatNameTheKey() {
    assertThatThrownBy(() -> load("store:\n  sync: sometimes\n"))
        .hasMessageContaining("'always' or 'interval'");
    assertThatThrownBy(() -> load("store:\n  syncInterval: soon\n"))
        .hasMessageContaining("store.syncInterval");
    assertThatThrownBy(() -> load("server:\n  port: 70000\n")).hasMessageContaining("server.port");
    assertThatThrownBy(() -> load("server:\n  apiKeys: [short]\n"))
        .hasMessageContaining("16 characters");
    assertThatThrownBy(() -> load("events:\n  types:\n    - name: Bad-Name\n"))
        .hasMessageContaining("events.types[0]");
  }

  @Test
  void aKeyWrittenAsAScalarIsAnErrorNotAuthenticationSilentlyOff() {
    assertThatThrownBy(() -> load("server:\n  apiKeys: 0123456789abcdef-key\n"))
        .hasMessageContaining("server.apiKeys: must be a list");
    assertThatThrownBy(() -> load("server:\n  readsRequireKey: yes-please\n"))
        .hasMessageContaining("server.readsRequireKey: must be true or false");
    assertThatThrownBy(() -> load("store:\n  blockCacheBytes: 256MB\n"))
        .hasMessageContaining("store.blockCacheBytes: must be a whole number");
  }

  @Test
  void theProfilesSectionSetsEveryParameterAndMergesEventWeights() throws Exception {
    PersonaConfig c =
        load(
            """
            profiles:
              halfLife: 7d
              eventWeights: {purchase: 8, play: 0.5, view: 0}
              priceBands: [20, 100]
              maxKeys: 10
              recentItems: 5
              sessionGap: 20m
              lifecycle: {newDays: 3, dormantDays: 20, churnedDays: 60}
              consumption: {low: 0.7}
              risk: {rateMads: 4, burstCount: 5, burstWindow: 5m}
              snapshotInterval: 30s
              refreshInterval: 2m
              clusters: {k: 4, sampleSize: 500, interval: 6h, seed: 9}
            """);
    var p = c.profiles();
    var pc = p.config();
    assertThat(pc.halfLife()).isEqualTo(Duration.ofDays(7));
    assertThat(pc.eventWeights())
        .containsEntry("purchase", 8.0)
        .containsEntry("play", 0.5)
        .containsEntry("view", 0.0)
        .containsEntry("cart", 3.0);
    assertThat(pc.priceBands()).containsExactly(20.0, 100.0);
    assertThat(pc.maxKeys()).isEqualTo(10);
    assertThat(pc.recentItems()).isEqualTo(5);
    assertThat(pc.sessions().gap()).isEqualTo(Duration.ofMinutes(20));
    assertThat(pc.lifecycle().newDays()).isEqualTo(3);
    assertThat(pc.lifecycle().returningDays()).isEqualTo(14);
    assertThat(pc.consumption().low()).isEqualTo(0.7);
    assertThat(pc.consumption().high()).isEqualTo(1.25);
    assertThat(pc.risk().rateMads()).isEqualTo(4);
    assertThat(pc.risk().burstCount()).isEqualTo(5);
    assertThat(pc.risk().burstWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.snapshotInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.refreshInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.clusters().k()).isEqualTo(4);
    assertThat(p.clusters().seed()).isEqualTo(9);
    assertThat(pc.fingerprint())
        .isNotEqualTo(PersonaConfig.defaults().profiles().config().fingerprint());
  }

  @Test
  void badProfileSettingsNameTheKey() {
    assertThatThrownBy(() -> load("profiles:\n  halfLife: forever\n"))
        .hasMessageContaining("profiles.halfLife");
    assertThatThrownBy(() -> load("profiles:\n  halfLive: 3d\n"))
        .hasMessageContaining("profiles.halfLive")
        .hasMessageContaining("unknown setting");
    assertThatThrownBy(() -> load("profiles:\n  eventWeights: {view: lots}\n"))
        .hasMessageContaining("profiles.eventWeights.view: must be a number");
    assertThatThrownBy(() -> load("profiles:\n  priceBands: [50, 10]\n"))
        .hasMessageContaining("priceBands must be positive and increasing");
    assertThatThrownBy(() -> load("profiles:\n  lifecycle: {dormantDays: 100}\n"))
        .hasMessageContaining("lifecycle thresholds");
    assertThatThrownBy(() -> load("profiles:\n  risk: {burstCount: 1}\n"))
        .hasMessageContaining("risk.burstCount");
    assertThatThrownBy(() -> load("profiles:\n  risk: {speed: 1}\n"))
        .hasMessageContaining("profiles.risk.speed");
    assertThatThrownBy(() -> load("profiles:\n  clusters: {k: 0}\n"))
        .hasMessageContaining("profiles.clusters.k");
    assertThatThrownBy(() -> load("profiles:\n  maxKeys: many\n"))
        .hasMessageContaining("profiles.maxKeys: must be an integer");
  }

  @Test
  void theTrainingSectionSetsEveryParameterAndBadValuesNameTheKey() throws Exception {
    PersonaConfig c =
        load(
            """
            training:
              every: 30m
              minNewEvents: 50
              onStart: false
              excludeRiskyUsers: false
              keep: 3
              holdoutUsers: 0
              seed: 9
              als: {factors: 32, iterations: 5, regularization: 0.05, exponent: 0, alpha: 4, cgSteps: 0, seed: 1, threads: 1}
              ease: {enabled: false, lambda: 100, maxItems: 5000}
            """);
    var t = c.training();
    assertThat(t.every()).isEqualTo(java.time.Duration.ofMinutes(30));
    assertThat(t.minNewEvents()).isEqualTo(50);
    assertThat(t.onStart()).isFalse();
    assertThat(t.excludeRiskyUsers()).isFalse();
    assertThat(t.keep()).isEqualTo(3);
    assertThat(t.config().holdoutUsers()).isZero();
    assertThat(t.config().seed()).isEqualTo(9);
    assertThat(t.config().als())
        .isEqualTo(new dev.persona.recommend.train.AlsParams(32, 5, 0.05, 0, 4, 0, 1, 1));
    assertThat(t.config().ease()).isFalse();
    assertThat(t.config().easeLambda()).isEqualTo(100);
    assertThat(t.config().easeMaxItems()).isEqualTo(5000);
    assertThat(load("server:\n  port: 0\n").training())
        .isEqualTo(dev.persona.server.config.TrainingOptions.defaults());

    assertThatThrownBy(() -> load("training:\n  als: {factor: 8}\n"))
        .hasMessageContaining("training.als.factor");
    assertThatThrownBy(() -> load("training:\n  als: {factors: 0}\n"))
        .hasMessageContaining("training.als.factors");
    assertThatThrownBy(() -> load("training:\n  ease: {lambda: -1}\n"))
        .hasMessageContaining("training.ease.lambda");
    assertThatThrownBy(() -> load("training:\n  every: hourly\n"))
        .hasMessageContaining("training.every");
    assertThatThrownBy(() -> load("training:\n  keep: 0\n")).hasMessageContaining("training.keep");
  }
}
