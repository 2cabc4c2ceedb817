package io.jindou.channel;

import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import java.util.function.Predicate;

/**
 * Who may send to a channel (spec http-api §2.11, V3 rules), decided from the channel's cached state on its
 * owner. Throws a {@link JindouException} of kind DENIED carrying the reason code and a plain-language
 * message. It never reads storage and never looks at the payload.
 */
final class SendPolicy {
  private final Predicate<String> isSystemUid;

  SendPolicy(Predicate<String> isSystemUid) {
    this.isSystemUid = isSystemUid;
  }

  void check(SendCommand cmd, ChannelState channel) {
    String from = cmd.draft().fromUid();
    int type = cmd.draft().channelType();
    String id = cmd.draft().channel().source().id();
    if (!cmd.subscribers().isEmpty()) {
      return; // request-scoped recipients: the caller named them explicitly
    }
    if (channel.exists() && channel.info.disband()) {
      throw JindouException.denied(Reason.DISBAND, "channel " + id + " (type " + type + ") is disbanded");
    }
    if (cmd.trustedDevice() || isSystemUid.test(from)) {
      return; // system senders bypass everything but disband
    }
    switch (type) {
      case ChannelType.PERSON, ChannelType.CUSTOMER_SERVICE, ChannelType.INFO, ChannelType.TEMP -> {
      }
      case ChannelType.AGENT -> {
        int at = id.indexOf('@');
        boolean party = at > 0 && (id.substring(0, at).equals(from) || id.substring(at + 1).equals(from));
        if (!party) {
          throw JindouException.denied(Reason.NOT_ALLOW_SEND,
              "uid " + from + " is not one of the two parties of agent channel " + id);
        }
      }
      case ChannelType.VISITORS -> {
        if (!from.equals(id)) {
          requireMember(from, id, type, channel);
        }
      }
      default -> requireMember(from, id, type, channel);
    }
  }

  private static void requireMember(String from, String id, int type, ChannelState channel) {
    if (!channel.exists()) {
      throw JindouException.denied(Reason.CHANNEL_NOT_EXIST, "channel " + id + " (type " + type + ") does not exist");
    }
    if (channel.info.ban()) {
      throw JindouException.denied(Reason.BAN, "channel " + id + " (type " + type + ") is banned");
    }
    if (!channel.subscribers.contains(from)) {
      throw JindouException.denied(Reason.SUBSCRIBER_NOT_EXIST,
          "uid " + from + " is not a subscriber of channel " + id + " (type " + type + ")");
    }
  }
}
