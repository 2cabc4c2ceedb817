package io.jindou.access.gateway;

import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.SendPacket;
import io.jindou.proto.WkCryptoSession;
import io.jindou.usecase.SendMessages;
import io.jindou.usecase.SendRequest;

/**
 * Turns a client's SEND into the same {@link SendRequest} the HTTP API builds, always as the connection's
 * authenticated uid: the protocol part only — the msgKey check (reason 8) and decryption (reason 9). Every check
 * of the content (channel type 23, channel id 16, client_msg_no/topic/stream_no length and payload size 9,
 * against the configured limits) is {@link SendMessages}'s, shared with HTTP. Pure; it never sends anything.
 */
final class SendTranslator {
  private SendTranslator() {
  }

  static boolean wellFormed(String s) {
    return io.jindou.model.Text.wellFormed(s);
  }

  static SendRequest toRequest(SendPacket wire, WkCryptoSession crypto, String uid, int nodeId, long connId) {
    SendPacket p;
    if (wire.setting().noEncrypt() || crypto == null) {
      p = wire;
    } else {
      if (!crypto.verifySendMsgKey(wire)) {
        throw JindouException.invalid(Reason.MSG_KEY_ERROR, "msgKey mismatch");
      }
      try {
        p = wire.withPayload(crypto.decryptPayload(wire.payload()), wire.msgKey());
      } catch (ProtocolException e) {
        throw JindouException.invalid(Reason.PAYLOAD_DECODE_ERROR, e.getMessage());
      }
    }
    return new SendRequest(uid, p.channelId(), p.channelType(), null, p.clientMsgNo(), p.streamNo(), p.topic(), null,
        p.expire(), p.setting().bits(), p.flags().noPersist(), p.flags().redDot(), p.flags().syncOnce(), p.payload(),
        SendRequest.Origin.client(nodeId, connId));
  }
}
