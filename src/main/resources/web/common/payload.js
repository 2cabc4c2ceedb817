// Message payloads as the WuKongIM SDKs write them: Base64 of the UTF-8 JSON {"type":1,"content":"text"}.

/** The Base64 payload of a text message. */
export function textPayload(text) {
  const bytes = new TextEncoder().encode(JSON.stringify({ type: 1, content: text }));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** What to show for a payload: the content of a text message, otherwise a short description of what it is. */
export function describePayload(base64) {
  let text;
  try {
    const binary = atob(base64 || '');
    text = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return '[undecodable payload]';
  }
  try {
    const json = JSON.parse(text);
    if (json && typeof json.content === 'string') return json.content;
    if (json && json.type !== undefined) return `[message type ${json.type}] ${text}`;
  } catch {
    // not JSON: show the raw text
  }
  return text;
}
