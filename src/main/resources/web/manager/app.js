// The manager console: sign in with the manager token, then one page per tab (#nodes, #connections, #channel,
// #user, #stats). The token lives in this tab's session storage and in the `token` header of each call; the URL
// only ever holds the tab name.

import { byId, say, show } from '/common/dom.js';
import { ConsoleApi, Unauthorized } from './api.js';
import { nodesPage } from './nodes.js';
import { connectionsPage } from './connections.js';
import { channelPage } from './channel.js';
import { userPage } from './user.js';
import { statsPage } from './stats.js';

const TOKEN = 'jindou.manager.token';
const login = byId('login');
const loginError = byId('login-error');
const consoleView = byId('console');
const logout = byId('logout');
let pages = null;
let current = null;

function signOut(message) {
  sessionStorage.removeItem(TOKEN);
  if (current) pages[current].hide();
  pages = null;
  current = null;
  show(consoleView, false);
  show(logout, false);
  show(login, true);
  say(loginError, message);
}

function route() {
  if (!pages) return;
  const tab = pages[location.hash.slice(1)] ? location.hash.slice(1) : 'nodes';
  if (current === tab) return;
  if (current) {
    pages[current].hide();
    show(byId(`page-${current}`), false);
  }
  current = tab;
  for (const a of document.querySelectorAll('.tabs a')) a.classList.toggle('active', a.dataset.tab === tab);
  show(byId(`page-${tab}`), true);
  pages[tab].show();
}

async function signIn(token) {
  const api = new ConsoleApi(token);
  await api.get('/manager/api/nodes'); // throws Unauthorized for a wrong token
  api.onUnauthorized = () => signOut('The server no longer accepts this token; sign in again.');
  sessionStorage.setItem(TOKEN, token);
  pages = {
    nodes: nodesPage(api), connections: connectionsPage(api), channel: channelPage(api), user: userPage(api),
    stats: statsPage(api),
  };
  show(login, false);
  show(consoleView, true);
  show(logout, true);
  route();
}

byId('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  say(loginError, '');
  const input = byId('token');
  try {
    await signIn(input.value);
    input.value = '';
  } catch (err) {
    say(loginError, err instanceof Unauthorized ? 'Wrong manager token.' : `Cannot reach the server: ${err.message}`);
  }
});

logout.addEventListener('click', () => signOut(''));
window.addEventListener('hashchange', route);

const saved = sessionStorage.getItem(TOKEN);
if (saved !== null) signIn(saved).catch((err) => signOut(err instanceof Unauthorized ? 'Sign in again.' : err.message));
