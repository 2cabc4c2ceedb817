package io.jindou.access.gateway;

import io.jindou.channel.MessageIds;
import io.jindou.channel.PersonChannels;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import io.jindou.proto.ProtocolException;
import io.jindou.proto.SendPacket;
import io.jindou.proto.WkCryptoSession;
import java.util.List;

/**
 * Turns a client's SEND into a command for the channel owner, always as the connection's authenticated uid:
 * checks the msgKey (reason 8), decrypts (reason 9), validates the channel (16, 23) and maps person channels
 * and {@code sync_once} the same way the HTTP edge does. Pure; it never sends anything.
 */
final class SendTranslator {
  private SendTranslator() {
  }

  static boolean wellFormed(String s) {
    return io.jindou.model.Text.wellFormed(s);
  }

  static SendCommand toCommand(SendPacket wire, WkCryptoSession crypto, String uid, int maxPayload, int nodeId,
      long connId) {
    SendPacket p;
    if (wire.setting().noEncrypt() || crypto == null) {
      p = wire;
    } else {
      if (!crypto.verifySendMsgKey(wire)) {
        throw new JindouException(JindouException.Kind.INVALID, Reason.MSG_KEY_ERROR, "msgKey mismatch");
      }
      try {
        p = wire.withPayload(crypto.decryptPayload(wire.payload()), wire.msgKey());
      } catch (ProtocolException e) {
        throw new JindouException(JindouException.Kind.INVALID, Reason.PAYLOAD_DECODE_ERROR, e.getMessage());
      }
    }
    int type = p.channelType();
    if (!ChannelType.isValid(type)) {
      throw new JindouException(JindouException.Kind.INVALID, Reason.NOT_SUPPORT_CHANNEL_TYPE, "channel type " + type);
    }
    String channelId = p.channelId();
    if (channelId.isEmpty() || channelId.length() > 257 || !wellFormed(channelId)) {
      throw new JindouException(JindouException.Kind.INVALID, Reason.CHANNEL_ID_ERROR, "channel id");
    }
    if (p.clientMsgNo().length() > 256 || !wellFormed(p.clientMsgNo()) || p.topic().length() > 256
        || !wellFormed(p.topic()) || p.streamNo().length() > 256 || !wellFormed(p.streamNo())) {
      throw new JindouException(JindouException.Kind.INVALID, Reason.PAYLOAD_DECODE_ERROR,
          "client_msg_no, topic or stream_no is too long or not valid Unicode");
    }
    if (p.payload().length > maxPayload) {
      throw new JindouException(JindouException.Kind.INVALID, Reason.PAYLOAD_DECODE_ERROR, "payload too large");
    }
    String stored = type == ChannelType.PERSON ? PersonChannels.normalize(uid, channelId) : channelId;
    ChannelKey key = new ChannelKey(stored, type);
    if (p.flags().syncOnce()) {
      key = key.commandLog();
    }
    String cmn = p.clientMsgNo().isEmpty() ? MessageIds.randomClientMsgNo() : p.clientMsgNo();
    Message draft = new Message(0, 0, cmn, p.streamNo(), uid, key.id(), key.type(), 0, p.expire(),
        p.flags().noPersist(), p.flags().redDot(), p.flags().syncOnce(), p.setting().bits(), p.topic(), null,
        p.payload());
    return new SendCommand(draft, false, List.of(), nodeId, connId, p.clientMsgNo().isEmpty());
  }
}
