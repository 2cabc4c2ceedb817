package io.jindou.channel;

import io.jindou.cluster.LocalMembership;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelInfoQuery;
import io.jindou.model.ChannelKey;
import io.jindou.model.Message;
import io.jindou.model.RecordCodec;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Owner shards deployed on a plain Vert.x for the tests of one owner's behaviour: the codecs of the records they
 * exchange, the shards, the ring that makes them ready, the channel service in front of them, and unpersisted sends
 * (no message store needed). It starts nothing else of a node.
 */
final class OwnerTesting {
  private OwnerTesting() {
  }

  /** Deploys {@code shards} owners with {@code deps} and returns the service that routes to them. */
  static ChannelService start(Vertx vertx, LocalMembership membership, PolicyFacts facts,
      ChannelOwnerVerticle.Deps deps, int shards, long sendTimeoutMs) throws Exception {
    for (Class<?> type : List.of(SendCommand.class, SendResult.class, ChannelInfoQuery.class, ChannelFacts.class)) {
      register(vertx, type);
    }
    for (int shard = 0; shard < shards; shard++) {
      vertx.deployVerticle(new ChannelOwnerVerticle(1, shard, deps)).await(10, TimeUnit.SECONDS);
    }
    membership.announceReady();
    ChannelService service = new ChannelService(vertx, membership, sendTimeoutMs, 0);
    facts.channels(service);
    return service;
  }

  private static <T> void register(Vertx vertx, Class<T> type) {
    vertx.eventBus().registerDefaultCodec(type, new RecordCodec<>(type));
  }

  /** A send of one byte ({@code n}) from {@code from} to {@code ch} that is not stored (no_persist). */
  static SendCommand unpersisted(String from, ChannelKey ch, int n) {
    Message draft = new Message(0, 0, "cmn" + n, null, from, ch.id(), ch.type(), 0, 0, true, false, false, 0, null,
        null, new byte[] {(byte) n});
    return new SendCommand(draft, false, List.of(), false);
  }
}
