// One JSON-RPC connection to the WebSocket port (spec wkproto §6): connect, send, recvack, ping; the server's
// recv and disconnect notifications. After an unexpected close it reconnects with a growing delay (0.5 s to 5 s,
// at once when the browser comes back online) until it is kicked, refused or stopped. It keeps no messages:
// whoever gets onConnected fills the gap from the HTTP sync endpoints.

const CONNECT_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 10000;
const PING_EVERY_MS = 25000;

export class RpcConnection {
  /**
   * @param opts {url, uid, token, deviceId, onRecv(params), onState(state, detail), onConnected()}
   *   states: connecting, online, reconnecting, kicked, refused, stopped
   */
  constructor(opts) {
    this.opts = opts;
    this.ws = null;
    this.nextId = 1;
    this.pending = new Map();
    this.attempts = 0;
    this.timer = null;
    this.pinger = null;
    this.finished = false;
    this.online = false;
    this.retryNow = () => { if (this.timer) { clearTimeout(this.timer); this.timer = null; this.open(); } };
    window.addEventListener('online', this.retryNow);
  }

  start() {
    this.open();
  }

  stop() {
    this.finish('stopped');
    if (this.ws) this.ws.close();
  }

  /** Sends a message; resolves with the result ({messageId, messageSeq, reasonCode}) once the server stored it. */
  send(channelId, channelType, payload, clientMsgNo) {
    if (!this.online) return Promise.reject(new Error('not connected'));
    return this.request('send', { clientMsgNo, channelId, channelType, payload, header: { redDot: true } });
  }

  open() {
    if (this.finished) return;
    this.state(this.attempts === 0 ? 'connecting' : 'reconnecting');
    const ws = new WebSocket(this.opts.url);
    this.ws = ws;
    ws.onopen = () => {
      const { uid, token, deviceId } = this.opts;
      this.request('connect', { uid, token, deviceId, deviceFlag: 1, clientTimestamp: Date.now() }, CONNECT_TIMEOUT_MS)
        .then(() => {
          this.attempts = 0;
          this.online = true;
          this.state('online');
          this.pinger = setInterval(() => this.request('ping', {}).catch(() => ws.close()), PING_EVERY_MS);
          this.opts.onConnected();
        })
        .catch((err) => {
          if (err.code !== undefined) this.finish('refused', `reason ${err.code}: ${err.message}`);
          ws.close();
        });
    };
    ws.onmessage = (e) => this.dispatch(ws, e.data);
    ws.onclose = () => {
      this.online = false;
      clearInterval(this.pinger);
      for (const p of this.pending.values()) p.reject(new Error('connection closed'));
      this.pending.clear();
      if (this.finished || this.ws !== ws) return;
      const delay = Math.min(5000, 500 * 2 ** this.attempts++);
      this.state('reconnecting');
      this.timer = setTimeout(() => { this.timer = null; this.open(); }, delay);
    };
  }

  dispatch(ws, data) {
    let msg;
    try { msg = JSON.parse(data); } catch { return; }
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (msg.error) p.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
      else p.resolve(msg.result || {});
    } else if (msg.method === 'recv') {
      const m = msg.params;
      ws.send(JSON.stringify({ method: 'recvack', params: { header: m.header, messageId: m.messageId, messageSeq: m.messageSeq } }));
      this.opts.onRecv(m);
    } else if (msg.method === 'disconnect') {
      this.finish('kicked', `reason ${msg.params.reasonCode}: ${msg.params.reason}`);
    }
  }

  request(method, params, timeoutMs = REQUEST_TIMEOUT_MS) {
    const id = `${method}-${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', method, params, id }));
    });
  }

  finish(state, detail) {
    if (this.finished) return;
    this.finished = true;
    this.online = false;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    window.removeEventListener('online', this.retryNow);
    this.state(state, detail);
  }

  state(state, detail) {
    this.opts.onState(state, detail);
  }
}
