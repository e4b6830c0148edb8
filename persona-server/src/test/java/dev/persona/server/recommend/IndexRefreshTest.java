package dev.persona.server.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.persona.core.model.Item;
import dev.persona.recommend.CatalogueIndex;
import dev.persona.server.PersonaServer;
import dev.persona.server.config.PersonaConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalogue index rebuilt on the service's own clock when a replay drives its refreshes. */
class IndexRefreshTest {
  @TempDir Path dir;

  @Test
  void anIndexRefreshedOnCallIsRebuiltWhenItemsChangeOrAMinuteOfItsClockHasPassed()
      throws Exception {
    AtomicLong clock = new AtomicLong(1_790_000_000_000L);
    PersonaConfig config =
        PersonaConfig.defaults().withDataDir(dir).withHost("127.0.0.1").withPort(0);
    try (PersonaServer server = PersonaServer.start(config, List.of(), clock::get)) {
      server.awaitReady(30, TimeUnit.SECONDS);
      RecommendService recs = server.recommendations();
      recs.refreshIndexOnlyWhenCalled();
      recs.reindex();
      CatalogueIndex first = recs.index();

      recs.refreshIndex(); // nothing changed, no time passed
      assertThat(recs.index()).isSameAs(first);

      server.store().items().putAll(List.of(Item.of("i1", null, List.of())));
      recs.refreshIndex(); // an item arrived
      CatalogueIndex second = recs.index();
      assertThat(second).isNotSameAs(first);
      assertThat(second.all()).hasSize(1);

      clock.addAndGet(RecommendService.INDEX_REFRESH_MILLIS - 1);
      recs.refreshIndex();
      assertThat(recs.index()).isSameAs(second);
      clock.addAndGet(1); // a minute of the clock since the last build
      recs.refreshIndex();
      CatalogueIndex third = recs.index();
      assertThat(third).isNotSameAs(second);

      // nothing rebuilds it in the background meanwhile, though an item arrived and a minute
      // passed (the background check runs every INDEX_DIRTY_CHECK_MILLIS of wall time)
      server.store().items().putAll(List.of(Item.of("i2", null, List.of())));
      clock.addAndGet(RecommendService.INDEX_REFRESH_MILLIS);
      Thread.sleep(RecommendService.INDEX_DIRTY_CHECK_MILLIS + 500);
      assertThat(recs.index()).isSameAs(third);
      recs.refreshIndex();
      assertThat(recs.index().all()).hasSize(2);
    }
  }
}
