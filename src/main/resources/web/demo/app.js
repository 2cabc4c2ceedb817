// The chat demo: sign in with a uid, then person chats and demo-* groups over one JSON-RPC WebSocket connection.
// History comes from /channel/messagesync, the list and its unread counts from /conversation/sync, online status
// from /user/onlinestatus (all through the demo API, as the signed-in uid). After a reconnect the open chat is
// filled from the last message it shows, and the list is synced again.

import { byId, say, show } from '/common/dom.js';
import { DemoApi, HttpError, fetchToken, wsAddress } from './api.js';
import { RpcConnection } from './rpc.js';
import { Conversations, keyOf } from './conversations.js';
import { renderConversations, showMessage } from './view.js';
import { describePayload, textPayload } from '/common/payload.js';

const SESSION = 'jindou.demo.session';
const ui = {
  status: byId('status'), me: byId('me'), leave: byId('leave'), banner: byId('banner'),
  login: byId('login'), loginForm: byId('login-form'), uid: byId('uid'), loginError: byId('login-error'),
  chat: byId('chat'), personForm: byId('open-person'), peer: byId('peer'), groupForm: byId('open-group'),
  group: byId('group'), sideError: byId('side-error'), list: byId('conversations'), title: byId('title'),
  peerStatus: byId('peer-status'), messages: byId('messages'), composer: byId('composer'), text: byId('text'),
  send: byId('send'), sendError: byId('send-error'),
};

let api = null;
let conn = null;
let open = null; // {id, type, key}
const conversations = new Conversations();
let online = new Set();
let refreshTimer = null;

/** 32 random hex digits (crypto.randomUUID needs a secure context; a demo may run on plain http://host). */
function randomHex() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function updateComposer() {
  const on = ui.status.dataset.state === 'online' && open !== null;
  ui.text.disabled = !on;
  ui.send.disabled = !on;
}

function setStatus(state, detail) {
  ui.status.textContent = state;
  ui.status.className = `pill ${state}`;
  ui.status.dataset.state = state;
  updateComposer();
  if (state === 'kicked') say(ui.banner, `This session was kicked by the server (${detail}). Reload the page to come back.`);
  else if (state === 'refused') say(ui.banner, `The server refused the connection (${detail}).`);
}

function renderList() {
  renderConversations(ui.list, conversations.sorted(), open && open.key, online, (e) => openChat(e.id, e.type));
}

/** Re-reads the conversation list (debounced: a burst of pushed messages makes one call). */
function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 300);
}

async function refresh() {
  try {
    conversations.merge(await api.conversations());
    const stale = open && conversations.items.get(open.key);
    if (stale && stale.unread > 0) await markRead(open);
    online = new Set((await api.online(conversations.peers())).map((s) => s.uid));
    renderList();
    if (open && open.type === 1) ui.peerStatus.textContent = online.has(open.id) ? 'online' : 'offline';
  } catch (err) {
    if (!(err instanceof TypeError)) say(ui.sideError, err.message); // a TypeError is the server being away
  }
}

async function markRead(chat) {
  conversations.read(chat.key);
  renderList();
  await api.clearUnread(chat.id, chat.type);
}

function toMessage(m) {
  return { seq: m.message_seq, from: m.from_uid, ts: m.timestamp, text: describePayload(m.payload) };
}

function lastShownSeq() {
  const last = ui.messages.lastElementChild;
  return last ? Number(last.dataset.seq) : 0;
}

async function openChat(id, type) {
  open = { id, type, key: keyOf(id, type) };
  conversations.ensure(id, type);
  ui.title.textContent = type === 2 ? `group ${id}` : id;
  ui.peerStatus.textContent = type === 1 ? (online.has(id) ? 'online' : 'offline') : '';
  ui.messages.replaceChildren();
  updateComposer();
  renderList();
  try {
    const page = await api.history(id, type, 0, 0);
    if (!open || open.key !== keyOf(id, type)) return;
    page.messages.forEach((m) => showMessage(ui.messages, api.uid, toMessage(m)));
    await markRead(open);
  } catch (err) {
    say(ui.sendError, err.message);
  }
}

