package io.jindou.access.json;

import io.jindou.model.Message;
import io.jindou.usecase.ChannelQuery;
import io.jindou.usecase.LookupRequest;
import io.jindou.usecase.MessagePage;
import io.jindou.usecase.MessageSyncRequest;
import io.jindou.usecase.ReadMessages;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The JSON of the message reads (spec http-api §3.2, §1.6): {@code /channel/messagesync}, {@code /messages},
 * {@code /message} and {@code /channel/max_message_seq} bodies read into typed requests, and their answers
 * (MessageResp objects from {@link MessageJson}, seen by {@code login_uid}). Field types only; which channel and
 * what may be read is the use case's.
 */
public final class ReadJson {
  private ReadJson() {
  }

  /** The channel a reader names; {@code channel_type} in 1..12 when present. */
  public static ChannelQuery channel(Body b) {
    String login = b.str("login_uid", false);
    String id = b.str("channel_id", false);
    int type = b.has("channel_type") ? (int) b.integer("channel_type", 0, 1, 12) : -1;
    return new ChannelQuery(id, type, login);
  }

  public static MessageSyncRequest sync(Body b) {
    return sync(b, channel(b));
  }

  /**
   * {@code /channel/messagesyncbatch}: each of {@code items} read as a sync by the top-level {@code login_uid}
   * (an item's own {@code login_uid} is not read). {@code include_event_meta} (0/1) and
   * {@code event_summary_mode} ({@code full}/{@code basic}) are checked and accepted: Jindou's messages carry no
   * stream events, so there is nothing for them to add.
   */
  public static List<MessageSyncRequest> syncBatch(Body b) {
    String login = b.str("login_uid", false);
    if (b.size("items") > ReadMessages.BATCH_MAX) {
      throw io.jindou.model.JindouException.invalid("items must hold 1 to " + ReadMessages.BATCH_MAX
          + " channels, got " + b.size("items"));
    }
    List<Body> items = b.objects("items");
    List<MessageSyncRequest> out = new java.util.ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Body it = items.get(i);
      try {
        it.flag("include_event_meta");
        String mode = it.str("event_summary_mode", false);
        if (mode != null && !mode.isEmpty() && !mode.equals("full") && !mode.equals("basic")) {
          throw io.jindou.model.JindouException.invalid("event_summary_mode must be full or basic, got \"" + mode
              + "\"");
        }
        String id = it.str("channel_id", false);
        int type = it.has("channel_type") ? (int) it.integer("channel_type", 0, 1, 12) : -1;
        out.add(sync(it, new ChannelQuery(id, type, login)));
      } catch (io.jindou.model.JindouException e) {
        throw io.jindou.model.JindouException.invalid("items[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  /** The batch answer: {@code {"items":[{channel_id, channel_type, start/end, more, messages[, error]}]}}. */
  public static JsonObject batch(List<ReadMessages.BatchPage> pages, String viewer) {
    io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
    for (ReadMessages.BatchPage p : pages) {
      MessageSyncRequest r = p.request();
      JsonObject o = new JsonObject().put("channel_id", r.channel().channelId())
          .put("channel_type", r.channel().channelType());
      if (p.page() != null) {
        o.put("start_message_seq", p.page().start()).put("end_message_seq", p.page().end())
            .put("more", p.page().more() ? 1 : 0).put("messages",
                StreamJson.decorate(p.page(), MessageJson.list(p.page().messages(), viewer)));
      } else {
        o.put("start_message_seq", r.start()).put("end_message_seq", r.end()).put("more", 0)
            .put("messages", new io.vertx.core.json.JsonArray()).put("error", p.error());
      }
      items.add(o);
    }
    return new JsonObject().put("items", items);
  }

  private static MessageSyncRequest sync(Body b, ChannelQuery channel) {
    long start = b.integer("start_message_seq", 0, 0, Long.MAX_VALUE);
    long end = b.integer("end_message_seq", 0, 0, Long.MAX_VALUE);
    int limit = (int) b.integer("limit", 100, 0, ReadMessages.MAX_LIMIT);
    int pull = (int) b.integer("pull_mode", 0, 0, 1);
    return new MessageSyncRequest(channel, start, end, limit, pull);
  }

  /** {@code /messages}: by {@code message_seqs}, {@code message_ids} and {@code client_msg_nos}. */
  public static LookupRequest lookup(Body b) {
    ChannelQuery channel = channel(b);
    List<Long> seqs = b.integers("message_seqs", 0, Long.MAX_VALUE);
    List<Long> ids = b.integers("message_ids", Long.MIN_VALUE, Long.MAX_VALUE);
    List<String> clientMsgNos = b.strings("client_msg_nos");
    return new LookupRequest(channel, seqs, ids, clientMsgNos, null, null);
  }

  /** {@code /message}: by {@code message_id}, else by {@code client_msg_no}. */
  public static LookupRequest single(Body b) {
    ChannelQuery channel = channel(b);
    if (b.has("message_id")) {
      long id = b.integer("message_id", 0, Long.MIN_VALUE, Long.MAX_VALUE);
      return new LookupRequest(channel, List.of(), List.of(), List.of(), id, null);
    }
    return new LookupRequest(channel, List.of(), List.of(), List.of(), null, b.str("client_msg_no", false));
  }

  /** {@code {"start_message_seq","end_message_seq","more","messages"}}. */
  public static JsonObject page(MessagePage p, String viewer) {
    return new JsonObject().put("start_message_seq", p.start()).put("end_message_seq", p.end())
        .put("more", p.more() ? 1 : 0)
        .put("messages", StreamJson.decorate(p, MessageJson.list(p.messages(), viewer)));
  }

  /** The lookup answer: the page shape with zero bounds; {@code more} when it was cut at the byte budget. */
  public static JsonObject found(MessagePage p, String viewer) {
    return new JsonObject().put("start_message_seq", 0).put("end_message_seq", 0).put("more", p.more() ? 1 : 0)
        .put("messages", StreamJson.decorate(p, MessageJson.list(p.messages(), viewer)));
  }

  /** One message, or {@code {"status":404}} (a 200 answer, as WuKongIM gives it). */
  public static JsonObject one(Message m, String viewer) {
    return m == null ? new JsonObject().put("status", 404) : MessageJson.of(m, viewer);
  }

  public static JsonObject maxSeq(long seq) {
    return new JsonObject().put("message_seq", seq);
  }
}
