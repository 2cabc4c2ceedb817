// The demo's HTTP calls: its token, this node's WebSocket address (/route), and the demo API, which runs the
// documented endpoints (/conversation/sync, /channel/messagesync, ...) as the signed-in uid only. The manager
// token never reaches this page: the demo API authenticates the user's own demo token.

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function postJson(path, body, headers = {}) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    cache: 'no-store',
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* reported below */ }
  if (!res.ok) throw new HttpError(res.status, (json && json.msg) || `HTTP ${res.status}`);
  return json;
}

/** {uid, token}: the uid's demo token (created by the server on first use). */
export function fetchToken(uid) {
  return postJson('/demo/api/token', { uid });
}

/** This node's WebSocket address, e.g. ws://localhost:5200 (GET /route, an open endpoint). */
export async function wsAddress() {
  const res = await fetch('/route', { cache: 'no-store' });
  if (!res.ok) throw new HttpError(res.status, `GET /route answered ${res.status}`);
  return (await res.json()).ws_addr;
}

/** The demo API for one signed-in user. */
export class DemoApi {
  constructor(uid, token) {
    this.uid = uid;
    this.token = token;
  }

  call(path, body) {
    return postJson(`/demo/api${path}`, body, { Authorization: `Bearer ${this.token}`, 'X-Demo-Uid': this.uid });
  }

  conversations() {
    return this.call('/conversation/sync', { msg_count: 1 });
  }

  /** pull 0: the newest `limit` up to `start` (0 = latest); pull 1: from `start` upwards. */
  history(channelId, channelType, start, pull, limit = 50) {
    return this.call('/channel/messagesync', {
      channel_id: channelId, channel_type: channelType, start_message_seq: start, end_message_seq: 0, limit, pull_mode: pull,
    });
  }

  clearUnread(channelId, channelType) {
    return this.call('/conversations/clearUnread', { channel_id: channelId, channel_type: channelType });
  }

  online(uids) {
    return uids.length ? this.call('/user/onlinestatus', uids) : Promise.resolve([]);
  }

  joinGroup(channelId) {
    return this.call('/group/join', { channel_id: channelId });
  }
}
