// The conversation list as the page knows it: what /conversation/sync said, plus messages pushed since then.
// The server is the truth for unread counts; a pushed message only bumps a count until the next sync, which
// replaces an entry unless the page has already seen a newer message in it.

import { describePayload } from '/common/payload.js';

export function keyOf(channelId, channelType) {
  return `${channelType}:${channelId}`;
}

export class Conversations {
  constructor() {
    this.items = new Map();
  }

  /** Takes the answer of /conversation/sync (msg_count 1). */
  merge(serverItems) {
    for (const it of serverItems) {
      const key = keyOf(it.channel_id, it.channel_type);
      const local = this.items.get(key);
      if (local && local.seq > it.last_msg_seq) continue;
      const last = it.recents && it.recents[0];
      this.items.set(key, {
        key, id: it.channel_id, type: it.channel_type, unread: it.unread, seq: it.last_msg_seq,
        ts: it.timestamp, preview: last ? describePayload(last.payload) : '',
      });
    }
  }

  /** A message shown or pushed: the entry's latest message; counts as unread when `unread` is true. */
  saw(channelId, channelType, seq, ts, preview, unread) {
    const key = keyOf(channelId, channelType);
    const e = this.items.get(key) || { key, id: channelId, type: channelType, unread: 0, seq: 0, ts: 0, preview: '' };
    if (seq > e.seq) {
      Object.assign(e, { seq, ts, preview });
      if (unread) e.unread += 1;
    }
    this.items.set(key, e);
    return e;
  }

  /** Makes sure an entry exists (a chat opened before any message). */
  ensure(channelId, channelType) {
    const key = keyOf(channelId, channelType);
    if (!this.items.has(key)) {
      this.items.set(key, { key, id: channelId, type: channelType, unread: 0, seq: 0, ts: Date.now() / 1000, preview: '' });
    }
    return this.items.get(key);
  }

  read(key) {
    const e = this.items.get(key);
    if (e) e.unread = 0;
  }

  /** Newest first. */
  sorted() {
    return [...this.items.values()].sort((a, b) => b.ts - a.ts || b.seq - a.seq);
  }

  /** The uids of the person chats (for online status). */
  peers() {
    return [...this.items.values()].filter((e) => e.type === 1).map((e) => e.id);
  }
}
