package io.jindou.webhook;

import io.jindou.model.Message;
import io.jindou.store.WebhookStore.Event;
import io.jindou.store.WebhookStore.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events of stored messages, as {@link WebhookOutbox} forms them in one round: the messages in {@code msg.notify}
 * events of at most about {@value WebhookOutbox#NOTIFY_PAYLOAD_MAX} payload bytes each (a bigger message goes alone),
 * all in the notify lane, then one {@code msg.offline} per message that has offline recipients, in its channel's
 * lane. It only shapes events; it never reads or writes the store.
 */
final class MessageWebhookEvents {
  private MessageWebhookEvents() {
  }

  /**
   * {@code offline}: each message's recipients for {@code msg.offline} (absent or empty: none). A {@code msg.notify}
   * event's body is its packed messages ({@link NotifyBody}, what the log keeps); its JSON goes into
   * {@code rendered} by event id, for the dispatcher's window. {@code stored}: messages' stored bytes at hand, by
   * identity (packed as they are).
   */
  static List<Event> of(List<Message> found, Map<Message, List<String>> offline, boolean notify,
      WebhookOutbox.Bodies bodies, Map<String, byte[]> rendered, Map<Message, byte[]> stored) {
    long now = System.currentTimeMillis();
    List<Event> out = new ArrayList<>();
    if (notify) {
      List<Message> part = new ArrayList<>();
      long bytes = 0;
      for (Message m : found) {
        if (!part.isEmpty() && bytes + m.payload().length > WebhookOutbox.NOTIFY_PAYLOAD_MAX) {
          out.add(notify(part, now, bodies, rendered, stored));
          part = new ArrayList<>();
          bytes = 0;
        }
        part.add(m);
        bytes += m.payload().length;
      }
      if (!part.isEmpty()) {
        out.add(notify(part, now, bodies, rendered, stored));
      }
    }
    for (Message m : found) {
      List<String> to = offline.get(m);
      if (to != null && !to.isEmpty()) {
        out.add(new Event(0, EventIds.next(), WebhookOutbox.OFFLINE,
            "offline:" + m.channel().source().routingKey(), now, bodies.offline(m, to), State.PENDING));
      }
    }
    return out;
  }

  private static Event notify(List<Message> part, long now, WebhookOutbox.Bodies bodies,
      Map<String, byte[]> rendered, Map<Message, byte[]> stored) {
    Event e = new Event(0, EventIds.next(), WebhookOutbox.NOTIFY, WebhookOutbox.NOTIFY_LANE, now,
        NotifyBody.pack(part, stored), State.PENDING);
    rendered.put(e.id(), bodies.notify(part));
    return e;
  }
}
