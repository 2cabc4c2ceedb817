package io.jindou.access.gateway;

import io.jindou.metrics.Metrics;
import io.jindou.model.DeliveryBatch;
import io.jindou.model.EventDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Hands a committed message to this node's sessions of its recipients, each on the session's own event loop through
 * that loop's {@link DeliveryPump} (in slices, so a big fan-out never holds a loop for long), skipping the connection
 * that sent it. Callable from any event loop: the node's delivery inbox uses it for batches from other nodes, and a
 * local channel owner calls it directly, which saves the hop through the inbox's loop; such a local batch carries the
 * sessions the registry's {@code locate} found ({@link LocatedHere}), so its recipients are not looked up twice.
 * Batches handed over in one order reach every session in that order (one task queue and one pump per loop, each
 * first in, first out), which is what keeps a channel's messages in commit order. It owns no business rules and
 * never writes to a connection from a foreign thread.
 */
public final class LocalDelivery implements Consumer<DeliveryBatch> {
  private static final Logger LOG = Logger.getLogger(LocalDelivery.class.getName());
  private final SessionRegistry registry;
  private final int nodeId;
  private final Metrics metrics;

  public LocalDelivery(SessionRegistry registry, int nodeId) {
    this(registry, nodeId, Metrics.OFF);
  }

  /** {@code metrics}: where deliveries and their end-to-end latency are recorded. */
  public LocalDelivery(SessionRegistry registry, int nodeId, Metrics metrics) {
    this.registry = registry;
    this.nodeId = nodeId;
    this.metrics = metrics;
  }

  @Override
  public void accept(DeliveryBatch b) {
    long skip = b.originNode() == nodeId ? b.originConnId() : 0; // not back to the sending connection
    Loops loops = group(b.uids(), skip);
    for (int i = 0; i < loops.n; i++) {
      RecvView.Memo views = new RecvView.Memo(b.message()); // per loop: a memo is confined to its loop
      loops.pumps[i].hand(DeliveryPump.each(loops.sessions[i], b, (s, batch) -> deliver(s, batch, views)));
    }
  }

  /**
   * Hands a stored stream event to this node's sessions of its uids, each on its own loop, through the same pumps as
   * messages (so an anchor's RECV comes before its events). A session whose dialect cannot decode an event skips it
   * ({@link Session#deliverEvent}).
   */
  public void acceptEvent(EventDelivery e) {
    Loops loops = group(e.uids(), 0);
    for (int i = 0; i < loops.n; i++) {
      loops.pumps[i].hand(DeliveryPump.each(loops.sessions[i], e, LocalDelivery::deliverEvent));
    }
  }

  /**
   * The sessions of {@code uids} on this node by event loop, in the order of {@code uids}, leaving out connection
   * {@code skip} (0 = none). A list from this registry's own {@code locate} already holds each uid's sessions (one
   * presence pass per message); any other list (a batch from another node) is looked up here.
   */
  private Loops group(List<String> uids, long skip) {
    Loops loops = new Loops();
    if (uids instanceof LocatedHere found && found.of(registry)) {
      for (int i = 0, n = found.size(); i < n; i++) {
        loops.add(found.sessions(i), skip);
      }
    } else {
      for (String uid : uids) {
        loops.add(registry.sessionsOf(uid), skip);
      }
    }
    return loops;
  }

  /** Sessions grouped by their loop's pump: a node has a handful of loops, so a linear scan beats hashing. */
  private static final class Loops {
    DeliveryPump[] pumps = new DeliveryPump[4];
    @SuppressWarnings("unchecked")
    List<Session>[] sessions = new List[4];
    int n;
    private int last;

    void add(List<Session> of, long skip) {
      for (Session s : of) {
        if (skip != 0 && s.id == skip) {
          continue;
        }
        DeliveryPump p = s.pump;
        int i = last < n && pumps[last] == p ? last : indexOf(p);
        sessions[i].add(s);
        last = i;
      }
    }

    private int indexOf(DeliveryPump p) {
      for (int i = 0; i < n; i++) {
        if (pumps[i] == p) {
          return i;
        }
      }
      if (n == pumps.length) {
        pumps = java.util.Arrays.copyOf(pumps, n * 2);
        sessions = java.util.Arrays.copyOf(sessions, n * 2);
      }
      pumps[n] = p;
      sessions[n] = new ArrayList<>();
      return n++;
    }
  }

  private void deliver(Session s, DeliveryBatch b, RecvView.Memo views) {
    try {
      if (s.deliver(b.message(), views)) {
        metrics.delivered();
        metrics.stageSince(Metrics.Stage.END_TO_END, b.acceptedAtMicros());
      }
    } catch (RuntimeException e) {
      LOG.warning("delivery of message " + b.message().messageId() + " to session " + s.id + " failed: "
          + e.getMessage());
      s.close("delivery failed");
    }
  }

  private static void deliverEvent(Session s, EventDelivery e) {
    try {
      s.deliverEvent(e);
    } catch (RuntimeException ex) {
      LOG.warning("delivery of stream event " + e.event().msgEventSeq() + " to session " + s.id + " failed: "
          + ex.getMessage());
      s.close("delivery failed");
    }
  }
}
