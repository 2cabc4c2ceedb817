package io.jindou.store.redis;

import io.jindou.model.ChannelKey;
import java.util.List;

/**
 * The Redis key layout. Every key of a channel starts with the hash tag of its <em>source</em> channel, so a
 * channel, its {@code ____cmd} command log, their subscribers and their conversation rows all live in one
 * hash slot and one Lua script may touch them on Redis Cluster. Per-user keys share {@code {u:<uid>}}.
 *
 * <pre>
 *   {T:ID}:L:head   string  last seq of log L (L = m ordinary, c command log)        INCR'd by the append script
 *   {T:ID}:L:msg    hash    seq → message bytes (MessageBinary, seq not inside)
 *   {T:ID}:L:ids    hash    message_id → seq
 *   {T:ID}:L:idem   hash    len(cmn) ":" cmn from_uid → seq                          idempotency key
 *   {T:ID}:L:cmn    hash    client_msg_no → "seq,seq,..." (one per sender)           lookup by client_msg_no
 *   {T:ID}:L:info   string  channel flags as a decimal bit set (exists = channel created)
 *   {T:ID}:L:subs   set     subscriber uids
 *   {T:ID}:L:black  set     blacklist uids;  {T:ID}:L:white  set  whitelist uids
 *   {T:ID}:L:conv   hash    uid → "joinFloor,deleteFloor,readSeq,ownLastSeq,cmdAckSeq"  conversation rows (truth)
 *   {T:ID}:m:xv     string  the channel's highest extra_version                       set by the mutate script
 *   {T:ID}:m:xs     zset    seq scored by the extra_version of its latest change       change index
 *   {T:ID}:m:ret    string  "days,max_messages" (the channel's own retention, -1 = default)
 *   {T:ID}:m:clr    string  messages up to this seq were cleared                       set by the clear script
 *   {T:ID}:m:rcpt   hash    uid → the highest seq it reported read                read-receipt cursors
 *   {T:ID}:L:ixq    hash    "u:" uid → version, "#" → counter                        index outbox (see ConversationIndex)
 *   {T:ID}:L:s:N:CMN:ev hash   seq → stream event bytes   (N = length of the anchor's client_msg_no CMN)
 *   {T:ID}:L:s:N:CMN:eid hash   event_id → seq;  ...:sum string summary bytes;  ...:head string last event seq
 *   {T:ID}:m:wh:N list  "m:" seq / "c:" seq: webhook outbox of node N (written by the append script)
 *   {jindou:wh:N}:chans set "T:ID" of channels whose outbox of node N may hold entries; :n  entries (approx.)
 *   {jindou:wh:N}:seq / :ev / :all / :q / :dead  event seq counter, seq → event hash, all / pending / dead seqs
 *   jindou:wh:nodes      set  the nodes that have webhook data (a live node takes over a dead one's)
 *   {u:UID}:convs   set     "T:ID" of every channel the user may have a row in          per-user index (a superset hint)
 *   {u:UID}:tok     hash    device flag → level ":" token
 *   jindou:sysuids  set     dynamic system uids
 * </pre>
 * T is the numeric channel type, ID the source channel id (without {@code ____cmd}). Fixed suffixes never
 * contain '}', so no channel's keys can collide with another's even when an id contains braces. Pure
 * functions; never talks to Redis.
 */
final class RedisKeys {
  static final String SYSTEM_UIDS = "jindou:sysuids";

  private RedisKeys() {
  }

  /** {@code {T:ID}} of the source channel: the hash tag shared by a channel and its command log. */
  static String tag(ChannelKey ch) {
    ChannelKey src = ch.source();
    return "{" + src.type() + ":" + src.id() + "}";
  }

  /** The prefix of one log's keys: {@code {T:ID}:m} or {@code {T:ID}:c}. */
  static String log(ChannelKey ch) {
    return tag(ch) + (ch.isCommandLog() ? ":c" : ":m");
  }

