package io.jindou.webhook;

import io.jindou.cluster.Presence;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.Message;
import io.jindou.model.PersonChannels;
import io.jindou.store.ChannelStore;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a message's {@code msg.offline} names: its recipients (the list its owner fanned it out to, or else the
 * stored members: the two people of a person channel, a channel's subscribers, a visitors channel's visitor) without
 * a master device online, the sender left out, and nobody for agent channels (spec http-api §1.10). It reads
 * members and presence; it never forms an event and never writes.
 */
final class OfflineRecipients {
  private final ChannelStore channels;
  private final Presence presence;

  OfflineRecipients(ChannelStore channels, Presence presence) {
    this.channels = channels;
    this.presence = presence;
  }

  /**
   * For each message with offline recipients, who they are; {@code hinted} holds the recipients the owner handed
   * over (the others are read per channel, once). A channel whose members cannot be read now gets no entry.
   */
  Future<Map<Message, List<String>>> of(List<Message> found, Map<Message, Collection<String>> hinted) {
    Map<Message, List<String>> out = new HashMap<>();
    if (found.isEmpty()) {
      return Future.succeededFuture(out);
    }
    Map<ChannelKey, Future<Collection<String>>> stored = new LinkedHashMap<>();
    for (Message m : found) {
      ChannelKey src = m.channel().source();
      if (!hinted.containsKey(m) && src.type() != ChannelType.AGENT) {
        stored.computeIfAbsent(src, this::members);
      }
    }
    return Future.join(new ArrayList<>(stored.values())).transform(ignored -> {
      for (Message m : found) {
        Collection<String> r = hinted.get(m);
        if (r == null) {
          Future<Collection<String>> s = stored.get(m.channel().source());
          if (s == null || s.failed()) {
            continue; // an agent channel, or a channel whose members cannot be read now: no msg.offline
          }
          r = s.result();
        }
        List<String> to = of(m, r);
        if (!to.isEmpty()) {
          out.put(m, to);
        }
      }
      return Future.succeededFuture(out);
    });
  }

  /** The recipients of {@code m} without a master device online, the sender left out. */
  List<String> of(Message m, Collection<String> recipients) {
    if (m.channel().source().type() == ChannelType.AGENT) {
      return List.of();
    }
    Set<String> to = new LinkedHashSet<>(recipients);
    to.remove(m.fromUid());
    if (!to.isEmpty()) {
      to.removeAll(presence.withMaster(to));
    }
    return List.copyOf(to);
  }

  /** The stored members of a channel: the two people of a person channel, else its subscribers. */
  private Future<Collection<String>> members(ChannelKey src) {
    if (src.type() == ChannelType.PERSON) {
      return Future.succeededFuture(PersonChannels.parties(src.id()));
    }
    return channels.load(src).map(c -> {
      Set<String> all = new LinkedHashSet<>(c.subscribers());
      if (src.type() == ChannelType.VISITORS) {
        all.add(src.id());
      }
      return all;
    });
  }
}
