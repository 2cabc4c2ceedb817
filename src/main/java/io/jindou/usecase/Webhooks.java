package io.jindou.usecase;

import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.webhook.WebhookOutbox;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook operations for the edges: the dispatcher forms, reads and settles events through it, and the HTTP
 * management routes read the status and the retained log and redeliver. It checks request bounds (cursor, limit,
 * event names) and holds the dispatcher's live figures (in flight, failures) for the status; it never posts and
 * never decides what an event holds. {@code off()} is the instance of a node without a {@code webhook_url}.
 */
public final class Webhooks {
  /** Largest page of {@link #events}. */
  public static final int EVENTS_LIMIT_MAX = 1000;
  private static final List<String> NAMES = List.of(WebhookOutbox.NOTIFY, WebhookOutbox.OFFLINE,
      WebhookOutbox.ONLINE_STATUS, WebhookOutbox.STREAM, WebhookOutbox.EXTRA);

  /** The edge's JSON writer of message events (spec http-api §1.10). */
  public interface Bodies extends WebhookOutbox.Bodies {
  }

  /** One event as the edges see it; {@code state} is pending, delivered or dead. */
  public record Event(long seq, String id, String name, String lane, long createdMs, byte[] body, String state) {
  }

  /** What {@code GET /webhook/status} shows. */
  public record Status(boolean enabled, String url, long outbox, long pending, long dead, long lastSeq, long inflight,
      long delivered, long failures, String lastError) {
  }

  /** The dispatcher's live figures (written by the dispatcher, read by the status). */
  public static final class Figures {
    public final AtomicLong inflight = new AtomicLong();
    public final AtomicLong delivered = new AtomicLong();
    public final AtomicLong failures = new AtomicLong();
    public volatile String lastError = "";
  }

  private final WebhookOutbox outbox;
  private final String url;
  private final Figures figures = new Figures();

  public Webhooks(WebhookOutbox outbox, String url) {
    this.outbox = outbox;
    this.url = url;
  }

  /** A node without webhooks: every operation answers "webhooks are off". */
  public static Webhooks off() {
    return new Webhooks(null, "");
  }

  public boolean enabled() {
    return outbox != null;
  }

  public Figures figures() {
    return figures;
  }

  private void requireOn() {
    if (outbox == null) {
      throw JindouException.invalid("webhooks are off (no webhook_url is configured)");
    }
  }

  /** Forms events from the outbox and seals them; the sealed events (none: nothing to do now). */
  public Future<List<Event>> form() {
    requireOn();
    return outbox.form().map(Webhooks::view);
  }

  /** Whether the last {@link #form} read a whole batch (more entries are likely waiting to be formed). */
  public boolean behind() {
    return outbox != null && outbox.behind();
  }

  /** Re-reads the counts and opens or closes the outbox at its cap (called every second by the dispatcher). */
  public Future<Void> checkCap() {
    requireOn();
    return outbox.checkCap();
  }

  /** Forgets delivered events past the retention (a bounded step). */
  public Future<Void> trim() {
    requireOn();
    return outbox.trim().mapEmpty();
  }

  /** Events still to deliver after {@code afterSeq}, within {@code maxBytes} of bodies (the first always). */
  public Future<List<Event>> pending(long afterSeq, int limit, long maxBytes) {
    requireOn();
    return outbox.pending(afterSeq, limit, maxBytes).map(Webhooks::view);
  }

  /** Records that these events were delivered (one store write). */
  public Future<Void> delivered(List<Long> seqs) {
    return outbox.delivered(seqs);
  }

  public Future<Void> dead(long seq) {
    return outbox.dead(seq);
  }

  /**
   * The owner fanned {@code m} out to {@code recipients} (called by the edge's fan-out observer; returns at once):
   * the list its {@code msg.offline} is formed from, or for a {@code no_persist} message its {@code msg.offline}.
   */
  public void committed(Message m, java.util.Collection<String> recipients) {
    if (outbox != null) {
      outbox.committed(m, recipients);
    }
  }

  /** Seals {@code user.onlinestatus} events whose bodies the edge wrote (dropped when that event is off). */
  public Future<List<Event>> onlineStatus(List<byte[]> bodies) {
    requireOn();
    return outbox.onlineStatus(bodies).map(Webhooks::view);
  }

  /** The retained log after {@code cursor}, at most {@code limit}, optionally one event name. */
  /** A page of the log; go on from {@code nextCursor}. */
  public record Page(List<Event> events, long nextCursor) {
  }

  public Future<Page> events(long cursor, int limit, String event) {
    requireOn();
    if (cursor < 0) {
      throw JindouException.invalid("cursor must be 0 or more");
    }
    if (limit < 1 || limit > EVENTS_LIMIT_MAX) {
      throw JindouException.invalid("limit must be 1.." + EVENTS_LIMIT_MAX);
    }
    if (event != null && !event.isEmpty() && !NAMES.contains(event)) {
      throw JindouException.invalid("unknown event '" + event + "' (known: " + String.join(", ", NAMES) + ")");
    }
    return outbox.events(cursor, limit, event).map(p -> new Page(view(p.events()), p.nextCursor()));
  }

  /**
   * Puts events back to be posted again: the dead letters ({@code dead} true, up to {@code limit}), or the retained
   * events with {@code fromSeq <= seq <= toSeq}; completes with how many.
   */
  public Future<Integer> redeliver(boolean dead, long fromSeq, long toSeq, int limit) {
    requireOn();
    if (limit < 1 || limit > EVENTS_LIMIT_MAX) {
      throw JindouException.invalid("limit must be 1.." + EVENTS_LIMIT_MAX);
    }
    if (!dead && (fromSeq < 1 || toSeq < fromSeq)) {
      throw JindouException.invalid("give dead_letters=true, or from_seq >= 1 and to_seq >= from_seq");
    }
    return outbox.redeliver(dead, fromSeq, toSeq, limit);
  }

  public Future<Status> status() {
    if (outbox == null) {
      return Future.succeededFuture(new Status(false, "", 0, 0, 0, 0, 0, 0, 0, ""));
    }
    return outbox.counts().map(c -> new Status(true, url, c.outbox(), c.pending(), c.dead(), c.lastSeq(),
        figures.inflight.get(), figures.delivered.get(), figures.failures.get(), figures.lastError));
  }

  private static List<Event> view(List<WebhookOutbox.Logged> es) {
    return es.stream().map(e -> new Event(e.seq(), e.id(), e.name(), e.lane(), e.createdMs(), e.body(), e.state()))
        .toList();
  }
}
