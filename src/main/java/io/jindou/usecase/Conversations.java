package io.jindou.usecase;

import io.jindou.channel.ChannelService;
import io.jindou.model.PersonChannels;
import io.jindou.conversation.CommandSync;
import io.jindou.conversation.ConversationPass;
import io.jindou.conversation.ConversationService;
import io.jindou.conversation.RecentMessages;
import io.jindou.model.ChannelKey;
import io.jindou.model.ChannelType;
import io.jindou.model.JindouException;
import io.jindou.model.Message;
import io.jindou.model.Reason;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's conversations (spec http-api §3.1, §3.3, §1.8, §3.4): the V2 sync (unread arithmetic, recents,
 * paging), the V3 list (a cursor pass over the user's rows: shown, deleted, unresolved), the views of channels the
 * caller names ({@code syncByChannels}, {@code syncMessages}) and the user's channel list, the read cursor
 * ({@code clearUnread}, {@code setUnread}), hiding a conversation ({@code delete}), and the offline command
 * messages ({@code /message/sync} and its {@code syncack}). Checks the uid, the channels and the bounds and
 * resolves person channels to their canonical id; the arithmetic is the conversation domain's, and whether a
 * channel is disbanded its owner's ({@link ChannelService}).
 */
public final class Conversations {
  /** Rows one {@code /conversation/list} page scans by default, and at most (spec §3.3). */
  public static final int LIST_DEFAULT = 50;
  public static final int LIST_MAX = 200;
  /** Messages per channel when a request asks for none (spec §1.8). */
  public static final int DEFAULT_MSG_COUNT = 15;
  private final ConversationService conversations;
  private final CommandSync commands;
  private final RecentMessages recent;
  private final ConversationPass pass;
  private final ChannelService channels;
  private final Limits limits;
  private final int channelsMax;
  private io.jindou.channel.StreamQueries streams;

  /** {@code channelsMax}: the most channels one request may name (README {@code sync_channels_max}). */
  public Conversations(ConversationService conversations, CommandSync commands, RecentMessages recent,
      ConversationPass pass, ChannelService channels, Limits limits, int channelsMax) {
    this.conversations = conversations;
    this.commands = commands;
    this.recent = recent;
    this.pass = pass;
    this.channels = channels;
    this.limits = limits;
    this.channelsMax = channelsMax;
  }

  /** Shows the stream anchors among recents with their summaries (none without it). */
  public Conversations streams(io.jindou.channel.StreamQueries queries) {
    this.streams = queries;
    return this;
  }

  /**
   * The page cut at the conversation where the merged texts of its anchors ({@link ReadMessages#fit}'s estimate)
   * take the answer past {@code budget} (at least one kept; a cut page says {@code more}).
   */
  private static ConversationPage fit(List<ConversationView> views, boolean more, long budget) {
    long bytes = 0;
    for (int i = 0; i < views.size(); i++) {
      ConversationView v = views.get(i);
      bytes += AnswerBudget.ITEM_BYTES;
      for (Message m : v.recents()) {
        bytes += AnswerBudget.answerBytes(m);
        io.jindou.model.StreamSummary s = m.streamAnchor() ? v.streams().get(m.clientMsgNo()) : null;
        bytes += s == null ? 0 : ReadMessages.weight(s);
      }
      if (bytes > budget && i > 0) {
        return new ConversationPage(views.subList(0, i), true);
      }
    }
    return new ConversationPage(views, more);
  }

  /** The views with the summaries of the stream anchors among their recents (one store read per such channel). */
  private Future<List<ConversationView>> withStreams(List<ConversationView> views) {
    if (streams == null) {
      return Future.succeededFuture(views);
    }
    List<Future<ConversationView>> out = new ArrayList<>(views.size());
    boolean any = false;
    for (ConversationView v : views) {
      if (v.recents().stream().anyMatch(Message::streamAnchor)) {
        any = true;
        out.add(streams.of(v.channel(), v.recents()).map(v::with));
      } else {
        out.add(Future.succeededFuture(v));
      }
    }
    if (!any) {
      return Future.succeededFuture(views);
    }
    return Future.all(out).map(cf -> out.stream().map(Future::result).toList());
  }

  /**
   * The user's conversations, within about {@code response_max_bytes} ({@link AnswerBudget}): the recent messages
   * loaded are bounded by the budget, and the answer ends at the conversation that reaches it (at least one is
   * answered); a cut answer has {@code more}.
   */
  public Future<ConversationPage> sync(ConversationSyncRequest r) {
    String uid = uid(r.uid());
    boolean onlyNew = r.version() > 0 || r.onlyUnread();
    int budget = limits.responseMaxBytes();
    return conversations.sync(new ConversationService.SyncRequest(uid, onlyNew, lastSeqs(uid, r.lastMsgSeqs()),
        r.msgCount(), r.excludeChannelTypes(), r.page(), r.pageSize(), AnswerBudget.storeBytes(budget, 0)))
        .map(synced -> {
          List<ConversationView> items = synced.items().stream().map(it -> ConversationView.of(it, uid)).toList();
          long bytes = 2;
          for (int i = 0; i < items.size(); i++) {
            long item = AnswerBudget.ITEM_BYTES;
            for (Message m : items.get(i).recents()) {
              item += AnswerBudget.answerBytes(m);
            }
            bytes += item;
            if (bytes > budget && i > 0) {
              return new ConversationPage(items.subList(0, i), true);
            }
          }
          return new ConversationPage(items, synced.cut());
        }).compose(page -> withStreams(page.items()).map(vs -> fit(vs, page.more(), budget)));
  }

  /**
   * {@code /conversation/syncByChannels}: one {@code /conversation/sync} item per channel named, in order, within
   * about {@code response_max_bytes} as {@link #sync} is: a cut answer ends at the channel that reached the budget
   * and says {@code more} (the client asks again for the channels after it). At most as many recent messages per
   * channel as the budget holds at {@link AnswerBudget}'s size per message.
   */
  public Future<ConversationPage> syncByChannels(ChannelsRequest r) {
    String uid = uid(r.uid());
    List<ChannelKey> keys = keys(uid, r.channels()).stream().map(Resolved::key).toList();
    int budget = limits.responseMaxBytes();
    int count = Math.min(msgCount(r.msgCount()), perChannel(budget, keys.size()));
    return recent.byChannels(uid, keys, count, AnswerBudget.storeBytes(budget, count * keys.size()))
        .compose(items -> withStreams(items.items().stream().map(it -> ConversationView.of(it, uid)).toList())
            .map(vs -> fit(vs, items.cut(), budget)));
  }

  /** The most messages per channel an answer about {@code channels} channels holds within {@code budget}. */
  private static int perChannel(int budget, int channels) {
    return Math.max(1, AnswerBudget.messagesFitting(budget) / Math.max(1, channels));
  }

  /**
   * {@code /conversation/syncMessages}: each channel's messages from its {@code last_msg_seq} on — the newest
   * first when {@code orderByLast}, else the oldest ascending — and the user's own last sent seq there; within
   * about {@code response_max_bytes}, each channel an equal share (at least one message), a channel cut by it
   * says {@code more} (the client asks again from the last seq it got there).
   */
  public Future<List<ChannelMessages>> syncMessages(ChannelsRequest r) {
    String uid = uid(r.uid());
    List<RecentMessages.Query> queries = keys(uid, r.channels()).stream()
        .map(k -> new RecentMessages.Query(k.key(), k.lastMsgSeq())).toList();
    int budget = limits.responseMaxBytes();
    int asked = msgCount(r.msgCount());
    int count = Math.min(asked, perChannel(budget, queries.size()));
    return recent.recent(uid, queries, count, r.orderByLast(), AnswerBudget.storeBytes(budget, count * queries.size()))
        .map(rs -> rs.stream().map(x -> new ChannelMessages(x.channel(), x.messages(), x.userLastMsgSeq(),
            x.cut() || count < asked && x.messages().size() == count)).toList());
  }

  /** {@code /conversation/channels}: the channels the user has a conversation with (storage ids, in row order). */
  public Future<List<ChannelKey>> channels(String uid) {
    return conversations.channels(uid(uid));
  }

  /**
   * {@code /conversation/list}: one page of the pass over the user's conversations. Disbanded channels are listed
   * in {@code deletes}, channels whose owner did not answer in {@code unresolved}. Jindou keeps no tombstones of
   * left channels (leaving deletes the row), so a client that completed an earlier pass is told to rebuild its
   * list from this one ({@code reset_required}); a complete pass always lists every conversation.
   */
  public Future<ConversationListResult> list(ConversationListRequest r) {
    String uid = uid(r.uid());
    int limit = r.limit() == 0 ? LIST_DEFAULT : r.limit();
    if (limit < 0 || limit > LIST_MAX) {
      throw JindouException.invalid("limit must be between 1 and " + LIST_MAX + ", got " + r.limit());
    }
    long coverage = System.currentTimeMillis() * 1_000_000L;
    return pass.page(uid, r.after(), limit).map(this::withinBudget).compose(page -> {
      List<Future<io.jindou.model.ChannelFacts>> flags = new ArrayList<>();
      for (ConversationPass.Entry e : page.entries()) {
        ChannelKey ch = e.channel();
        flags.add(ch.type() == ChannelType.PERSON ? Future.succeededFuture(null) : channels.facts(ch));
      }
      return Future.join(flags).transform(ignored -> {
        List<ConversationListResult.Listed> shown = new ArrayList<>();
        List<ChannelKey> deletes = new ArrayList<>();
        List<ChannelKey> unresolved = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
          ConversationPass.Entry e = page.entries().get(i);
          Future<io.jindou.model.ChannelFacts> f = flags.get(i);
          if (f.failed()) {
            unresolved.add(e.channel());
          } else if (f.result() != null && f.result().exists() && f.result().info().disband()) {
            deletes.add(e.channel());
          } else {
            shown.add(new ConversationListResult.Listed(e.channel(), e.readSeq(), e.deleteFloor(), e.unread(),
                e.last()));
          }
        }
        boolean reset = r.completedCoverage() > 0 && r.completedCoverage() < coverage;
        return Future.succeededFuture(new ConversationListResult(shown, deletes, unresolved,
            page.done() ? null : page.last(), page.done(), coverage, coverage, reset));
      });
    });
  }

  /**
   * The page cut where its last messages would take the answer past {@code response_max_bytes} (at least one
   * conversation kept): the cut page is not done and goes on after its last conversation.
   */
  private ConversationPass.Page withinBudget(ConversationPass.Page page) {
    long bytes = 0;
    List<ConversationPass.Entry> es = page.entries();
    for (int i = 0; i < es.size(); i++) {
      bytes += AnswerBudget.ITEM_BYTES + (es.get(i).last() == null ? 0 : AnswerBudget.answerBytes(es.get(i).last()));
      if (bytes > limits.responseMaxBytes() && i > 0) {
        return new ConversationPass.Page(es.subList(0, i), es.get(i - 1).channel(), false);
      }
    }
    return page;
  }

  public Future<Void> clearUnread(ConversationRequest r) {
    return conversations.clearUnread(uid(r.uid()), key(r));
  }

  public Future<Void> setUnread(ConversationRequest r) {
    String uid = uid(r.uid());
    return conversations.setUnread(uid, key(r), r.unread());
  }

  public Future<Void> delete(ConversationRequest r) {
    return conversations.delete(uid(r.uid()), key(r));
  }

  /** Up to {@code limit} (0 = 200) pending command messages of {@code uid}. */
  public Future<List<Message>> commandSync(String uid, int limit) {
    int n = Math.min(limit == 0 ? 200 : limit, AnswerBudget.messagesFitting(limits.responseMaxBytes()));
    return commands.sync(uid(uid), n, AnswerBudget.storeBytes(limits.responseMaxBytes(), n));
  }

  /** Commits what the latest {@link #commandSync} of {@code uid} returned; {@code lastMessageSeq} must be given. */
  public Future<Void> commandAck(String uid, long lastMessageSeq) {
    String checked = uid(uid);
    if (lastMessageSeq <= 0) {
      throw JindouException.invalid("last_message_seq is required");
    }
    return commands.ack(checked);
  }

  /** A named channel resolved to its storage key, with the sequence the request gave for it. */
  private record Resolved(ChannelKey key, long lastMsgSeq) {
  }

  /** The channels a request names, resolved for {@code uid}: at least one, at most {@code sync_channels_max}. */
  private List<Resolved> keys(String uid, List<ChannelRef> refs) {
    if (refs == null || refs.isEmpty()) {
      throw JindouException.invalid("channels must name at least one channel");
    }
    if (refs.size() > channelsMax) {
      throw JindouException.invalid("channels names " + refs.size() + " channels, over the limit of " + channelsMax);
    }
    List<Resolved> out = new ArrayList<>(refs.size());
    for (int i = 0; i < refs.size(); i++) {
      ChannelRef c = refs.get(i);
      try {
        out.add(new Resolved(key(new ConversationRequest(uid, c.channelId(), c.channelType(), 0)), c.lastMsgSeq()));
      } catch (JindouException e) {
        throw JindouException.invalid("channels[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  private static int msgCount(int asked) {
    return asked <= 0 ? DEFAULT_MSG_COUNT : asked;
  }

  private String uid(String uid) {
    return Ids.required("uid", uid, limits.idMaxLength(), false, Reason.UNKNOWN);
  }

  /** The storage key of the conversation's channel: a person channel by the user's uid. */
  private ChannelKey key(ConversationRequest r) {
    String id = Ids.required("channel_id", r.channelId(), limits.channelIdMaxLength(), false, Reason.UNKNOWN);
    int type = r.channelType();
    if (type < 0) {
      throw JindouException.invalid("channel_type is required");
    }
    if (!ChannelType.isValid(type)) {
      throw JindouException.invalid("channel_type must be an integer between 1 and 12, got " + type);
    }
    return new ChannelKey(type == ChannelType.PERSON ? PersonChannels.normalize(r.uid(), id) : id, type);
  }

  /** {@code "<channel_id>:<channel_type>:<last_msg_seq>|…"}; malformed items are skipped (spec §3.1). */
  static Map<ChannelKey, Long> lastSeqs(String uid, String raw) {
    Map<ChannelKey, Long> out = new HashMap<>();
    if (raw == null || raw.isBlank()) {
      return out;
    }
    for (String item : raw.split("\\|")) {
      String[] parts = item.split(":");
      if (parts.length != 3 || parts[0].isEmpty()) {
        continue;
      }
      try {
        int type = Integer.parseInt(parts[1]);
        long seq = Long.parseLong(parts[2]);
        String id = type == ChannelType.PERSON ? PersonChannels.normalize(uid, parts[0]) : parts[0];
        out.put(new ChannelKey(id, type), seq);
      } catch (NumberFormatException | JindouException e) {
        // skipped, as WuKongIM does
      }
    }
    return out;
  }
}