/** After a reconnect: everything after the last message the open chat shows, page by page. */
async function fillGap() {
  if (!open) return;
  const chat = open;
  for (let more = 1; more && open === chat;) {
    const page = await api.history(chat.id, chat.type, lastShownSeq() + 1, 1, 200);
    page.messages.forEach((m) => showMessage(ui.messages, api.uid, toMessage(m)));
    more = page.more;
  }
  await markRead(chat);
}

function onRecv(m) {
  const text = describePayload(m.payload);
  const mine = m.fromUid === api.uid;
  const isOpen = open && open.key === keyOf(m.channelId, m.channelType);
  conversations.saw(m.channelId, m.channelType, m.messageSeq, m.timestamp, text, !isOpen && !mine);
  if (isOpen) {
    showMessage(ui.messages, api.uid, { seq: m.messageSeq, from: m.fromUid, ts: m.timestamp, text });
    markRead(open).catch(() => {});
  }
  renderList();
  refreshSoon();
}

async function connect() {
  let url;
  for (let wait = 500; !url; wait = Math.min(wait * 2, 5000)) {
    try {
      url = await wsAddress();
    } catch {
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  const deviceId = sessionStorage.getItem(`${SESSION}.device`) || randomHex();
  sessionStorage.setItem(`${SESSION}.device`, deviceId);
  conn = new RpcConnection({
    url, uid: api.uid, token: api.token, deviceId, onRecv,
    onState: setStatus,
    onConnected: () => { fillGap().catch(() => {}); refresh(); },
  });
  conn.start();
}

async function start(uid, token) {
  api = new DemoApi(uid, token);
  ui.me.textContent = uid;
  show(ui.login, false);
  show(ui.chat, true);
  show(ui.leave, true);
  await connect();
  setInterval(refresh, 5000); // online status and anything a push missed
}

ui.loginForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  say(ui.loginError, '');
  try {
    const { uid, token } = await fetchToken(ui.uid.value.trim());
    sessionStorage.setItem(SESSION, JSON.stringify({ uid, token }));
    await start(uid, token);
  } catch (err) {
    say(ui.loginError, err instanceof HttpError ? err.message : `cannot reach the server: ${err.message}`);
  }
});

ui.personForm.addEventListener('submit', (e) => {
  e.preventDefault();
  const peer = ui.peer.value.trim();
  ui.peer.value = '';
  if (peer) openChat(peer, 1);
});

ui.groupForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  say(ui.sideError, '');
  try {
    const g = await api.joinGroup(`demo-${ui.group.value.trim()}`);
    ui.group.value = '';
    await openChat(g.channel_id, g.channel_type);
  } catch (err) {
    say(ui.sideError, err.message);
  }
});

ui.composer.addEventListener('submit', async (e) => {
  e.preventDefault();
  const text = ui.text.value;
  if (!text || !open) return;
  say(ui.sendError, '');
  const chat = open;
  try {
    const ack = await conn.send(chat.id, chat.type, textPayload(text), randomHex());
    if (ack.reasonCode !== 1) throw new Error(`the server refused the message (reason ${ack.reasonCode})`);
    ui.text.value = '';
    const ts = Math.floor(Date.now() / 1000);
    conversations.saw(chat.id, chat.type, ack.messageSeq, ts, text, false);
    if (open === chat) showMessage(ui.messages, api.uid, { seq: ack.messageSeq, from: api.uid, ts, text });
    renderList();
  } catch (err) {
    say(ui.sendError, err.message);
  }
});

ui.leave.addEventListener('click', () => {
  if (conn) conn.stop();
  sessionStorage.removeItem(SESSION);
  location.reload();
});

const saved = JSON.parse(sessionStorage.getItem(SESSION) || 'null');
if (saved) start(saved.uid, saved.token);
