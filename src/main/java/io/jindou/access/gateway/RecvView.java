package io.jindou.access.gateway;

import io.jindou.model.SystemIds;
import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.proto.Flags;
import io.jindou.proto.ProtocolVersion;
import io.jindou.proto.RecvPacket;
import io.jindou.proto.Setting;

/**
 * How a committed message appears to one device as a plaintext RECV (spec wkproto §2.6, http-api §2.3): a
 * person channel shown as the peer, the system sender as "", no red dot on the sender's own devices, stream
 * bits cleared, the topic bit matching the topic, and the sequence cut to 32 bits before protocol v6. Pure
 * presentation: it never encrypts and never writes. A message's views for the devices of one delivery are built
 * once each ({@link Memo}): in a group every member sees one of at most four.
 */
final class RecvView {
  private RecvView() {
  }

  static RecvPacket of(Message m, String viewerUid, boolean ownDevice, int version) {
    ChannelKey src = m.channel().source();
    String channelId = src.type() == ChannelType.PERSON ? PersonChannels.peerOf(src.id(), viewerUid) : src.id();
    String from = SystemIds.SYSTEM_UID.equals(m.fromUid()) ? "" : m.fromUid();
    Flags flags = new Flags(false, m.syncOnce(), m.redDot() && !ownDevice, m.noPersist());
    String topic = m.topic() == null ? "" : m.topic();
    int bits = m.setting() & ~(Setting.STREAM | Setting.LEGACY_STREAM);
    bits = topic.isEmpty() ? bits & ~Setting.TOPIC : bits | Setting.TOPIC;
    long seq = ProtocolVersion.hasU64MessageSeq(version) ? m.messageSeq() : m.messageSeq() & 0xFFFFFFFFL;
    return new RecvPacket(flags, Setting.of(bits), "", from, channelId, src.type(), m.expire(), m.clientMsgNo(), 0,
        "", 0, m.messageId(), seq, (int) m.timestamp(), topic, m.payload());
  }

  /**
   * The views of one message for the sessions of one delivery batch, on one event loop: outside person channels a
   * view depends only on whether the device is the sender's and whether its version carries a 64-bit sequence, so
   * each of those four is built once; a person channel's view also names the peer, and is built per device.
   */
  static final class Memo {
    private final Message m;
    private final boolean perViewer;
    private final RecvPacket[] views = new RecvPacket[4];

    Memo(Message m) {
      this.m = m;
      this.perViewer = m.channel().source().type() == ChannelType.PERSON;
    }

    RecvPacket of(String viewerUid, boolean ownDevice, int version) {
      if (perViewer) {
        return RecvView.of(m, viewerUid, ownDevice, version);
      }
      int k = (ownDevice ? 2 : 0) | (ProtocolVersion.hasU64MessageSeq(version) ? 1 : 0);
      RecvPacket p = views[k];
      if (p == null) {
        p = RecvView.of(m, viewerUid, ownDevice, version);
        views[k] = p;
      }
      return p;
    }
  }
}
