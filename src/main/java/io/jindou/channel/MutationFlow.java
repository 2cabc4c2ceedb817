package io.jindou.channel;

import io.jindou.model.ChannelCommand;
import io.jindou.model.ChannelCommand.Op;
import io.jindou.model.ChannelInfo;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.store.ChannelListStore;
import io.jindou.store.ChannelStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Channel changes on an owner: flags (disband is terminal), subscribers and black/white lists. Each change
 * holds the channel until it is durable, so sends see either the old or the new state and nothing in
 * between; a person channel's change is then dropped from this node's {@link PolicyFacts} before the answer goes
 * out (so the next send through this node sees it) and announced so every other node's drops its copy too.
 * A change that would give a channel more than {@code channel_subscribers_max} subscribers, or a list more uids,
 * is refused whole (INVALID, nothing written); removals are always allowed. Runs on the owner's event loop only.
 */
final class MutationFlow {
  private final Vertx vertx;
  private final ChannelStates states;
  private final ChannelStore channels;
  private final ChannelListStore lists;
  private final int subscribersMax;
  private final PolicyFacts facts;

  /** The default of {@code channel_subscribers_max}. */
  static final int SUBSCRIBERS_MAX = 100_000;

  MutationFlow(Vertx vertx, ChannelStates states, ChannelStore channels, ChannelListStore lists, int subscribersMax,
      PolicyFacts facts) {
    this.vertx = vertx;
    this.states = states;
    this.channels = channels;
    this.lists = lists;
    this.subscribersMax = subscribersMax;
    this.facts = facts;
  }

  /** Refuses a change that adds uids and leaves {@code what} of the channel over the limit. */
  private void withinLimit(ChannelKey key, String what, int size, List<String> added) {
    if (size > subscribersMax && !added.isEmpty()) {
      throw JindouException.invalid("channel " + key.id() + " (type " + key.type() + ") would have " + size + " "
          + what + ", over the limit of " + subscribersMax + " (channel_subscribers_max)");
    }
  }

  void apply(ChannelCommand cmd, io.vertx.core.eventbus.Message<Object> msg) {
    ChannelKey key = cmd.channel();
    states.with(key, ar -> {
      if (ar.failed()) {
        ChannelOwnerVerticle.fail(msg, ar.cause());
        return;
      }
      ChannelState st = ar.result();
      ChannelStates.hold(st);
      Future<Runnable> change = switch (cmd.op()) {
        case BLACKLIST_ADD, BLACKLIST_SET, BLACKLIST_REMOVE, WHITELIST_ADD, WHITELIST_SET, WHITELIST_REMOVE ->
            listChange(cmd, st);
        default -> flagsAndMembers(cmd, st);
      };
      change.onComplete(res -> {
        if (res.succeeded()) {
          res.result().run();
          if (key.type() == ChannelType.PERSON) {
            // dropped here before the answer: the announcement reaches this node's cache on another loop, maybe
            // after the caller's next send (which would then be judged by the old lists)
            facts.forget(key.id());
            vertx.eventBus().publish(PolicyFacts.CHANGED_ADDRESS, key.id());
          }
          msg.reply("ok");
          ChannelStates.release(st);
        } else {
          ChannelOwnerVerticle.fail(msg, res.cause());
          states.evict(key, st, res.cause()); // we do not know what is durable: reload next time
        }
      });
    });
  }

  /** Writes the change; the returned action applies it to the cached state once durable. */
  private Future<Runnable> flagsAndMembers(ChannelCommand cmd, ChannelState st) {
    ChannelInfo current = st.storedInfo;
    ChannelInfo next;
    boolean reset = cmd.reset();
    List<String> add = List.of();
    List<String> remove = List.of();
    switch (cmd.op()) {
      case UPSERT, SET_INFO -> {
        next = keepDisband(current, cmd.info());
        add = cmd.op() == Op.UPSERT ? cmd.subscribers() : List.of();
        reset = cmd.op() == Op.UPSERT && reset;
      }
      case ADD_SUBSCRIBERS -> {
        next = current == null ? ChannelInfo.DEFAULT : current;
        add = cmd.subscribers();
      }
      case REMOVE_SUBSCRIBERS -> {
        next = current;
        remove = cmd.subscribers();
      }
      case REMOVE_ALL_SUBSCRIBERS -> {
        next = current;
        reset = true;
      }
      case DELETE -> {
        ChannelInfo known = current != null ? current : st.info; // a channel only the datasource knows: disband it
        next = known == null ? null
            : new ChannelInfo(known.ban(), true, known.sendBan(), known.allowStranger(), known.large());
      }
      default -> throw new IllegalStateException("not a flags/members op: " + cmd.op());
    }
    if (next == null) {
      return Future.succeededFuture(() -> {
      }); // nothing to change on a channel that does not exist
    }
    Set<String> subs = reset ? new HashSet<>() : new HashSet<>(st.storedSubscribers);
    subs.addAll(add);
    remove.forEach(subs::remove);
    try {
      withinLimit(cmd.channel(), "subscribers", subs.size(), add);
    } catch (JindouException e) {
      return Future.failedFuture(e);
    }
    return channels.update(WritePlans.membership(cmd.channel(), next, reset, add, remove)).map(v -> () -> {
      st.storedInfo = next;
      st.storedSubscribers = subs;
      st.recompute();
    });
  }

  private Future<Runnable> listChange(ChannelCommand cmd, ChannelState st) {
    boolean black = cmd.op().name().startsWith("BLACK");
    boolean reset = cmd.op() == Op.BLACKLIST_SET || cmd.op() == Op.WHITELIST_SET;
    boolean removing = cmd.op() == Op.BLACKLIST_REMOVE || cmd.op() == Op.WHITELIST_REMOVE;
    List<String> add = removing ? List.of() : cmd.subscribers();
    List<String> remove = removing ? cmd.subscribers() : List.of();
    Set<String> next = reset ? new HashSet<>() : new HashSet<>(black ? st.storedBlacklist : st.storedWhitelist);
    next.addAll(add);
    remove.forEach(next::remove);
    try {
      withinLimit(cmd.channel(), (black ? "blacklisted" : "whitelisted") + " uids", next.size(), add);
    } catch (JindouException e) {
      return Future.failedFuture(e);
    }
    Set<String> snapshot = Set.copyOf(next);
    return lists.update(cmd.channel(), black ? ChannelListStore.Kind.BLACK : ChannelListStore.Kind.WHITE, reset, add,
        remove).map(v -> () -> {
          if (black) {
            st.storedBlacklist = snapshot;
          } else {
            st.storedWhitelist = snapshot;
          }
          st.recompute();
        });
  }

  private static ChannelInfo keepDisband(ChannelInfo current, ChannelInfo requested) {
    if (current != null && current.disband() && !requested.disband()) {
      return new ChannelInfo(requested.ban(), true, requested.sendBan(), requested.allowStranger(), requested.large());
    }
    return requested;
  }
}
