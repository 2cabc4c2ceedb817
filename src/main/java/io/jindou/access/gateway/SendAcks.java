package io.jindou.access.gateway;

import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.proto.Flags;
import io.jindou.proto.SendPacket;
import io.jindou.proto.SendackPacket;
import io.jindou.usecase.SendRequest;
import java.util.ArrayDeque;

/**
 * One open connection's SENDs on their way to the send use case and back: each SEND gets a slot in arrival order,
 * and a SENDACK is written only when every earlier SEND has its answer, so a client sees its SENDACKs in SEND order
 * even when owners answer out of order. It runs on the session's event loop, always sends as the session's
 * authenticated uid ({@link SendTranslator}), and never writes anything but SENDACKs.
 */
final class SendAcks {
  /** A SENDACK waiting for its turn. */
  private static final class Slot {
    final long clientSeq;
    final Object requestId;
    SendackPacket ack;

    Slot(long clientSeq, Object requestId) {
      this.clientSeq = clientSeq;
      this.requestId = requestId;
    }
  }

  private final Session s;
  private final ArrayDeque<Slot> slots = new ArrayDeque<>(1); // grows on demand: an idle session holds 2 slots, not 17

  SendAcks(Session s) {
    this.s = s;
  }

  /**
   * The one call from a client connection into the send path: the SEND is verified and decrypted into the request
   * every edge builds, the send use case checks and routes it, and the outcome becomes its SENDACK — the message id
   * and sequence, or the reason code of the refusal.
   */
  void send(SendPacket wire, Object requestId) {
    Slot slot = new Slot(wire.clientSeq(), requestId);
    slots.add(slot);
    SendRequest req;
    try {
      req = SendTranslator.toRequest(wire, s.codec().crypto(), s.gw.config().refuseNoEncryptSend(), s.uid,
          s.gw.config().nodeId(), s.id);
    } catch (JindouException e) {
      complete(slot, 0, 0, ClientReasons.sendack(e));
      return;
    }
    s.gw.sends().send(req).onComplete(ar -> {
      if (ar.succeeded()) {
        complete(slot, ar.result().messageId(), ar.result().messageSeq(), Reason.SUCCESS);
      } else {
        complete(slot, 0, 0, ClientReasons.sendack(ar.cause()));
      }
    });
  }

  /** Answers a SEND without sending it ({@code reason}, e.g. over the packet rate), in its turn. */
  void refuse(SendPacket wire, Object requestId, int reason) {
    Slot slot = new Slot(wire.clientSeq(), requestId);
    slots.add(slot);
    complete(slot, 0, 0, reason);
  }

  /** Fills {@code slot} and writes every SENDACK that is now at the head of the queue, in SEND order. */
  private void complete(Slot slot, long messageId, long messageSeq, int reason) {
    slot.ack = new SendackPacket(Flags.NONE, messageId, slot.clientSeq, messageSeq, reason, "");
    while (!slots.isEmpty() && slots.peek().ack != null && s.isOpen()) {
      Slot head = slots.poll();
      s.write(s.codec().sendack(head.ack, head.requestId));
    }
  }
}
