// One official WuKongIM JS client (npm wukongimjssdk@1.0.4) per process, driven line by line.
//
//   node --import ./register.mjs client.mjs --addr ws://127.0.0.1:5200 --uid u1 --token t1 [options]
//
// stdin:  newline-delimited JSON commands   ({"cmd":"send","channel_id":"u2","channel_type":1,"text":"hi"}, ...)
// stdout: newline-delimited JSON events     ({"event":"status","status":"Connected","code":1}, ...)
// stderr: free text (the SDK's own console output when SDK_LOG=1, Node warnings); never parsed.
// The protocol is documented in README.md. The SDK is a set of singletons, hence one client per process.
//
// What this script does NOT do: it never touches the wire itself (everything goes through the SDK, so the tests
// see exactly what a browser app would send), and it never reconnects on its own (the SDK's 3 s auto-reconnect
// after an unexpected close is left as is, because servers must cope with it).

import readline from 'node:readline';
import { WebSocket as NodeWebSocket } from 'ws';

// ---- options: CLI flags win over environment variables ----
const argv = process.argv.slice(2);
function flag(name) {
  return argv.includes(`--${name}`);
}
function opt(name, env, fallback) {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < argv.length) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  if (process.env[env] !== undefined && process.env[env] !== '') return process.env[env];
  return fallback;
}
const ADDR = opt('addr', 'WK_ADDR', 'ws://127.0.0.1:5200');
const UID = opt('uid', 'WK_UID', '');
const TOKEN = opt('token', 'WK_TOKEN', '');
const HEARTBEAT_MS = Number(opt('heartbeat', 'WK_HEARTBEAT_MS', '60000'));
const DEVICE_FLAG = Number(opt('device-flag', 'WK_DEVICE_FLAG', '1'));
const TIMEOUT_S = Number(opt('timeout', 'WK_TIMEOUT_S', '120'));
const TRACE = flag('trace') || process.env.WK_TRACE === '1';
const AUTO_CONNECT = !flag('no-connect');
const SDK_LOG = process.env.SDK_LOG === '1';

// ---- output: one JSON object per line on stdout, nothing else ever goes to stdout ----
const out = process.stdout;
function emit(event, fields = {}) {
  out.write(JSON.stringify({ event, ...fields }) + '\n');
}

// Hard stop first, so that nothing below can leave a process behind (the SDK's receipt timer alone keeps Node alive).
let sdk = null; // WKSDK.shared(), once loaded
let exiting = false;
function exit(reason, code = 0) {
  if (exiting) return;
  exiting = true;
  try {
    sdk?.connectManager.disconnect(); // closes the WebSocket, stops heartbeat and reconnect timers
  } catch (e) {
    // best effort: we are leaving anyway
  }
  emit('exit', { reason });
  // give the close frame a moment to leave, then go even if the write has not drained
  setTimeout(() => process.exit(code), 100);
}
const hardTimer = setTimeout(() => exit('timeout', 3), TIMEOUT_S * 1000);
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => exit('signal:' + sig, 0));
process.stdout.on('error', () => process.exit(4)); // parent went away (EPIPE)

// A browser only logs errors thrown in timers/callbacks; Node would crash. Report them instead, like a console would.
process.on('uncaughtException', (e) => emit('error', { where: 'uncaughtException', message: String(e?.stack || e) }));
process.on('unhandledRejection', (e) => emit('error', { where: 'unhandledRejection', message: String(e?.stack || e) }));

