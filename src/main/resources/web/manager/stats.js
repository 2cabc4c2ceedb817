// Stats page: one node's counters from GET /varz every 2 s while shown, as small charts; message and byte
// counters become rates (per second, from the difference between two readings; varz sums the counters of the
// node's current connections, so a closing connection can only make a rate drop, never go negative here).

import { byId, el, fill, say } from '/common/dom.js';
import { Sparkline } from './chart.js';
import { bytes, count } from './format.js';

const EVERY_MS = 2000;
const SERIES = [
  { id: 'connections', label: 'Connections', read: (v) => v.connections, format: count },
  { id: 'in_msgs', label: 'Messages in /s', rate: (v) => v.in_msgs, format: count },
  { id: 'out_msgs', label: 'Messages out /s', rate: (v) => v.out_msgs, format: count },
  { id: 'in_bytes', label: 'Bytes in /s', rate: (v) => v.in_bytes, format: bytes },
  { id: 'out_bytes', label: 'Bytes out /s', rate: (v) => v.out_bytes, format: bytes },
  { id: 'cpu', label: 'CPU %', read: (v) => v.cpu, format: (n) => n.toFixed(1) },
  { id: 'heap', label: 'Heap in use', read: (v) => v.heap_used, format: bytes },
  { id: 'mem', label: 'Resident memory', read: (v) => v.mem, format: bytes },
];

export function statsPage(api) {
  const select = byId('stats-node');
  const charts = byId('stats-charts');
  const error = byId('stats-error');
  const calls = byId('stats-calls');
  let timer = null;
  let lines = [];
  let previous = null;

  function reset() {
    previous = null;
    lines = SERIES.map((s) => {
      const value = el('span', { class: 'value', text: '…' });
      const canvas = el('canvas', { attrs: { width: 260, height: 70 } });
      charts.append(el('div', { class: 'chart', data: { metric: s.id } },
        el('div', { class: 'head' }, el('span', { text: s.label }), value), canvas));
      return { s, value, line: new Sparkline(canvas, s.format) };
    });
  }

  async function sample() {
    api.begin();
    try {
      const v = await api.get('/varz', { node_id: select.value });
      const now = performance.now();
      for (const { s, value, line } of lines) {
        let x;
        if (s.read) x = s.read(v);
        else if (previous) x = Math.max(0, (s.rate(v) - s.rate(previous.v)) / ((now - previous.at) / 1000));
        else continue;
        line.push(x);
        value.textContent = s.format(x);
      }
      previous = { v, at: now };
      say(error, '');
    } catch (err) {
      say(error, err.message);
    }
    calls.textContent = api.calls.join('\n');
  }

  async function start() {
    api.begin();
    try {
      const { nodes, local_node_id: local } = await api.get('/manager/api/nodes');
      const chosen = select.value || String(local);
      fill(select, ...nodes.map((n) => el('option', { text: `node ${n.node_id}`, attrs: { value: n.node_id } })));
      select.value = chosen;
    } catch (err) {
      say(error, err.message);
      return;
    }
    fill(charts);
    reset();
    await sample();
    timer = setInterval(sample, EVERY_MS);
  }

  select.addEventListener('change', () => { clearInterval(timer); start(); });
  return { show: start, hide() { clearInterval(timer); } };
}