  static String head(ChannelKey ch) {
    return log(ch) + ":head";
  }

  static String messages(ChannelKey ch) {
    return log(ch) + ":msg";
  }

  static String messageIds(ChannelKey ch) {
    return log(ch) + ":ids";
  }

  static String idempotency(ChannelKey ch) {
    return log(ch) + ":idem";
  }

  static String clientMsgNos(ChannelKey ch) {
    return log(ch) + ":cmn";
  }

  static String info(ChannelKey ch) {
    return log(ch) + ":info";
  }

  static String subscribers(ChannelKey ch) {
    return log(ch) + ":subs";
  }

  static String blacklist(ChannelKey ch) {
    return log(ch) + ":black";
  }

  static String whitelist(ChannelKey ch) {
    return log(ch) + ":white";
  }

  static String conversations(ChannelKey ch) {
    return log(ch) + ":conv";
  }

  static String extraHead(ChannelKey ch) {
    return log(ch) + ":xv";
  }

  static String retention(ChannelKey ch) {
    return log(ch) + ":ret";
  }

  static String cleared(ChannelKey ch) {
    return log(ch) + ":clr";
  }

  static String receipts(ChannelKey ch) {
    return log(ch) + ":rcpt";
  }

  static String changes(ChannelKey ch) {
    return log(ch) + ":xs";
  }

  static String outbox(ChannelKey ch) {
    return log(ch) + ":ixq";
  }

  /** The twelve keys of the append script for a source channel: both logs, then rows and outbox. */
  static List<String> appendKeys(ChannelKey source, int webhookNode) {
    ChannelKey m = source.source();
    ChannelKey c = m.commandLog();
    return List.of(head(m), messages(m), messageIds(m), idempotency(m), clientMsgNos(m),
        head(c), messages(c), messageIds(c), idempotency(c), clientMsgNos(c),
        conversations(m), outbox(m), webhookOutbox(m, webhookNode));
  }

  /** The webhook outbox of node {@code node} for one source channel: a list of "m:seq" / "c:seq". */
  static String webhookOutbox(ChannelKey ch, int node) {
    return tag(ch) + ":m:wh:" + node;
  }

  /** A webhook key of node {@code node} (all in one slot): chans, n, seq, ev, all, q, dead. */
  static String webhook(int node, String name) {
    return "{jindou:wh:" + node + "}:" + name;
  }

  /** The prefix of one stream anchor's keys; the length prefix keeps one anchor's keys from another's. */
  static String anchor(ChannelKey ch, String clientMsgNo) {
    return log(ch) + ":s:" + clientMsgNo.length() + ":" + clientMsgNo;
  }

  /** The four keys of {@link Scripts#EVENT_APPEND}: events, event ids, summary, head. */
  static List<String> eventKeys(ChannelKey ch, String clientMsgNo) {
    String a = anchor(ch, clientMsgNo);
    return List.of(a + ":ev", a + ":eid", a + ":sum", a + ":head");
  }

  static String userIndex(String uid) {
    return "{u:" + uid + "}:convs";
  }

  static String tokens(String uid) {
    return "{u:" + uid + "}:tok";
  }

  /** The member naming a channel in a user's index: {@code T:ID} (the exact channel, not its source). */
  static String channelRef(ChannelKey ch) {
    return ch.type() + ":" + ch.id();
  }

  static ChannelKey parseChannelRef(String ref) {
    int colon = ref.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("bad channel ref in a user index: '" + ref + "'");
    }
    return new ChannelKey(ref.substring(colon + 1), Integer.parseInt(ref.substring(0, colon)));
  }

  /** Idempotency field: length-prefixed so that (cmn, uid) pairs never collide. Empty when not keyed. */
  static String idempotencyField(String clientMsgNo, String fromUid) {
    if (clientMsgNo == null || clientMsgNo.isEmpty()) {
      return "";
    }
    return clientMsgNo.length() + ":" + clientMsgNo + (fromUid == null ? "" : fromUid);
  }
}
