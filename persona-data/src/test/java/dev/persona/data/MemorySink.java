package dev.persona.data;

import dev.persona.core.model.Event;
import dev.persona.core.model.Item;
import dev.persona.core.model.User;
import dev.persona.core.store.AppendResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory {@link ImportSink} for tests: keeps events (skipping repeated ids, as the event log
 * does), the latest version of each item and user, and the order of calls.
 */
public final class MemorySink implements ImportSink {
  public final List<Event> events = new ArrayList<>();
  public final Map<String, Item> items = new LinkedHashMap<>();
  public final Map<String, User> users = new LinkedHashMap<>();
  public final List<String> calls = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();
  public int itemUpserts;

  @Override
  public AppendResult events(List<Event> batch) {
    calls.add("events:" + batch.size());
    int accepted = 0;
    int duplicates = 0;
    long first = events.size();
    for (Event e : batch) {
      if (e.id() != null && !ids.add(e.id())) {
        duplicates++;
      } else {
        events.add(e);
        accepted++;
      }
    }
    return new AppendResult(accepted, duplicates, accepted == 0 ? -1 : first);
  }

  @Override
  public void items(List<Item> batch) {
    calls.add("items:" + batch.size());
    itemUpserts += batch.size();
    batch.forEach(i -> items.put(i.id(), i));
  }

  @Override
  public void users(List<User> batch) {
    calls.add("users:" + batch.size());
    batch.forEach(u -> users.put(u.id(), u));
  }
}
