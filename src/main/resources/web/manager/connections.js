// Connections page: every ready node's connections (GET /connz), refreshed every 3 s while shown, with kick
// (POST /conn/kick: DISCONNECT reason 12, then close) and close (POST /conn/remove) per connection.

import { byId, el, fill, say } from '/common/dom.js';

export function connectionsPage(api) {
  const rows = byId('conn-rows');
  const note = byId('conn-note');
  const error = byId('conn-error');
  const calls = byId('conn-calls');
  const uid = byId('conn-uid');
  let timer = null;
  let lastAction = '';

  async function load() {
    api.begin();
    say(error, '');
    try {
      const { nodes } = await api.get('/manager/api/nodes');
      const pages = await Promise.all(nodes.filter((n) => n.ready || n.local)
        .map((n) => api.get('/connz', { node_id: n.node_id, limit: 500, uid: uid.value.trim() })));
      const conns = pages.flatMap((p) => p.connections);
      fill(rows, ...conns.map((c) => el('tr', { data: { conn: c.id, uid: c.uid } },
        el('td', { text: c.node_id }),
        el('td', { class: 'mono', text: c.id }),
        el('td', { class: 'uid', text: c.uid }),
        el('td', { text: `${c.device} ${c.device_id ? `(${c.device_id.slice(0, 8)}…)` : ''}` }),
        el('td', { text: c.transport || '' }),
        el('td', { class: 'mono', text: `${c.ip}:${c.port}` }),
        el('td', { text: c.uptime }),
        el('td', { text: `${c.in_msgs} / ${c.out_msgs}` }),
        el('td', {},
          el('button', { class: 'danger kick', text: 'Kick', attrs: { type: 'button' }, on: { click: () => close(c, true) } }),
          ' ',
          el('button', { class: 'plain', text: 'Close', attrs: { type: 'button' }, on: { click: () => close(c, false) } })))));
      note.textContent = `${conns.length} connection(s) on ${pages.length} node(s). ${lastAction}`;
    } catch (err) {
      say(error, err.message);
    }
    calls.textContent = api.calls.join('\n');
  }

  async function close(c, kick) {
    try {
      await api.post(kick ? '/conn/kick' : '/conn/remove', { conn_id: c.id, node_id: c.node_id });
      lastAction = `${kick ? 'Kicked' : 'Closed'} connection ${c.id} of ${c.uid} on node ${c.node_id}.`;
    } catch (err) {
      lastAction = '';
      say(error, err.message);
    }
    note.textContent = lastAction;
    setTimeout(load, 500);
  }

  byId('conn-filter').addEventListener('submit', (e) => { e.preventDefault(); load(); });
  return {
    show() { load(); timer = setInterval(load, 3000); },
    hide() { clearInterval(timer); },
  };
}
