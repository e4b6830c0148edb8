package dev.persona.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.persona.core.json.ModelJson;
import dev.persona.core.json.Wire;
import dev.persona.core.store.StoredEvent;
import dev.persona.core.validate.Ids;
import dev.persona.core.validate.ValidationException;
import dev.persona.core.validate.Violation;
import dev.persona.profile.live.Audience;
import dev.persona.recommend.online.OnlineModel;
import dev.persona.server.recommend.RecommendService;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is there and what they did, for the dashboard and any client that browses (extensions of
 * API.md, {@code docs/api.md}): the users with a profile, a user's events newest first, and an
 * item's latest users. Each reads state that is kept anyway (the profile book, the log's per-user
 * index, the online model's latest users per item); nothing is derived here.
 */
final class ActivityRoutes {
  static final int DEFAULT_EVENTS = 50;
  static final int MAX_EVENTS = 1_000;
  static final int DEFAULT_ITEM_USERS = 10;
  static final int MAX_ITEM_USERS = 32;

  private final HttpApi.Backend backend;

  ActivityRoutes(HttpApi.Backend backend) {
    this.backend = backend;
  }

  void register(Javalin app) {
    app.get("/v1/users", this::users);
    app.get("/v1/users/{id}/events", this::events);
    app.get("/v1/items/{id}/users", this::itemUsers);
  }

  /** {@code GET /v1/users?prefix=&limit=&cursor=}: users with a profile, in id order. */
  private void users(Context ctx) {
    String prefix = ctx.queryParam("prefix");
    if (prefix == null) {
      prefix = "";
    } else if (prefix.length() > Ids.MAX_LENGTH) {
      throw new ValidationException(
          Violation.of("prefix", "longer than " + Ids.MAX_LENGTH + " characters"));
    }
    int limit =
        ProfileRoutes.intParam(ctx, "limit", ProfileRoutes.DEFAULT_LIMIT, 0, Audience.MAX_LIMIT);
    String cursor = ctx.queryParam("cursor");
    Audience.Page page =
        Audience.withPrefix(
            backend.profiles().book().userIds(),
            prefix,
            cursor == null || cursor.isEmpty() ? null : cursor,
            limit);
    HttpApi.json(ctx, 200, ProfileRoutes.page(page, -1));
  }

  /** {@code GET /v1/users/{id}/events?limit=&cursor=}: the user's events, newest first. */
  private void events(Context ctx) {
    String id = Ids.require("id", ctx.pathParam("id"));
    int limit = ProfileRoutes.intParam(ctx, "limit", DEFAULT_EVENTS, 1, MAX_EVENTS);
    long before = Long.MAX_VALUE;
    String cursor = ctx.queryParam("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      try {
        before = Long.parseLong(cursor.trim());
        if (before < 1) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new ValidationException(
            Violation.of(
                "cursor",
                "must be the cursor of the previous page (a sequence number), got '"
                    + cursor
                    + "'"));
      }
    }
    if (backend.profiles().profile(id).isEmpty()) {
      throw new ApiException(
          404, "not_found", "no user with id '" + id + "' (no events, no record)");
    }
    List<StoredEvent> events = new ArrayList<>(limit + 1);
    backend.store().events().recentOfUser(id, before, limit + 1, events::add);
    boolean more = events.size() > limit;
    if (more) {
      events = events.subList(0, limit);
    }
    ObjectNode out = Wire.object();
    out.put("userId", id);
    ArrayNode list = out.putArray("events");
    for (StoredEvent e : events) {
      ObjectNode node = Wire.object();
      node.put("sequence", e.sequence());
      node.put("receivedAt", Instant.ofEpochMilli(e.receivedAt()).toString());
      node.setAll(ModelJson.writeEvent(e.event()));
      list.add(node);
    }
    if (more) {
      out.put("cursor", Long.toString(events.get(events.size() - 1).sequence()));
    } else {
      out.putNull("cursor");
    }
    HttpApi.json(ctx, 200, out);
  }

  /** {@code GET /v1/items/{id}/users?n=}: the item's latest users and its popularity. */
  private void itemUsers(Context ctx) {
    String id = Ids.require("id", ctx.pathParam("id"));
    int n = ProfileRoutes.intParam(ctx, "n", DEFAULT_ITEM_USERS, 1, MAX_ITEM_USERS);
    RecommendService.ItemActivity a = backend.recommendations().itemActivity(id, n);
    if (!a.known() && backend.store().items().get(id).isEmpty()) {
      throw ApiException.notFound("item", id);
    }
    ObjectNode out = Wire.object();
    out.put("itemId", id);
    out.put("count", a.users());
    ArrayNode users = out.putArray("users");
    a.latest().forEach(users::add);
    ObjectNode popularity = out.putObject("popularity");
    for (int w = 0; w < OnlineModel.WINDOWS.size(); w++) {
      popularity.put(OnlineModel.WINDOWS.get(w), Math.round(a.popularity()[w] * 1e4) / 1e4);
    }
    HttpApi.json(ctx, 200, out);
  }
}
