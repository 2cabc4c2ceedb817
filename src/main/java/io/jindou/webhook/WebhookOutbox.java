package io.jindou.webhook;

import io.jindou.cluster.Presence;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.store.ChannelStore;
import io.jindou.store.MessageStore;
import io.jindou.store.StreamStore;
import io.jindou.store.WebhookStore;
import io.jindou.store.WebhookStore.Entry;
import io.jindou.store.WebhookStore.Event;
import io.jindou.store.WebhookStore.State;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One node's webhook outbox: turns outbox entries (written with their messages) into events of the durable log —
 * one {@code msg.notify} per batch of up to {@code batchMax} messages (and about {@value #NOTIFY_PAYLOAD_MAX} payload
 * bytes), one {@code msg.offline} per message that has recipients without a master device online
 * ({@link OfflineRecipients}) — in one seal per batch, and keeps the outbox cap ({@link #outboxNode}: while pending
 * events and entries reach {@code outboxMax}, sends write no entry and one WARNING line says so). Lanes order
 * posting: all {@code msg.notify} events share one lane, the {@code msg.offline} events of a channel share its lane,
 * so a channel's events are posted in commit order; {@code msg.stream} and {@code msg.extra} events of stream-event
 * and change entries are formed by {@link FactEvents}, in lanes of their channel. The log keeps a {@code msg.notify}
 * body as its packed messages ({@link NotifyBody}) and gives it out as JSON. Calls come from one dispatcher at a
 * time (forming is not re-entrant). It never posts anything, and the JSON is the edge's ({@link Bodies}).
 */
public final class WebhookOutbox {
  private static final Logger LOG = Logger.getLogger(WebhookOutbox.class.getName());

  /** Event names, as WuKongIM spells them. */
  public static final String NOTIFY = "msg.notify";
  public static final String OFFLINE = "msg.offline";
  public static final String ONLINE_STATUS = "user.onlinestatus";
  /** Stored stream events ({@link FactEvents}) and changed messages, Jindou's own. */
  public static final String STREAM = "msg.stream";
  public static final String EXTRA = "msg.extra";
  /** The lane of every {@code msg.notify} event and of every {@code user.onlinestatus} event. */
  public static final String NOTIFY_LANE = "notify";
  public static final String STATUS_LANE = "status";
  /** Payload bytes of one {@code msg.notify} post at most (a message bigger than this goes alone). */
  static final long NOTIFY_PAYLOAD_MAX = 4L << 20;
  /** Body bytes one read of the log holds at most (a page of the log API, a redelivery, a trim step). */
  public static final long READ_BYTES_MAX = 8L << 20;
  /** How many times its packed size a {@code msg.notify} body is taken to be as JSON, for byte budgets. */
  static final long PACKED_GROWTH = 3;
  /** Events of unstored messages waiting for the next round at most. */
  static final int UNSTORED_MAX = 10_000;
  /** How long a young message's forming waits for its recipient hint at most. */
  static final long HINT_WAIT_MS = 1_000;

  /** The edge's JSON writer of the two message events (the shapes are spec http-api §1.10). */
  public interface Bodies {
    byte[] notify(List<Message> messages);

    byte[] offline(Message message, List<String> toUids);

    /** A {@code msg.stream} body: the stream events of one channel, in commit order. */
    byte[] stream(List<io.jindou.model.StreamPost> posts);

    /** A {@code msg.extra} body: changed messages of one channel in their current state. */
    byte[] extra(List<Message> messages);
  }

  /** What the outbox needs to know. {@code events}: names to form (others are consumed without an event). */
  public record Options(int node, Set<String> events, int batchMax, long outboxMax, long retentionMs) {
  }

  private final WebhookStore store;
  private final MessageStore messages;
  private final FactEvents facts;
  private final OfflineRecipients offlineRecipients;
  private final Options options;
  private final Bodies bodies;
  private volatile boolean full;
  private final boolean messageEvents;
  private final boolean streamEvents;
  private final boolean changeEvents;
  private final CommitHints hints = new CommitHints();
  /** Hints are kept for {@code msg.offline}'s recipients, or for the messages when the outbox does not carry them. */
  private final boolean keepHints;
  private final java.util.Queue<Event> unstored = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicInteger unstoredCount = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean unstoredDropping;
  /** The last round read a whole batch of entries: more may be waiting for the next one. */
  private volatile boolean roundFull;

  /** {@code bodies}: the edge's JSON writer, for the bodies of new events and of packed ones read back. */
  public WebhookOutbox(WebhookStore store, MessageStore messages, StreamStore streams, ChannelStore channels,
      Presence presence, Bodies bodies, Options options) {
    this.store = store;
    this.bodies = bodies;
    this.messages = messages;
    this.facts = new FactEvents(messages, streams, options.events(), options.batchMax());
    this.offlineRecipients = new OfflineRecipients(channels, presence);
    this.options = options;
    this.messageEvents = options.events().contains(NOTIFY) || options.events().contains(OFFLINE);
    this.streamEvents = options.events().contains(STREAM);
    this.changeEvents = options.events().contains(EXTRA);
    this.keepHints = options.events().contains(OFFLINE) || !store.outboxCarriesMessages();
  }

  /**
   * The node whose outbox a send writes to, or {@code channel.WritePlans.NO_OUTBOX} (-1) while at the cap or when
   * neither message event is wanted.
   */
  public int outboxNode() {
    return full || !messageEvents ? -1 : options.node();
  }

  /** {@link #outboxNode()} for stream events: -1 unless {@code msg.stream} is wanted. */
  public int streamOutboxNode() {
    return full || !streamEvents ? -1 : options.node();
  }

  /** {@link #outboxNode()} for changes of messages: -1 unless {@code msg.extra} is wanted. */
  public int changeOutboxNode() {
    return full || !changeEvents ? -1 : options.node();
  }

  /** Records in the store that this outbox's node has webhook data (for a takeover while it is gone). */
  public Future<Void> announce() {
    return store.announce();
  }

  /** The nodes with webhook data in the shared store (none for a store of one node). */
  public Future<List<Integer>> nodesWithData() {
    return store.nodes();
  }

  /** Re-reads the counts and opens or closes the outbox at the cap (one WARNING line at each change). */
  public Future<Void> checkCap() {
    return store.counts().map(c -> {
      boolean over = c.outbox() + c.pending() >= options.outboxMax();
      if (over != full) {
        full = over;
        if (over) {
          LOG.warning("webhook outbox full: " + (c.outbox() + c.pending()) + " undelivered events reached "
              + "webhook_outbox_max=" + options.outboxMax() + "; new messages get no webhook events until it drains");
        } else {
          LOG.info("webhook outbox below webhook_outbox_max again: new messages get webhook events");
        }
      }
      return null;
    });
  }

  /**
   * Forms events from up to {@code batchMax} outbox entries (each message as the outbox entry carries it, or as its
   * owner handed it over at commit, or read from the store when neither has it) and seals them, with the events of
   * unstored messages waiting since the last round; completes with the sealed events (empty when there was nothing
   * to do, or when a young message's hint is still on its way: the next round forms it).
   */
  public Future<List<Logged>> form() {
    Map<String, byte[]> rendered = new HashMap<>();
    return formEvents(rendered).map(es -> logged(es, rendered));
  }

  /** {@code rendered}: the JSON of each {@code msg.notify} formed, by event id (the log keeps it packed). */
  private Future<List<Event>> formEvents(Map<String, byte[]> rendered) {
    List<Event> unstored = drainUnstored();
    return store.outbox(options.batchMax()).compose(entries -> {
      roundFull = entries.size() >= options.batchMax();
      if (entries.isEmpty()) {
        return seal(unstored, entries);
      }
      boolean wantsOffline = options.events().contains(OFFLINE);
      Map<ChannelKey, List<Long>> missing = new LinkedHashMap<>();
      Map<Entry, Message> carried = new HashMap<>(); // without a hint: msg.offline waits for the owner's recipients
      for (Entry e : entries) {
        if (e.kind() != Entry.Kind.MESSAGE) {
          continue;
        }
        CommitHints.Hint h = keepHints ? hints.peek(e) : null;
        if (e.message() != null) {
          if (wantsOffline && h == null) {
            carried.put(e, e.message());
          }
        } else if (h == null || h.message() == null) {
          missing.computeIfAbsent(e.channel(), k -> new ArrayList<>()).add(e.seq());
        }
      }
      List<Future<List<Message>>> reads = new ArrayList<>();
      missing.forEach((log, seqs) -> reads.add(messages.getBySeqs(log, seqs)));
      return Future.all(reads).compose(all -> {
        Map<Entry, Message> read = new HashMap<>();
        for (Future<List<Message>> r : reads) {
          for (Message m : r.result()) {
            read.put(new Entry(m.channel(), m.messageSeq()), m);
          }
        }
        if (wantsOffline && (hints.awaited(read, HINT_WAIT_MS) || hints.awaited(carried, HINT_WAIT_MS))) {
          roundFull = false; // nothing consumed: the next tick tries again
          return seal(unstored, List.of()); // formed on the next round, with the owner's recipients
        }
        List<Message> found = new ArrayList<>(entries.size());
        Map<Message, Collection<String>> hinted = new HashMap<>();
        Map<Message, byte[]> stored = new IdentityHashMap<>(); // carried with the message: packed, not encoded again
        for (Entry e : entries) {
          if (e.kind() != Entry.Kind.MESSAGE) {
            continue;
          }
          CommitHints.Hint h = keepHints ? hints.take(e) : null;
          Message m = e.message() != null ? e.message()
              : h != null && h.message() != null ? h.message() : read.get(e);
          if (m != null) {
            found.add(m);
            if (m == e.message() && e.binary() != null) {
              stored.put(m, e.binary());
            }
            if (h != null && h.recipients() != null) {
              hinted.put(m, h.recipients());
            }
          }
        }
        Future<Map<Message, List<String>>> offline = wantsOffline
            ? offlineRecipients.of(found, hinted) : Future.succeededFuture(Map.of());
        return offline.compose(off -> facts.form(entries, bodies).compose(more -> {
          List<Event> es = MessageWebhookEvents.of(found, off, options.events().contains(NOTIFY), bodies, rendered,
              stored);
          es.addAll(more);
          es.addAll(unstored);
          return seal(es, entries);
        }));
      });
    });
  }

  /**
   * Whether the last {@link #form} read a whole batch of outbox entries, so that more are likely waiting: the
   * dispatcher forms again at once then, and otherwise waits for its next tick, so that at a steady rate the
   * entries of a tick go out in full batches instead of in as many small ones as rounds fit in.
   */
  public boolean behind() {
    return roundFull;
  }

  private Future<List<Event>> seal(List<Event> events, List<Entry> consumed) {
    return events.isEmpty() && consumed.isEmpty() ? Future.succeededFuture(List.of()) : store.seal(events, consumed);
  }

  private List<Event> drainUnstored() {
    List<Event> out = new ArrayList<>();
    for (Event e; (e = unstored.poll()) != null; ) {
      out.add(e);
    }
    unstoredCount.addAndGet(-out.size());
    return out;
  }

  /**
   * The owner committed {@code m} and fanned it out to {@code recipients}: kept as the hint its events are formed
   * from (no store read); for a message that is not stored ({@code no_persist}: no outbox entry) its
   * {@code msg.offline} is formed now and sealed by the next round (best effort: from then on it is durable; at
   * most {@value #UNSTORED_MAX} wait, more are dropped with one WARNING line).
   */
  public void committed(Message m, Collection<String> recipients) {
    boolean offline = options.events().contains(OFFLINE);
    if (!m.noPersist()) {
      if (messageEvents && !full && keepHints) {
        hints.put(m, offline ? recipients : null);
      }
      return;
    }
    List<String> to = offline ? offlineRecipients.of(m, recipients) : List.of();
    if (to.isEmpty()) {
      return;
    }
    if (unstoredCount.incrementAndGet() > UNSTORED_MAX) {
      unstoredCount.decrementAndGet();
      if (!unstoredDropping) {
        unstoredDropping = true;
        LOG.warning("webhooks: more than " + UNSTORED_MAX + " msg.offline events of unstored messages wait to be "
            + "sealed; dropping new ones until they are");
      }
      return;
    }
    unstoredDropping = false;
    unstored.add(new Event(0, EventIds.next(), OFFLINE, "offline:" + m.channel().source().routingKey(),
        System.currentTimeMillis(), bodies.offline(m, to), State.PENDING));
  }

  /** One event of the log as the use cases see it; {@code state} is pending, delivered or dead. */
  public record Logged(long seq, String id, String name, String lane, long createdMs, byte[] body, String state) {
  }

  /** Outbox entries, pending events, dead letters, and the highest event seq so far. */
  public record Figures(long outbox, long pending, long dead, long lastSeq) {
  }

  /** The events as the use cases see them: a packed body as its JSON ({@code rendered}, or written again now). */
  private List<Logged> logged(List<Event> es, Map<String, byte[]> rendered) {
    List<Logged> out = new ArrayList<>(es.size());
    for (Event e : es) {
      byte[] body = rendered.get(e.id());
      out.add(new Logged(e.seq(), e.id(), e.name(), e.lane(), e.createdMs(), body != null ? body
          : NotifyBody.json(e.body(), bodies), e.state().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return out;
  }

  /** Events still to deliver with seq above {@code afterSeq}, ascending. */
  public Future<List<Logged>> pending(long afterSeq, int limit, long maxBytes) {
    // the budget counts what is held, and a packed msg.notify body is held as its JSON, two to three times the bytes
    return store.events(afterSeq, limit, State.PENDING, Math.max(1, maxBytes / PACKED_GROWTH))
        .map(es -> logged(es, Map.of()));
  }

  /** Events {@code seqs} were delivered: kept for replay during the retention, or forgotten at once without one. */
  public Future<Void> delivered(List<Long> seqs) {
    return options.retentionMs() == 0 ? store.remove(seqs) : store.settle(seqs, State.DELIVERED);
  }

  /** Event {@code seq} is given up: it becomes a dead letter (kept until redelivered). */
  public Future<Void> dead(long seq) {
    return store.settle(seq, State.DEAD);
  }

  /**
   * Puts events back to be posted again: up to {@code limit} dead letters ({@code deadLetters}), or the retained
   * events with {@code fromSeq <= seq <= toSeq}; completes with how many.
   */
  public Future<Integer> redeliver(boolean deadLetters, long fromSeq, long toSeq, int limit) {
    Future<List<Event>> which = deadLetters ? store.events(0, limit, State.DEAD, READ_BYTES_MAX)
        : store.events(fromSeq - 1, limit, null, READ_BYTES_MAX)
            .map(es -> es.stream().filter(e -> e.seq() <= toSeq).toList());
    return which.compose(es -> store.settle(es.stream().map(Event::seq).toList(), State.PENDING).map(v -> es.size()));
  }

  /** A page of the log and the cursor to read on from (the last seq looked at, taken or not). */
  public record Page(List<Logged> events, long nextCursor) {
  }

  /**
   * The retained log from a cursor, optionally only one event name: a bounded read (at most {@code 4 × limit} or
   * 100 events looked at), so a page of one name may be short or empty while more follow: go on from its cursor.
   */
  public Future<Page> events(long afterSeq, int limit, String name) {
    boolean all = name == null || name.isEmpty();
    long budget = READ_BYTES_MAX / PACKED_GROWTH; // the page holds bodies as JSON
    return store.events(afterSeq, all ? limit : Math.max(limit * 4, 100), null, budget).map(es -> {
      List<Event> taken = new ArrayList<>();
      long next = afterSeq;
      for (Event e : es) {
        if (taken.size() == limit) {
          break;
        }
        next = e.seq();
        if (all || e.name().equals(name)) {
          taken.add(e);
        }
      }
      return new Page(logged(taken, Map.of()), next);
    });
  }

  public Future<Figures> counts() {
    return store.counts().map(c -> new Figures(c.outbox(), c.pending(), c.dead(), c.lastSeq()));
  }

  /** Forgets up to 1000 of the oldest delivered events past the retention; completes with how many. */
  public Future<Integer> trim() {
    long cutoff = System.currentTimeMillis() - options.retentionMs();
    return store.expired(cutoff, 1000).compose(old -> store.remove(old).map(v -> old.size()));
  }

  /** Seals {@code user.onlinestatus} events (bodies written by the edge) straight into the log. */
  public Future<List<Logged>> onlineStatus(List<byte[]> bodies) {
    if (!options.events().contains(ONLINE_STATUS) || bodies.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    long now = System.currentTimeMillis();
    List<Event> es = new ArrayList<>();
    for (byte[] body : bodies) {
      es.add(new Event(0, EventIds.next(), ONLINE_STATUS, STATUS_LANE, now, body, State.PENDING));
    }
    return store.seal(es, List.of()).map(sealed -> logged(sealed, Map.of()));
  }
}
