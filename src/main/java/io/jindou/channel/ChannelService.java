package io.jindou.channel;

import io.jindou.cluster.Addresses;
import io.jindou.cluster.ChannelRing;
import io.jindou.cluster.Membership;
import io.jindou.model.CachedChannels;
import io.jindou.model.CachedChannelsQuery;
import io.jindou.model.ChannelCommand;
import io.jindou.model.ChannelMembers;
import io.jindou.model.ChannelMembersQuery;
import io.jindou.model.ChannelReload;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelInfoQuery;
import io.jindou.model.ChannelKey;
import io.jindou.model.EventCommand;
import io.jindou.model.EventResult;
import io.jindou.model.Failures;
import io.jindou.model.JindouException;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The way into the channel owners for the use cases: picks the owner of a channel on the current ring,
 * sends the command over the event bus with a short timeout, and retries on a fresh ring when the owner is
 * gone or silent (safe: sends always carry a client_msg_no, so the owner de-duplicates). Owner refusals come
 * back as {@link JindouException}s (unpacked by {@link Failures}). It holds no channel state, never talks to
 * storage and never checks a request (that, and the per-uid send rate, is the use case's).
 */
public final class ChannelService {
  private final Vertx vertx;
  private final Membership membership;
  private final long sendTimeoutMs;
  private final int retries;

  public ChannelService(Vertx vertx, Membership membership, long sendTimeoutMs, int retries) {
    this.vertx = vertx;
    this.membership = membership;
    this.sendTimeoutMs = sendTimeoutMs;
    this.retries = retries;
  }

  /** Sends a validated command through the channel's owner (rate limits are the caller's). */
  public Future<SendResult> send(SendCommand cmd) {
    return request(cmd.draft().channel().source().routingKey(), cmd, 0);
  }

  /**
   * Appends a validated stream event through the channel's owner; retried on a fresh ring like a send (safe: the
   * owner de-duplicates on the event_id).
   */
  public Future<EventResult> event(EventCommand cmd) {
    return request(cmd.channel().source().routingKey(), cmd, 0);
  }

  public Future<Void> mutate(ChannelCommand cmd) {
    return this.<Object>request(cmd.channel().routingKey(), cmd, 0).mapEmpty();
  }

  /**
   * A change of a stored message through its channel's owner (retried on a fresh ring like a send: a change already
   * in effect is no change, so a retry is harmless).
   */
  public Future<io.jindou.model.MessageChange.Result> change(io.jindou.model.MessageChange c) {
    return request(c.channel().routingKey(), c, 0);
  }

  /** The channel's flags (null = never created) and lists, from its owner. */
  public Future<ChannelFacts> facts(ChannelKey channel) {
    return request(channel.routingKey(), new ChannelInfoQuery(channel), 0);
  }

  /** Whom a message to the channel goes to now, from its owner (never-created channels: no one). */
  public Future<ChannelMembers> members(ChannelKey channel) {
    return request(channel.routingKey(), new ChannelMembersQuery(channel), 0);
  }

  /** Makes the channel's owner forget its cached state, so the next use loads it again. */
  public Future<Void> reload(ChannelKey channel) {
    return this.<Object>request(channel.routingKey(), new ChannelReload(channel), 0).mapEmpty();
  }

  /**
   * The channels this node's owner shards hold in memory with their recipients, most recently used first in
   * each shard, at most {@code limit} in all (this node only: other nodes hold their own).
   */
  public Future<List<ChannelMembers>> cachedChannels(int limit) {
    int shards = membership.shards();
    List<Future<CachedChannels>> parts = new ArrayList<>(shards);
    DeliveryOptions opts = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
    for (int shard = 0; shard < shards; shard++) {
      parts.add(vertx.eventBus().<CachedChannels>request(Addresses.owner(membership.localNodeId(), shard),
          new CachedChannelsQuery(limit), opts).map(io.vertx.core.eventbus.Message::body));
    }
    return Future.all(parts).map(done -> {
      List<ChannelMembers> out = new ArrayList<>();
      for (int i = 0; out.size() < limit; i++) {
        boolean any = false;
        for (Future<CachedChannels> p : parts) {
          List<ChannelMembers> cs = p.result().channels();
          if (i < cs.size() && out.size() < limit) {
            out.add(cs.get(i)); // interleave the shards: each one's most recent first
            any = true;
          }
        }
        if (!any) {
          break;
        }
      }
      return out;
    });
  }

  /** Whether this node owns the channel on the current ring (false while there is no ring). */
  public boolean ownedHere(ChannelKey channel) {
    try {
      return membership.ring().ownerOf(channel.routingKey()) == membership.localNodeId();
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private <T> Future<T> request(String routingKey, Object body, int attempt) {
    String address;
    try {
      ChannelRing ring = membership.ring();
      address = Addresses.owner(ring.ownerOf(routingKey), ChannelRing.shardOf(routingKey, membership.shards()));
    } catch (IllegalStateException e) {
      return retryOrFail(routingKey, body, attempt, e.getMessage());
    }
    DeliveryOptions opts = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
    return vertx.eventBus().<T>request(address, body, opts)
        .map(io.vertx.core.eventbus.Message::body)
        .recover(err -> {
          JindouException refused = Failures.remote(err);
          return refused != null ? Future.failedFuture(refused)
              : retryOrFail(routingKey, body, attempt, err.getMessage());
        });
  }

  private <T> Future<T> retryOrFail(String routingKey, Object body, int attempt, String why) {
    if (attempt >= retries) {
      return Future.failedFuture(JindouException.unavailable("channel owner unavailable after " + (attempt + 1)
          + " attempts (" + why + "); retrying with the same client_msg_no is safe"));
    }
    long backoff = Math.min(1000, 100L << attempt);
    Object again = body instanceof SendCommand cmd ? cmd.resent() : body; // the lost attempt may have been stored
    return vertx.timer(backoff).compose(v -> request(routingKey, again, attempt + 1));
  }
}