// ---- the SDK talks a lot through console.log (Chinese); keep it off stdout, surface the few lines that matter ----
const WARNINGS = [
  ['解码数据异常', 'decode_error'], // packet decoding threw; the SDK reconnects
  ['非法的消息', 'bad_msgkey'], // RECV msgKey did not verify; message dropped, no RECVACK
  ['有粘包', 'coalesced'], // more than one packet in one WS message (npm 1.0.4 mishandles this, spec §4.3)
  ['还有包未到', 'partial_packet'], // a packet spans WS messages
  ['ping没有响应', 'ping_timeout'], // more than 3 unanswered PINGs; the SDK drops and reconnects
  ['连接失败', 'connect_fail'], // CONNACK reasonCode != 1
  ['连接被踢', 'kicked'], // DISCONNECT received
  ['开始重连', 'reconnecting'], // reconnect scheduled in 3 s
];
function sdkConsole(level) {
  return (...args) => {
    const first = typeof args[0] === 'string' ? args[0] : '';
    for (const [needle, kind] of WARNINGS) {
      if (first.includes(needle)) {
        emit('sdk_warning', { kind, text: args.map(describe).join(' ').slice(0, 2000) });
        break;
      }
    }
    if (SDK_LOG) process.stderr.write(`[sdk ${level}] ${args.map(describe).join(' ')}\n`);
  };
}
function describe(a) {
  if (typeof a === 'string') return a;
  if (a instanceof Error) return a.stack || String(a);
  try {
    return JSON.stringify(a, (k, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (e) {
    return String(a);
  }
}
console.log = sdkConsole('log');
console.info = sdkConsole('info');
console.debug = sdkConsole('debug');
console.warn = sdkConsole('warn');
console.error = sdkConsole('error');

// ---- the WebSocket the SDK gets: `ws`, observed (open/close/error, and every frame with --trace) ----
const PACKET_TYPES = ['UNKNOWN', 'CONNECT', 'CONNACK', 'SEND', 'SENDACK', 'RECV', 'RECVACK', 'PING', 'PONG',
  'DISCONNECT', 'SUB', 'SUBACK', 'EVENT'];
function frameFields(data) {
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength ?? data.length);
  const type = bytes.length > 0 ? bytes[0] >> 4 : -1;
  return { type: PACKET_TYPES[type] ?? String(type), length: bytes.length, hex: Buffer.from(bytes).toString('hex') };
}
class ObservedWebSocket extends NodeWebSocket {
  constructor(address, ...rest) {
    super(address, ...rest);
    this.addEventListener('open', () => emit('ws', { type: 'open', url: address }));
    this.addEventListener('close', (e) => emit('ws', { type: 'close', code: e.code, reason: e.reason, wasClean: e.wasClean }));
    this.addEventListener('error', (e) => emit('ws', { type: 'error', message: String(e?.message || e?.error || e) }));
    if (TRACE) {
      this.addEventListener('message', (e) => {
        if (typeof e.data === 'string') emit('frame', { dir: 'in', text: e.data });
        else emit('frame', { dir: 'in', ...frameFields(e.data) });
      });
    }
  }

  send(data, ...rest) {
    if (TRACE) emit('frame', { dir: 'out', ...frameFields(data) });
    return super.send(data, ...rest);
  }
}
globalThis.WebSocket = ObservedWebSocket;

// ---- the SDK (loaded only now: it must see the global WebSocket and the muted console) ----
const { default: WKSDK } = await import('wukongimjssdk');
const { ConnectStatus } = await import('wukongimjssdk/lib/connect_manager.js');
const { MessageText, MessageContent, Channel } = await import('wukongimjssdk/lib/model.js');

// The SDK hands its listeners decoded content only; keep the payload bytes each content was decoded from, so a test
// can compare exactly what arrived (every content type decodes through MessageContent.decode).
const decodeContent = MessageContent.prototype.decode;
MessageContent.prototype.decode = function (data) {
  this.rawPayload = data;
  return decodeContent.call(this, data);
};

sdk = WKSDK.shared();
sdk.config.addr = ADDR;
sdk.config.uid = UID;
sdk.config.token = TOKEN;
sdk.config.heartbeatInterval = HEARTBEAT_MS;
sdk.config.deviceFlag = DEVICE_FLAG;

sdk.connectManager.addConnectStatusListener((status, reasonCode) => {
  emit('status', { status: ConnectStatus[status] ?? String(status), code: reasonCode ?? null });
});

sdk.chatManager.addMessageStatusListener((ack) => {
  emit('sendack', {
    clientSeq: ack.clientSeq,
    reasonCode: ack.reasonCode,
    messageID: ack.messageID?.toString(10) ?? null, // BigNumber in 1.0.4
    messageSeq: ack.messageSeq,
  });
});

function messageFields(m) {
  const content = m.content || {};
  return {
    fromUID: m.fromUID,
    channelID: m.channel?.channelID,
    channelType: m.channel?.channelType,
    messageID: m.messageID === undefined || m.messageID === null ? null : String(m.messageID), // decimal string
    messageSeq: m.messageSeq,
    clientMsgNo: m.clientMsgNo,
    timestamp: m.timestamp,
    // the payload's own "type"; the SDK maps unregistered types to content type 0
    contentType: content.contentObj?.type ?? content.contentType ?? null,
    text: typeof content.text === 'string' ? content.text : null,
    payload: content.contentObj ?? null, // the decoded JSON payload as received
    payloadBase64: content.rawPayload ? Buffer.from(content.rawPayload).toString('base64') : null, // its exact bytes
    fromSelf: m.fromUID === UID, // another device of the same uid (the server's multi-device echo)
    header: { reddot: !!m.header?.reddot, noPersist: !!m.header?.noPersist, syncOnce: !!m.header?.syncOnce, dup: !!m.header?.dup },
  };
}

// The SDK also fires the message listener synchronously inside chatManager.send() for the message being sent
// (Message.fromSendPacket: no messageID yet). Those are not incoming messages: the send command reports them
// as its "sent" event instead.
sdk.chatManager.addMessageListener((m) => {
  if (m.messageID === undefined && m.clientSeq !== undefined) return;
  emit('message', messageFields(m));
});
sdk.chatManager.addCMDListener((m) => emit('cmd_message', messageFields(m)));

/** Content with an arbitrary JSON payload ("type" is required by WuKongIM; the SDK writes it last). */
function rawContent(payload) {
  const c = new MessageContent();
  c.contentType = Number(payload.type ?? 0);
  c.encodeJSON = () => {
    const copy = { ...payload };
    delete copy.type;
    return copy;
  };
  return c;
}

// ---- commands ----
async function handle(line) {
  let c;
  try {
    c = JSON.parse(line);
  } catch (e) {
    emit('error', { where: 'command', message: `not JSON: ${line.slice(0, 200)}` });
    return;
  }
  const id = c.id ?? null;
  try {
    switch (c.cmd) {
      case 'send': {
        const channelId = c.channel_id ?? c.channelID;
        const channelType = Number(c.channel_type ?? c.channelType ?? 1);
        if (!channelId) throw new Error('send needs channel_id');
        const content = c.payload !== undefined ? rawContent(c.payload) : new MessageText(String(c.text ?? ''));
        const m = await sdk.chatManager.send(content, new Channel(String(channelId), channelType));
        emit('sent', { id, clientSeq: m.clientSeq, clientMsgNo: m.clientMsgNo, channelID: m.channel.channelID, channelType: m.channel.channelType,
          payloadBase64: Buffer.from(content.encode()).toString('base64') }); // the bytes the SDK encrypted and sent
        break;
      }
      case 'subscribe': {
        // channelManager.onSubscribe sends SUB; the SDK calls the listener with (undefined, reasonCode) on SUBACK
        // and with each message of the channel afterwards
        const channel = new Channel(String(c.channel_id), Number(c.channel_type ?? 7));
        sdk.channelManager.onSubscribe(channel, (m, reasonCode) => {
          if (m === undefined) emit('subscribe', { channelID: channel.channelID, channelType: channel.channelType, reasonCode });
          else emit('subscribe_message', messageFields(m));
        });
        emit('ok', { id, cmd: c.cmd });
        break;
      }
      case 'connect':
        sdk.connectManager.connect();
        emit('ok', { id, cmd: c.cmd });
        break;
      case 'disconnect':
        // The SDK closes the socket and stops reconnecting, but notifies no status listener for a local disconnect.
        sdk.connectManager.disconnect();
        emit('ok', { id, cmd: c.cmd });
        break;
      case 'state':
        emit('state', { id, status: ConnectStatus[sdk.connectManager.status] ?? String(sdk.connectManager.status) });
        break;
      case 'exit':
        exit('command', 0);
        break;
      default:
        emit('error', { id, where: 'command', message: `unknown cmd: ${c.cmd}` });
    }
  } catch (e) {
    emit('error', { id, where: 'command', cmd: c.cmd, message: String(e?.message || e) });
  }
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
let queue = Promise.resolve();
rl.on('line', (line) => {
  if (line.trim() === '') return;
  queue = queue.then(() => handle(line)); // in order, one at a time
});
rl.on('close', () => queue.then(() => exit('stdin_end', 0)));

emit('ready', {
  pid: process.pid,
  addr: ADDR,
  uid: UID,
  sdkVersion: '1.0.4',
  protoVersion: sdk.config.protoVersion,
  deviceFlag: sdk.config.deviceFlag,
  heartbeatMs: HEARTBEAT_MS,
  timeoutS: TIMEOUT_S,
});
if (AUTO_CONNECT) sdk.connectManager.connect();
void hardTimer;
