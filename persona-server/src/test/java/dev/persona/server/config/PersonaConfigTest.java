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
}
