// Nodes page: the cluster's ready nodes (GET /manager/api/nodes), each with its client addresses (GET /route)
// and its variables (GET /varz).

import { byId, el, fill, say } from '/common/dom.js';
import { bytes } from './format.js';

export function nodesPage(api) {
  const rows = byId('nodes-rows');
  const error = byId('nodes-error');
  const calls = byId('nodes-calls');

  async function load() {
    api.begin();
    say(error, '');
    try {
      const { nodes } = await api.get('/manager/api/nodes');
      const details = await Promise.all(nodes.map(async (n) => {
        const [varz, route] = await Promise.all([
          api.get('/varz', { node_id: n.node_id }).catch(() => null),
          api.get('/route', { node_id: n.node_id }).catch(() => null),
        ]);
        return { n, varz, route };
      }));
      fill(rows, ...details.map(({ n, varz, route }) => el('tr', { data: { node: n.node_id } },
        el('td', { text: `${n.node_id}${n.local ? ' (this node)' : ''}` }),
        el('td', { class: n.ready ? 'ok' : 'bad', text: n.ready ? 'ready' : 'not ready' }),
        el('td', { class: 'mono', text: route ? `${route.tcp_addr}  ${route.ws_addr}` : '?' }),
        el('td', { text: varz ? varz.connections : '?' }),
        el('td', { text: varz ? varz.uptime : '?' }),
        el('td', { text: varz ? bytes(varz.mem) : '?' }),
        el('td', { text: varz ? `${varz.cpu.toFixed(1)} %` : '?' }))));
    } catch (err) {
      say(error, err.message);
    }
    calls.textContent = api.calls.join('\n');
  }

  byId('nodes-refresh').addEventListener('click', load);
  return { show: load, hide() {} };
}
