// The console's only way to the server: the documented HTTP API (plus the console reads under /manager/api/),
// with the manager token in the `token` header, never in a URL. Every call is remembered as "METHOD path" so each
// page can show which endpoints it used.

export class Unauthorized extends Error {}

export class ConsoleApi {
  /** @param onUnauthorized called when the server refuses the token (before the call fails) */
  constructor(token, onUnauthorized = () => {}) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
    this.calls = [];
  }

  /** Starts a new list of calls (a page does this before it loads). */
  begin() {
    this.calls = [];
  }

  get(path, params = {}) {
    const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')).toString();
    return this.request('GET', query ? `${path}?${query}` : path);
  }

  post(path, body) {
    return this.request('POST', path, body);
  }

  async request(method, url, body) {
    this.calls.push(`${method} ${url}${body === undefined ? '' : ` ${JSON.stringify(body)}`}`);
    const headers = { Accept: 'application/json' };
    if (this.token) headers.token = this.token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* reported below */ }
    if (res.status === 401) {
      this.onUnauthorized();
      throw new Unauthorized((json && json.msg) || 'the manager token was refused');
    }
    if (!res.ok) throw new Error(`${method} ${url}: ${(json && json.msg) || `HTTP ${res.status}`}`);
    return json;
  }
}
