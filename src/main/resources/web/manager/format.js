// Number formats of the console.

export function bytes(n) {
  if (!Number.isFinite(n)) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export function count(n) {
  if (!Number.isFinite(n)) return '?';
  return n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(n % 1 ? 1 : 0);
}

export const DEVICES = { 0: 'App', 1: 'Web', 2: 'PC' };
