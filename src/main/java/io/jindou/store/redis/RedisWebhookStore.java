package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import io.jindou.store.WebhookStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis implementation of {@link WebhookStore} for one node N. The outbox is one list per source channel in the
 * channel's own slot, pushed by the append script with the message ({@link Scripts#APPEND}) — and by the stream event
 * and change scripts with a stream event or a change ({@link #entry} reads the items); before the append
 * completes, the channel joins the set {@code {jindou:wh:N}:chans} (and it joins it again on every retried send,
 * so a crash between the two cannot hide an entry from an acknowledged send). Events live under
 * {@code {jindou:wh:N}} (one slot): sealing stores them in one script, then drops the consumed entries channel
 * by channel: a crash between the two re-forms those entries into events again (a duplicate, never a loss).
 * The outbox count is approximate (kept beside the lists, not in their scripts). It never decides what an
 * event holds.
 */
final class RedisWebhookStore implements WebhookStore {
  /** The set of nodes that announced webhook data. */
  static final String NODES = "jindou:wh:nodes";
  private final RedisLink link;
  private final int node;

  RedisWebhookStore(RedisLink link, int node) {
    this.link = link;
    this.node = node;
  }

  /** After an append of {@code source}: its outbox of {@code node} may hold entries ({@code added} new ones). */
  static Future<Void> markDirty(RedisLink link, ChannelKey source, int node, int added) {
    Future<Response> set = link.send(Request.cmd(Command.SADD).arg(RedisKeys.webhook(node, "chans"))
        .arg(member(source)));
    Future<Response> n = added == 0 ? Future.succeededFuture()
        : link.send(Request.cmd(Command.INCRBY).arg(RedisKeys.webhook(node, "n")).arg(added));
    return Future.all(set, n).mapEmpty();
  }

  private static String member(ChannelKey source) {
    return source.type() + ":" + source.id();
  }

  private static ChannelKey channel(String member) {
    int colon = member.indexOf(':');
    return new ChannelKey(member.substring(colon + 1), Integer.parseInt(member.substring(0, colon)));
  }

  /**
   * One list item of source channel {@code src}: "m:seq" / "c:seq" (a message of the channel or of its command log),
   * "s:seq:client_msg_no" (a stream event), "x:seq:extra_version" (a change of a message).
   */
  static Entry entry(ChannelKey src, String item) {
    char kind = item.charAt(0);
    if (kind == 's' || kind == 'x') {
      int colon = item.indexOf(':', 2);
      long seq = Long.parseLong(item.substring(2, colon));
      String rest = item.substring(colon + 1);
      return kind == 's' ? Entry.stream(src, rest, seq) : Entry.change(src, seq, Long.parseLong(rest));
    }
    return new Entry(kind == 'c' ? src.commandLog() : src, Long.parseLong(item.substring(2)));
  }

  private String key(String name) {
    return RedisKeys.webhook(node, name);
  }

  @Override
  public Future<List<Entry>> outbox(int limit) {
    Context ctx = link.caller();
    Future<List<Entry>> f = link.send(Request.cmd(Command.SRANDMEMBER).arg(key("chans")).arg(64)).compose(r -> {
      List<ChannelKey> sources = new ArrayList<>();
      if (r != null) {
        for (Response m : r) {
          sources.add(channel(m.toString()));
        }
      }
      List<Future<Response>> lists = new ArrayList<>();
      for (ChannelKey src : sources) {
        lists.add(link.send(Request.cmd(Command.LRANGE).arg(RedisKeys.webhookOutbox(src, node)).arg(0)
            .arg(limit - 1)));
      }
      return Future.all(lists).map(all -> {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < sources.size() && out.size() < limit; i++) {
          ChannelKey src = sources.get(i);
          Response items = lists.get(i).result();
          if (items == null || out.size() + items.size() > limit && !out.isEmpty()) {
            continue; // a channel is taken whole (its prefix), or left for the next read
          }
          for (Response item : items) {
            out.add(entry(src, item.toString()));
          }
        }
        return out;
      });
    });
    return RedisLink.deliver(ctx, f);
  }

  @Override
  public Future<List<Event>> seal(List<Event> events, List<Entry> consumed) {
    Context ctx = link.caller();
    List<Object> blobs = new ArrayList<>(events.size());
    for (Event e : events) {
      blobs.add(e.encode());
    }
    Future<List<Event>> sealed = events.isEmpty() ? Future.succeededFuture(List.of())
        : link.eval(WebhookScripts.WEBHOOK_SEAL, List.of(key("seq"), key("ev"), key("all"), key("q")), blobs).map(r -> {
          List<Event> out = new ArrayList<>(events.size());
          for (int i = 0; i < events.size(); i++) {
            out.add(events.get(i).with(r.get(i).toLong(), State.PENDING));
          }
          return out;
        });
    Map<ChannelKey, Integer> perSource = new LinkedHashMap<>();
    for (Entry e : consumed) {
      perSource.merge(e.channel().source(), 1, Integer::sum);
    }
    Future<List<Event>> f = sealed.compose(out -> {
      List<Future<Void>> drops = new ArrayList<>();
      perSource.forEach((src, n) -> drops.add(consume(src, n)));
      return Future.all(drops).map(v -> out);
    });
    return RedisLink.deliver(ctx, f);
  }

  /** Drops n entries from the head of one channel's list; forgets the channel when nothing is left. */
  private Future<Void> consume(ChannelKey src, int n) {
    String list = RedisKeys.webhookOutbox(src, node);
    return link.eval(WebhookScripts.WEBHOOK_CONSUME, List.of(list), List.of(n)).compose(left -> {
      link.send(Request.cmd(Command.DECRBY).arg(key("n")).arg(n));
      if (left.toLong() > 0) {
        return Future.succeededFuture();
      }
      // forget, then look again: an append between the two put the channel back (its SADD) or is seen here
      return link.send(Request.cmd(Command.SREM).arg(key("chans")).arg(member(src)))
          .compose(x -> link.send(Request.cmd(Command.LLEN).arg(list)))
          .compose(len -> len.toLong() == 0 ? Future.succeededFuture()
              : link.send(Request.cmd(Command.SADD).arg(key("chans")).arg(member(src))).mapEmpty());
    });
  }

  @Override
  public Future<Void> settle(List<Long> seqs, State state) {
    if (seqs.isEmpty()) {
      return Future.succeededFuture();
    }
    Context ctx = link.caller();
    List<Object> args = new ArrayList<>(seqs.size() + 1);
    args.add(state == State.PENDING ? "p" : state == State.DEAD ? "d" : "x");
    args.addAll(seqs);
    return RedisLink.deliver(ctx, link.eval(WebhookScripts.WEBHOOK_SETTLE, List.of(key("ev"), key("q"), key("dead")),
        args).mapEmpty());
  }

  @Override
  public Future<List<Event>> events(long afterSeq, int limit, State only, long maxBytes) {
    Context ctx = link.caller();
    String index = only == State.PENDING ? "q" : only == State.DEAD ? "dead" : "all";
    int read = only == State.DELIVERED ? limit * 4 + 100 : limit;
    Future<List<Event>> f = link.eval(WebhookScripts.WEBHOOK_EVENTS,
        List.of(key(index), key("ev"), key("q"), key("dead")), List.of(afterSeq, read, Math.min(maxBytes, 1L << 50))).map(r -> {
          List<Event> out = new ArrayList<>();
          for (int i = 0; i + 2 < r.size() && out.size() < limit; i += 3) {
            String st = r.get(i + 2).toString();
            State s = st.equals("p") ? State.PENDING : st.equals("d") ? State.DEAD : State.DELIVERED;
            if (only == null || only == s) {
              out.add(Event.decode(r.get(i).toLong(), r.get(i + 1).toBytes(), s));
            }
          }
          return out;
        });
    return RedisLink.deliver(ctx, f);
  }

  /** A page of delivered events from the oldest, within the log API's byte budget (the script bounds the bodies). */
  @Override
  public Future<List<Long>> expired(long createdBeforeMs, int limit) {
    return events(0, limit, State.DELIVERED, EXPIRED_READ_BYTES)
        .map(es -> es.stream().filter(e -> e.createdMs() < createdBeforeMs).map(Event::seq).toList());
  }

  /** Body bytes one {@link #expired} read holds at most. */
  private static final long EXPIRED_READ_BYTES = 8L << 20;

  @Override
  public Future<Void> remove(List<Long> seqs) {
    if (seqs.isEmpty()) {
      return Future.succeededFuture();
    }
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.eval(WebhookScripts.WEBHOOK_REMOVE,
        List.of(key("ev"), key("all"), key("q"), key("dead")), seqs).mapEmpty());
  }

  @Override
  public Future<Void> announce() {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.SADD).arg(NODES).arg(node)).mapEmpty());
  }

  @Override
  public Future<List<Integer>> nodes() {
    Context ctx = link.caller();
    return RedisLink.deliver(ctx, link.send(Request.cmd(Command.SMEMBERS).arg(NODES)).map(r -> {
      List<Integer> out = new ArrayList<>();
      if (r != null) {
        for (Response m : r) {
          out.add(m.toInteger());
        }
      }
      return out;
    }));
  }

  @Override
  public Future<Counts> counts() {
    Context ctx = link.caller();
    Future<Response> n = link.send(Request.cmd(Command.GET).arg(key("n")));
    Future<Response> q = link.send(Request.cmd(Command.ZCARD).arg(key("q")));
    Future<Response> d = link.send(Request.cmd(Command.ZCARD).arg(key("dead")));
    Future<Response> s = link.send(Request.cmd(Command.GET).arg(key("seq")));
    return RedisLink.deliver(ctx, Future.all(n, q, d, s).map(v -> new Counts(
        n.result() == null ? 0 : Math.max(0, n.result().toLong()), q.result().toLong(), d.result().toLong(),
        s.result() == null ? 0 : s.result().toLong())));
  }
}
