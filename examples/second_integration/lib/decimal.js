'use strict';
// Exact decimals as text, compared and formatted with BigInt: money never
// becomes a double in this integration.

function split(text) {
  const s = String(text).trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  return { sign: m[1] === '-' ? -1n : 1n, int: m[2], frac: m[3] || '' };
}

function isDecimal(text) {
  return text !== null && text !== undefined && split(text) !== null;
}

// Compare two decimal texts: -1, 0, 1.
function compare(a, b) {
  const x = split(a);
  const y = split(b);
  const places = Math.max(x.frac.length, y.frac.length);
  const scaled = (d) => d.sign * BigInt(d.int + d.frac.padEnd(places, '0'));
  const p = scaled(x);
  const q = scaled(y);
  return p < q ? -1 : p > q ? 1 : 0;
}

// At least `min` decimal places, never fewer digits than written (no rounding).
function format(text, min = 2) {
  const d = split(text);
  const frac = d.frac.padEnd(min, '0');
  const int = d.int.replace(/^0+(?=\d)/, '');
  return `${d.sign < 0n ? '-' : ''}${int}${frac ? '.' + frac : ''}`;
}

function inRange(text, low, high) {
  return compare(text, low) >= 0 && compare(text, high) <= 0;
}

module.exports = { isDecimal, compare, format, inRange };
