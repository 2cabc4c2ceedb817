// DOM helpers shared by the demo and the console. Text only ever goes in through textContent: no page builds
// markup from strings, so a message or a uid containing HTML is shown as the characters it is.

/** Creates an element: el('li', {class: 'x', text: 'hello', data: {key: 'k'}, attrs: {title: 't'}}, ...children). */
export function el(tag, opts = {}, ...children) {
  const node = document.createElement(tag);
  if (opts.class) node.className = opts.class;
  if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
  for (const [k, v] of Object.entries(opts.data || {})) node.dataset[k] = String(v);
  for (const [k, v] of Object.entries(opts.attrs || {})) node.setAttribute(k, String(v));
  if (opts.on) for (const [event, fn] of Object.entries(opts.on)) node.addEventListener(event, fn);
  for (const c of children) if (c) node.append(c);
  return node;
}

/** The element with this id (throws if the page lacks it: a typo should fail loudly). */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`no element #${id}`);
  return node;
}

/** Replaces every child of node with the given ones. */
export function fill(node, ...children) {
  node.replaceChildren(...children.filter(Boolean));
}

/** Shows or hides an element (the hidden attribute; no inline styles, which the CSP forbids). */
export function show(node, visible) {
  node.hidden = !visible;
}

/** Shows a message in an error line, or hides the line for an empty message. */
export function say(node, message) {
  node.textContent = message || '';
  node.hidden = !message;
}

/** A local time of day for a Unix timestamp in seconds. */
export function clock(seconds) {
  if (!seconds) return '';
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
