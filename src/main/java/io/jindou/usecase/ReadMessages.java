package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.channel.MessageQueries;
import io.jindou.channel.StreamQueries;
import io.jindou.model.PersonChannels;
import io.jindou.conversation.ConversationService;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading messages (spec http-api §3.2, §1.6): {@code /channel/messagesync} (only what the reader may see: nothing
 * before it joined or up to where it deleted the conversation; never command messages), the channel's last
 * sequence, and the lookups by sequence, id and client_msg_no. A sync answer stays within about
 * {@code response_max_bytes} ({@link AnswerBudget}): cut short, it says {@code more}. It resolves the channel a
 * reader names (person channels by the reader's uid) and reads the store directly; it never writes.
 */
public final class ReadMessages {
  /** The most messages one sync returns. */
  public static final int MAX_LIMIT = MessageQueries.MAX_LIMIT;
  private final MessageQueries queries;
  private final ConversationService conversations;
  private final Limits limits;
  private final ChannelService owners;
  private StreamQueries streams;

  public ReadMessages(MessageQueries queries, ConversationService conversations, Limits limits) {
    this(queries, conversations, limits, null);
  }

  /**
   * {@code owners}: when a datasource names members, a reader without a conversation row may still be a member
   * (the datasource's members get no rows); the channel's owner is then asked. Null: no datasource, no row means
   * not a member.
   */
  public ReadMessages(MessageQueries queries, ConversationService conversations, Limits limits,
      ChannelService owners) {
    this.queries = queries;
    this.conversations = conversations;
    this.limits = limits;
    this.owners = owners;
  }

  /** Shows stream anchors with their summaries in sync pages and lookups (none without it). */
  public ReadMessages streams(StreamQueries queries) {
    this.streams = queries;
    return this;
  }

  /** {@code page} with the summaries of its stream anchors. */
  private Future<MessagePage> withStreams(ChannelKey ch, MessagePage page) {
    if (streams == null || page.messages().stream().noneMatch(io.jindou.model.Message::streamAnchor)) {
      return Future.succeededFuture(page);
    }
    return streams.of(ch, page.messages()).map(page::with);
  }

  /**
   * {@code page} cut so that its messages and their stream summaries (a merged text may be up to
   * {@code stream_text_max_bytes}, shown about three times: stream_data in Base64 and the lane snapshot) stay within
   * about {@code budget}: the oldest kept when paging up, the newest when paging down; a cut page says {@code more}.
   * At least one message is kept.
   */
  static MessagePage fit(MessagePage page, int pullMode, long budget) {
    if (page.streams().isEmpty()) {
      return page;
    }
    List<io.jindou.model.Message> ms = page.messages();
    int n = ms.size();
    long bytes = 0;
    for (int k = 0; k < n; k++) {
      int i = pullMode == 1 ? k : n - 1 - k;
      io.jindou.model.Message m = ms.get(i);
      io.jindou.model.StreamSummary s = m.streamAnchor() ? page.streams().get(m.clientMsgNo()) : null;
      bytes += AnswerBudget.answerBytes(m) + (s == null ? 0 : weight(s));
      if (bytes > budget && k > 0) {
        List<io.jindou.model.Message> kept = pullMode == 1 ? ms.subList(0, k) : ms.subList(n - k, n);
        return new MessagePage(page.start(), page.end(), true, kept, page.streams());
      }
    }
    return page;
  }

  static long weight(io.jindou.model.StreamSummary s) {
    long w = 512;
    for (io.jindou.model.StreamLane l : s.lanes()) {
      w += 128 + 3L * (l.text().length() + (l.snapshot() == null ? 0 : l.snapshot().length()));
    }
    for (String c : s.chunks()) {
      w += 64 + c.length();
    }
    return w;
  }

  public Future<MessagePage> sync(MessageSyncRequest r) {
    return sync(r, limits.responseMaxBytes());
  }

  /** {@link #sync(MessageSyncRequest)} whose answer stays within about {@code answerBytes}. */
  private Future<MessagePage> sync(MessageSyncRequest r, int answerBytes) {
    String login = Ids.required("login_uid", r.channel().loginUid(), limits.idMaxLength(), true, Reason.UNKNOWN);
    ChannelKey ch = key(r.channel(), true);
    if (ch.isCommandLog()) {
      throw JindouException.invalid("command messages are not in messagesync; fetch them with /message/sync");
    }
    int asked = r.limit() == 0 ? 100 : r.limit();
    int limit = Math.min(asked, AnswerBudget.messagesFitting(answerBytes));
    long storeBytes = AnswerBudget.storeBytes(answerBytes, limit);
    return floor(login, ch)
        .compose(floor -> queries.sync(ch, r.start(), r.end(), limit, r.pullMode(), floor, storeBytes))
        .map(p -> new MessagePage(r.start(), r.end(), p.more(), visible(p.messages(), login)))
        .compose(p -> withStreams(ch, p)).map(p -> fit(p, r.pullMode(), answerBytes));
  }

  /**
   * The messages without those {@code login} deleted for itself ("delete for me") and those whose {@code expire}
   * (seconds after sending) has passed.
   */
  private static List<Message> visible(List<Message> ms, String login) {
    long now = System.currentTimeMillis() / 1000;
    for (Message m : ms) {
      if (m.extra().hiddenFor(login) || expired(m, now)) {
        return ms.stream().filter(x -> !x.extra().hiddenFor(login) && !expired(x, now)).toList();
      }
    }
    return ms;
  }

  /** Whether the message's {@code expire} (seconds after its timestamp; 0 = never) has passed at {@code now}. */
  static boolean expired(Message m, long nowSeconds) {
    return m.expire() > 0 && m.timestamp() + m.expire() <= nowSeconds;
  }

  /** What a reader may see of the changes: nothing before its floor, nothing expired. */
  private static List<Message> visibleChanges(List<Message> ms, long floor) {
    long now = System.currentTimeMillis() / 1000;
    return ms.stream().filter(m -> m.messageSeq() > floor && !expired(m, now)).toList();
  }

  /**
   * {@code /message/extra/sync}: the messages of the channel changed after {@code extraVersion} (exclusive) that
   * the reader may see, ascending by their latest change ({@code extra_version}), at most {@code limit} (default
   * 100, at most {@value #MAX_LIMIT}) within about {@code response_max_bytes}; {@code more} when there may be more.
   * Messages the reader deleted for itself are included (so its devices drop them) and shown as deleted to it.
   * The page's {@code end} is the cursor to ask from next: the highest extra_version read (messages the reader
   * may not see, from before it joined, are read and left out), or {@code extraVersion} when nothing changed.
   */
  public Future<MessagePage> extraSync(ChannelQuery channel, long extraVersion, int limit) {
    String login = Ids.required("login_uid", channel.loginUid(), limits.idMaxLength(), true, Reason.UNKNOWN);
    ChannelKey ch = key(channel, true);
    if (ch.isCommandLog()) {
      throw JindouException.invalid("command messages never change");
    }
    if (extraVersion < 0) {
      throw JindouException.invalid("extra_version must not be negative, got " + extraVersion);
    }
    if (limit < 0 || limit > MAX_LIMIT) {
      throw JindouException.invalid("limit must be between 0 and " + MAX_LIMIT + ", got " + limit);
    }
    int asked = limit == 0 ? 100 : limit;
    int n = Math.min(asked, AnswerBudget.messagesFitting(limits.responseMaxBytes()));
    long storeBytes = AnswerBudget.storeBytes(limits.responseMaxBytes(), n);
    return floor(login, ch).compose(floor -> queries.changedSince(ch, extraVersion, n, storeBytes)
        .map(p -> new MessagePage(extraVersion, p.messages().isEmpty() ? extraVersion
            : p.messages().get(p.messages().size() - 1).extra().version(), p.more(),
            visibleChanges(p.messages(), floor))));
  }

  /**
   * {@code /channel/messagesyncbatch} (spec http-api §1.6, V3): one sync per item, all as {@code loginUid}, 1 to
   * {@value #BATCH_MAX} items. A request the reader may not make for any item (bad channel, not a member) refuses
   * the whole batch, naming the item; an item that fails for another reason (storage) carries its error and the
   * others are still answered. The items share {@code response_max_bytes}, each an equal part (an item cut by it
   * says {@code more}, as a single sync does).
   */
  public Future<List<BatchPage>> syncBatch(String loginUid, List<MessageSyncRequest> items) {
    Ids.required("login_uid", loginUid, limits.idMaxLength(), true, Reason.UNKNOWN);
    if (items == null || items.isEmpty() || items.size() > BATCH_MAX) {
      throw JindouException.invalid("items must hold 1 to " + BATCH_MAX + " channels, got "
          + (items == null ? 0 : items.size()));
    }
    List<Future<MessagePage>> pages = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      try {
        pages.add(sync(items.get(i), Math.max(1, limits.responseMaxBytes() / items.size())));
      } catch (JindouException e) {
        throw JindouException.invalid("items[" + i + "]: " + e.getMessage());
      }
    }
    return Future.join(pages).transform(ignored -> {
      List<BatchPage> out = new ArrayList<>(pages.size());
      for (int i = 0; i < pages.size(); i++) {
        Future<MessagePage> p = pages.get(i);
        if (p.failed() && p.cause() instanceof JindouException e && e.kind() == JindouException.Kind.INVALID) {
          return Future.failedFuture(JindouException.invalid("items[" + i + "]: " + e.getMessage()));
        }
        out.add(p.succeeded() ? new BatchPage(items.get(i), p.result(), null)
            : new BatchPage(items.get(i), null, p.cause().getMessage()));
      }
      return Future.succeededFuture(out);
    });
  }

  /** The most items one {@code /channel/messagesyncbatch} takes (spec http-api §1.6). */
  public static final int BATCH_MAX = 200;

  /** One item of a batch: its request, and its page or (when only this item failed) an error. */
  public record BatchPage(MessageSyncRequest request, MessagePage page, String error) {
  }

  /**
   * {@code GET /message/byclientmsgno} (V2): the first message of the channel with this client_msg_no, or null. A
   * person channel is named by its {@code a@b} id (or by the peer's uid with {@code login_uid}).
   */
  public Future<Message> byClientMsgNo(ChannelQuery channel, String clientMsgNo) {
    ChannelKey ch = key(channel, true);
    String c = Ids.required("client_msg_no", clientMsgNo, limits.idMaxLength(), false, Reason.UNKNOWN);
    return queries.byClientMsgNo(ch, c).map(ms -> ms.isEmpty() ? null : ms.get(0));
  }

  /** {@code GET /channel/last_message} (V2): the channel's last message, or null when it has none. */
  public Future<Message> lastMessage(ChannelQuery channel) {
    return queries.last(key(channel, true));
  }

  /** The reader's visibility floor; a reader the datasource names as a member, without a row, sees everything. */
  Future<Long> floor(String login, ChannelKey ch) {
    Future<Long> f = conversations.visibilityFloor(login, ch);
    if (owners == null) {
      return f;
    }
    return f.recover(e -> e instanceof JindouException je && je.kind() == JindouException.Kind.INVALID
        ? owners.members(ch).compose(m -> m.uids().contains(login) ? Future.succeededFuture(0L)
            : Future.failedFuture(e))
        : Future.failedFuture(e));
  }

  /**
   * {@code /message/receipt/list}: the message (by id, else by seq) with its read counts and first readers, for a
   * reader who may see it; null when there is none.
   */
  public Future<Message> receipts(ChannelQuery channel, long messageId, long messageSeq) {
    String login = Ids.required("login_uid", channel.loginUid(), limits.idMaxLength(), true, Reason.UNKNOWN);
    ChannelKey ch = key(channel, true);
    if (messageId <= 0 && messageSeq <= 0) {
      throw JindouException.invalid("message_id or message_seq (a positive integer) is required");
    }
    return floor(login, ch).compose(floor -> (messageId > 0 ? queries.byIds(ch, List.of(messageId))
        : queries.bySeqs(ch, List.of(messageSeq))).map(ms -> ms.isEmpty() || ms.get(0).messageSeq() <= floor ? null
            : ms.get(0)));
  }

  /** The channel's last message sequence (0 when it has none); the type defaults to a group. */
  public Future<Long> maxSeq(ChannelQuery channel) {
    return queries.lastSeq(key(channel, false));
  }

  /**
   * The messages found by sequence, then by id, then by each client_msg_no, in that order, within about
   * {@code response_max_bytes}: the lookups run in small groups, one after the other, and stop once the answer
   * reaches the budget ({@code more}; the caller asks again for what it did not get). A group asks for about as
   * many messages as the rest of the budget holds at the largest payload, so memory stays near the budget.
   */
  public Future<MessagePage> lookup(LookupRequest r) {
    ChannelKey ch = key(r.channel(), false);
    List<Object> keys = new ArrayList<>(r.seqs().size() + r.ids().size() + r.clientMsgNos().size());
    keys.addAll(r.seqs().stream().map(s -> (Object) new Seq(s)).toList());
    keys.addAll(r.ids().stream().map(i -> (Object) new Id(i)).toList());
    keys.addAll(r.clientMsgNos());
    return lookupFrom(ch, keys, 0, new ArrayList<>(), 0L).compose(p -> withStreams(ch, p));
  }

  private record Seq(long seq) {
  }

  private record Id(long id) {
  }

  private Future<MessagePage> lookupFrom(ChannelKey ch, List<Object> keys, int from, List<Message> out, long bytes) {
    int budget = limits.responseMaxBytes();
    if (from >= keys.size()) {
      return Future.succeededFuture(new MessagePage(0, 0, false, out));
    }
    if (bytes >= budget) {
      return Future.succeededFuture(new MessagePage(0, 0, true, out));
    }
    long perMessage = AnswerBudget.MESSAGE_BYTES + (limits.payloadMaxBytes() + 2L) / 3 * 4;
    int group = (int) Math.max(1, Math.min(256, (budget - bytes) / perMessage));
    int to = from;
    Object first = keys.get(from);
    while (to < keys.size() && to - from < group && keys.get(to).getClass() == first.getClass()) {
      to++;
    }
    List<Object> part = keys.subList(from, to);
    Future<List<Message>> found;
    if (first instanceof Seq) {
      found = queries.bySeqs(ch, part.stream().map(k -> ((Seq) k).seq()).toList());
    } else if (first instanceof Id) {
      found = queries.byIds(ch, part.stream().map(k -> ((Id) k).id()).toList());
    } else {
      to = from + 1; // one client_msg_no at a time: it may match several senders' messages
      found = queries.byClientMsgNo(ch, (String) first);
    }
    int next = to;
    return found.compose(ms -> {
      long total = bytes;
      for (Message m : ms) {
        out.add(m);
        total += AnswerBudget.answerBytes(m);
      }
      return lookupFrom(ch, keys, next, out, total);
    });
  }

  /** The one message with {@code messageId}, else with {@code clientMsgNo}; null when there is none. */
  public Future<Message> message(LookupRequest r) {
    ChannelKey ch = key(r.channel(), true);
    Future<List<Message>> found;
    if (r.messageId() != null) {
      found = queries.byIds(ch, List.of(r.messageId()));
    } else {
      if (r.clientMsgNo() == null || r.clientMsgNo().isEmpty()) {
        throw JindouException.invalid("message_id or client_msg_no is required");
      }
      found = queries.byClientMsgNo(ch, r.clientMsgNo());
    }
    return found.map(ms -> ms.isEmpty() ? null : ms.get(0));
  }

  /**
   * The storage key of the channel a reader names: a person channel is its canonical id, found from the reader's
   * uid when {@code channel_id} is the peer's uid (then {@code login_uid} is required) or from an {@code a@b} id.
   */
  ChannelKey key(ChannelQuery q, boolean typeRequired) {
    int type = q.channelType();
    if (type < 0) {
      if (typeRequired) {
        throw JindouException.invalid("channel_type is required");
      }
      type = ChannelType.GROUP;
    }
    if (!ChannelType.isValid(type)) {
      throw JindouException.invalid("channel_type must be an integer between 1 and 12, got " + type);
    }
    String id = Ids.required("channel_id", q.channelId(), limits.channelIdMaxLength(), false, Reason.UNKNOWN);
    if (type != ChannelType.PERSON) {
      return new ChannelKey(id, type);
    }
    int at = id.indexOf('@');
    String viewer = at >= 0 ? q.loginUid()
        : Ids.required("login_uid", q.loginUid(), limits.idMaxLength(), true, Reason.UNKNOWN);
    if (viewer == null || viewer.isEmpty()) {
      return new ChannelKey(PersonChannels.normalize(id.substring(0, at), id), ChannelType.PERSON);
    }
    return new ChannelKey(PersonChannels.normalize(viewer, id), ChannelType.PERSON);
  }
}
