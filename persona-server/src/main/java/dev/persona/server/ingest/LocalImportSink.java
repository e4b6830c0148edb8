package dev.persona.server.ingest;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import dev.persona.core.store.Store;
import dev.persona.data.ImportSink;
import java.util.List;

/** Imports straight into a local store through the same pipeline HTTP uses. */
public final class LocalImportSink implements ImportSink {
  private final IngestPipeline pipeline;
  private final Store store;

  public LocalImportSink(IngestPipeline pipeline, Store store) {
    this.pipeline = pipeline;
    this.store = store;
  }

  @Override
  public AppendResult events(List<Event> events) {
    return pipeline.ingest(events).join();
  }

  @Override
  public void items(List<Item> items) {
    store.items().putAll(items);
  }

  @Override
  public void users(List<User> users) {
    store.users().putAll(users);
  }
}
