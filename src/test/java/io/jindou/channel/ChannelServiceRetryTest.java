package io.jindou.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jindou.cluster.Addresses;
import io.jindou.cluster.ChannelRing;
import io.jindou.cluster.LocalMembership;
import io.jindou.model.Message;
import io.jindou.model.RecordCodec;
import io.jindou.model.SendCommand;
import io.jindou.model.SendResult;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The resend of a send whose owner did not answer: the first attempt may have been stored, so the command
 * must reach the owner again marked as not new, or the owner would skip de-duplication and store it twice.
 */
class ChannelServiceRetryTest {
  @Test
  void aResentCommandNoLongerClaimsANewClientMsgNo() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      vertx.eventBus().registerDefaultCodec(SendCommand.class, new RecordCodec<>(SendCommand.class));
      vertx.eventBus().registerDefaultCodec(SendResult.class, new RecordCodec<>(SendResult.class));
      LocalMembership membership = new LocalMembership(1, 1, 16);
      membership.announceReady();
      List<SendCommand> seen = new CopyOnWriteArrayList<>();
      String address = Addresses.owner(1, ChannelRing.shardOf("2:g1", 1));
      vertx.eventBus().<SendCommand>consumer(address, m -> {
        seen.add(m.body());
        if (seen.size() > 1) { // the first attempt is "lost": no answer, so the sender times out and resends
          m.reply(new SendResult(7, 1, m.body().draft().clientMsgNo(), !m.body().newClientMsgNo()));
        }
      }).completion().await(10, TimeUnit.SECONDS);
      ChannelService channels = new ChannelService(vertx, membership, 200, 2);
      Message draft = new Message(0, 0, MessageIds.randomClientMsgNo(), null, "u1", "g1", 2, 0, 0, false, false,
          false, 0, null, null, new byte[] {1});
      SendCommand cmd = new SendCommand(draft, false, List.of(), true);
      SendResult r = channels.send(cmd).await(10, TimeUnit.SECONDS);
      assertEquals(2, seen.size());
      assertTrue(seen.get(0).newClientMsgNo(), "the first attempt carries a key nobody has used");
      assertFalse(seen.get(1).newClientMsgNo(), "the resend must be de-duplicated by the owner");
      assertEquals(seen.get(0).draft().clientMsgNo(), seen.get(1).draft().clientMsgNo());
      assertTrue(r.duplicate());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
