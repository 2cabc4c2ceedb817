package io.jindou.channel;

import io.jindou.model.PersonChannels;
import io.jindou.model.ChannelFacts;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Reason;
import io.jindou.model.SendCommand;
import java.util.function.Predicate;

/**
 * Who may send to a channel (spec http-api §2.11, V3 rules), decided on the channel's owner from its cached
 * state plus the person-channel facts of the sender ({@code send_ban}) and, for person channels, of the
 * receiver (black/white lists, {@code allow_stranger}). Throws a DENIED {@link JindouException} carrying the
 * reason code and a plain-language message. It never reads storage and never looks at the payload.
 *
 * <p>Order: request-scoped recipients pass; system senders (system uid or the {@code ____device} device) are
 * only refused by disband; then the sender's {@code send_ban} (25); then per type — person: receiver is a
 * system uid passes, receiver's blacklist (4), and with the person whitelist on, the receiver's whitelist
 * unless {@code allow_stranger} (13); group-like: missing (5), ban (19), disband (24), blacklist (4), not a
 * subscriber (3), whitelist (13); info/customer-service/temp: disband only; agent: only its two parties (11);
 * visitors: the visitor, else group rules.
 */
final class SendPolicy {
  private final Predicate<String> isSystemUid;
  private final boolean personWhitelist;

  SendPolicy(Predicate<String> isSystemUid, boolean personWhitelist) {
    this.isSystemUid = isSystemUid;
    this.personWhitelist = personWhitelist;
  }

  /** Whether the sender is exempt from everything but disband (so its facts need not be loaded). */
  boolean isSystemSender(SendCommand cmd) {
    return cmd.trustedDevice() || isSystemUid.test(cmd.draft().fromUid());
  }

  void check(SendCommand cmd, ChannelState channel, ChannelFacts sender, ChannelFacts receiver) {
    String from = cmd.draft().fromUid();
    int type = cmd.draft().channelType();
    String id = cmd.draft().channel().source().id();
    String what = "channel " + (type == ChannelType.PERSON ? "with " + peer(id, from) : id) + " (type " + type + ")";
    if (!cmd.subscribers().isEmpty()) {
      return; // request-scoped recipients: the caller named them explicitly
    }
    boolean disbanded = channel.exists() && channel.info.disband();
    if (isSystemSender(cmd)) {
      if (disbanded) {
        throw JindouException.denied(Reason.DISBAND, what + " is disbanded");
      }
      return;
    }
    if (sender != null && sender.exists() && sender.info().sendBan()) {
      throw JindouException.denied(Reason.SEND_BAN, "uid " + from + " is banned from sending (send_ban)");
    }
    switch (type) {
      case ChannelType.PERSON -> person(from, peer(id, from), disbanded, what, receiver);
      case ChannelType.CUSTOMER_SERVICE, ChannelType.INFO, ChannelType.TEMP -> {
        if (disbanded) {
          throw JindouException.denied(Reason.DISBAND, what + " is disbanded");
        }
      }
      case ChannelType.AGENT -> {
        if (disbanded) {
          throw JindouException.denied(Reason.DISBAND, what + " is disbanded");
        }
        if (!PersonChannels.isParty(id, from)) {
          throw JindouException.denied(Reason.NOT_ALLOW_SEND, "uid " + from + " is not one of the two parties of agent "
              + what);
        }
      }
      case ChannelType.VISITORS -> {
        if (!from.equals(id)) {
          group(from, what, channel);
        } else if (disbanded) {
          throw JindouException.denied(Reason.DISBAND, what + " is disbanded");
        }
      }
      default -> group(from, what, channel);
    }
  }

  private void person(String from, String to, boolean disbanded, String what, ChannelFacts receiver) {
    if (disbanded) {
      throw JindouException.denied(Reason.DISBAND, what + " is disbanded");
    }
    if (isSystemUid.test(to) || receiver == null) {
      return;
    }
    if (receiver.blacklist().contains(from)) {
      throw JindouException.denied(Reason.IN_BLACKLIST, "uid " + to + " has blacklisted " + from);
    }
    if (personWhitelist && !receiver.whitelist().contains(from)
        && !(receiver.exists() && receiver.info().allowStranger())) {
      throw JindouException.denied(Reason.NOT_IN_WHITELIST, "uid " + from + " is not on the whitelist of " + to
          + " (and " + to + " does not allow strangers)");
    }
  }

  private static void group(String from, String what, ChannelState channel) {
    if (!channel.exists()) {
      throw JindouException.denied(Reason.CHANNEL_NOT_EXIST, what + " does not exist");
    }
    if (channel.info.ban()) {
      throw JindouException.denied(Reason.BAN, what + " is banned");
    }
    if (channel.info.disband()) {
      throw JindouException.denied(Reason.DISBAND, what + " is disbanded");
    }
    if (channel.blacklist.contains(from)) {
      throw JindouException.denied(Reason.IN_BLACKLIST, "uid " + from + " is on the blacklist of " + what);
    }
    if (!channel.subscribers.contains(from)) {
      throw JindouException.denied(Reason.SUBSCRIBER_NOT_EXIST, "uid " + from + " is not a subscriber of " + what);
    }
    if (!channel.whitelist.isEmpty() && !channel.whitelist.contains(from)) {
      throw JindouException.denied(Reason.NOT_IN_WHITELIST, "uid " + from + " is not on the whitelist of " + what);
    }
  }

  /** The other party of a canonical person id as seen by {@code self}. */
  static String peer(String canonicalId, String self) {
    return PersonChannels.peerOf(canonicalId, self);
  }
}
