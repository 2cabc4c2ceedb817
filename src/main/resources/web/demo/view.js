// Rendering of the demo: the conversation list and the messages of the open chat. Every piece of text from the
// server (uids, group ids, message text) is set with textContent by el(); nothing here parses HTML.

import { el, fill, clock } from '/common/dom.js';

/** The conversation list; onOpen(entry) when one is clicked. */
export function renderConversations(list, entries, openKey, online, onOpen) {
  fill(list, ...entries.map((e) => {
    const dot = e.type === 2 ? 'dot group' : online.has(e.id) ? 'dot online' : 'dot';
    return el('li', { class: e.key === openKey ? 'open' : '', data: { key: e.key }, on: { click: () => onOpen(e) } },
      el('span', { class: dot, attrs: { title: e.type === 2 ? 'group' : online.has(e.id) ? 'online' : 'offline' } }),
      el('span', { class: 'name', text: e.id }),
      e.unread > 0 ? el('span', { class: 'badge', text: e.unread }) : el('span'),
      el('span', { class: 'preview', text: e.preview }));
  }));
}

/**
 * One message: {seq, from, ts, text}. Shown at its place by seq, once (a message can come both pushed and from a
 * sync after a reconnect).
 */
export function showMessage(list, me, m) {
  if (m.seq > 0 && list.querySelector(`li[data-seq="${m.seq}"]`)) return false;
  const li = el('li', { class: m.from === me ? 'mine' : '', data: { seq: m.seq } },
    el('div', { class: 'meta', text: `${m.from || 'system'} · ${clock(m.ts)} · #${m.seq}` }),
    el('div', { class: 'text', text: m.text }));
  const after = [...list.children].find((c) => Number(c.dataset.seq) > m.seq);
  list.insertBefore(li, after || null);
  li.scrollIntoView({ block: 'nearest' });
  return true;
}
