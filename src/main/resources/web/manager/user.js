// User page: a uid's stored device credentials (GET /manager/api/user; tokens as a hint only), which of its
// devices are online (POST /user/onlinestatus) and its conversations (POST /conversation/sync).

import { byId, el, fill, say, show } from '/common/dom.js';
import { describePayload } from '/common/payload.js';
import { DEVICES } from './format.js';

export function userPage(api) {
  const form = byId('user-form');
  const uid = byId('user-uid');
  const error = byId('user-error');
  const calls = byId('user-calls');

  async function load() {
    api.begin();
    say(error, '');
    const who = uid.value.trim();
    try {
      const [user, online, conversations] = await Promise.all([
        api.get('/manager/api/user', { uid: who }),
        api.post('/user/onlinestatus', [who]),
        api.post('/conversation/sync', { uid: who, msg_count: 1 }),
      ]);
      const onlineFlags = new Set((Array.isArray(online) ? online : []).map((o) => o.device_flag));
      const flags = new Set([...user.devices.map((d) => d.device_flag), ...onlineFlags]);
      fill(byId('user-devices'), ...[...flags].sort().map((flag) => {
        const d = user.devices.find((x) => x.device_flag === flag);
        return el('tr', { data: { flag } },
          el('td', { text: `${DEVICES[flag] || 'other'} (${flag})` }),
          el('td', { text: d ? (d.device_level === 1 ? 'master' : 'slave') : '-' }),
          el('td', { class: 'mono', text: d ? d.token_hint : 'no token stored' }),
          el('td', { class: onlineFlags.has(flag) ? 'ok' : 'muted', text: onlineFlags.has(flag) ? 'online' : 'offline' }));
      }));
      fill(byId('user-conversations'), ...conversations.map((c) => el('tr', { data: { channel: c.channel_id } },
        el('td', { text: c.channel_id }),
        el('td', { text: c.channel_type }),
        el('td', { text: c.unread }),
        el('td', { text: c.last_msg_seq }),
        el('td', {}, el('span', { class: 'text', text: c.recents && c.recents[0] ? describePayload(c.recents[0].payload) : '' })))));
      show(byId('user-view'), true);
    } catch (err) {
      say(error, err.message);
    }
    calls.textContent = api.calls.join('\n');
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  return { show() {}, hide() {} };
}
