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
    ChannelQuery channel = channel(b);
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
        .put("more", p.more() ? 1 : 0).put("messages", MessageJson.list(p.messages(), viewer));
  }

  /** The lookup answer: the page shape with zero bounds; {@code more} when it was cut at the byte budget. */
  public static JsonObject found(MessagePage p, String viewer) {
    return new JsonObject().put("start_message_seq", 0).put("end_message_seq", 0).put("more", p.more() ? 1 : 0)
        .put("messages", MessageJson.list(p.messages(), viewer));
  }

  /** One message, or {@code {"status":404}} (a 200 answer, as WuKongIM gives it). */
  public static JsonObject one(Message m, String viewer) {
    return m == null ? new JsonObject().put("status", 404) : MessageJson.of(m, viewer);
  }

  public static JsonObject maxSeq(long seq) {
    return new JsonObject().put("message_seq", seq);
  }
}
