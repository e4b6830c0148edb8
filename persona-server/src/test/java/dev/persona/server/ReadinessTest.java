package dev.persona.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Event;
import dev.persona.core.store.StoredEvent;
import dev.persona.server.config.PersonaConfig;
import dev.persona.store.rocks.RocksStore;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadinessTest {
  @TempDir Path dir;

  @Test
  void theApiAnswers503UntilTheLogIsReplayedThenServes() throws Exception {
    PersonaConfig config = PersonaConfig.defaults().withDataDir(dir);
    try (RocksStore store = RocksStore.open(dir, config.store())) {
      store
          .events()
          .append(List.of(Event.of("view", "u1", "i1", 1), Event.of("cart", "u1", "i1", 2)))
          .join();
    }
    CountDownLatch release = new CountDownLatch(1);
    Consumer<StoredEvent> slowApplier =
        e -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          }
        };

    try (TestServer server = TestServer.start(config, List.of(slowApplier), false)) {
      TestServer.Response health = server.get("/v1/health");
      TestServer.Response write =
          server.postJson("/v1/events", "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}");

      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().path("status").asText()).isIn("starting", "replaying");
      assertThat(write.status()).isEqualTo(503);
      assertThat(write.json().path("error").asText()).isEqualTo("not_ready");
      assertThat(write.header("Retry-After")).isEqualTo("1");

      release.countDown();
      server.server().awaitReady(30, TimeUnit.SECONDS);

      TestServer.Response ready = server.get("/v1/health");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().path("counts").path("eventsByType").path("cart").asLong())
          .isEqualTo(1);
      assertThat(
              server
                  .postJson("/v1/events", "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}")
                  .status())
          .isEqualTo(202);
    }
  }

  @Test
  void aStoreHeldByAnotherProcessLeavesTheServerUnreadyAndSaysWhy() throws Exception {
    PersonaConfig config = PersonaConfig.defaults().withDataDir(dir);
    try (RocksStore holder = RocksStore.open(dir, config.store());
        TestServer server = TestServer.start(config, List.of(), false)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> server.server().awaitReady(30, TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another process");

      TestServer.Response health = server.get("/v1/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().path("status").asText()).isEqualTo("starting");
      assertThat(holder.events().count()).isZero();
    }
  }
}
