// Channel page: flags, subscribers and both lists (GET /manager/api/channel), and the latest 20 messages from
// the documented lookups (GET /channel/max_message_seq, then POST /messages by seq). A person chat's messages
// are stored under "a@b": enter that id to see them.

import { byId, el, fill, say, show, clock } from '/common/dom.js';
import { describePayload } from '/common/payload.js';

const LATEST = 20;

export function channelPage(api) {
  const form = byId('channel-form');
  const id = byId('channel-id');
  const type = byId('channel-type');
  const view = byId('channel-view');
  const error = byId('channel-error');
  const calls = byId('channel-calls');

  const chips = (node, uids) => fill(node, ...(uids.length ? uids.map((u) => el('li', { text: u }))
    : [el('span', { class: 'muted', text: 'none' })]));

  async function load() {
    api.begin();
    say(error, '');
    const channel = { channel_id: id.value.trim(), channel_type: Number(type.value) };
    try {
      const info = await api.get('/manager/api/channel', channel);
      const flags = info.exists ? ['ban', 'disband', 'send_ban', 'allow_stranger', 'large'] : [];
      fill(byId('channel-info'),
        el('dt', { text: 'exists' }), el('dd', { text: info.exists ? 'yes' : 'no' }),
        ...flags.flatMap((f) => [el('dt', { text: f }), el('dd', { text: info[f] })]));
      byId('channel-sub-count').textContent = `(${info.subscriber_count})`;
      chips(byId('channel-subs'), info.subscribers);
      chips(byId('channel-black'), info.blacklist);
      chips(byId('channel-white'), info.whitelist);
      show(view, true);
      fill(byId('channel-messages'));
      const { message_seq: last } = await api.get('/channel/max_message_seq', channel);
      const seqs = [];
      for (let s = last; s > 0 && seqs.length < LATEST; s -= 1) seqs.push(s);
      const page = seqs.length ? await api.post('/messages', { ...channel, message_seqs: seqs }) : { messages: [] };
      fill(byId('channel-messages'), ...page.messages.sort((a, b) => b.message_seq - a.message_seq)
        .map((m) => el('tr', { data: { seq: m.message_seq } },
          el('td', { text: m.message_seq }),
          el('td', { text: m.from_uid || 'system' }),
          el('td', { text: clock(m.timestamp) }),
          el('td', {}, el('span', { class: 'text', text: describePayload(m.payload) })))));
    } catch (err) {
      say(error, err.message);
    }
    calls.textContent = api.calls.join('\n');
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  return { show() {}, hide() {} };
}
