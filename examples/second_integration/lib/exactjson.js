'use strict';
// JSON without floating point: every number that is not a safe integer is
// kept as the exact text it was written in (a string), so a salary such as
// 38500.125 or 99999999999999.99 never passes through a double.

const MARK = '\u0000num:';

function parse(text) {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < n && /[0-9eE+\-.]/.test(text[j])) j += 1;
      const token = text.slice(i, j);
      out += JSON.stringify(MARK + token);
      i = j;
    } else {
      out += c;
      i += 1;
    }
  }
  return JSON.parse(out, (_key, value) => {
    if (typeof value === 'string' && value.startsWith(MARK)) {
      const token = value.slice(MARK.length);
      if (/^-?\d+$/.test(token) && Number.isSafeInteger(Number(token))) return Number(token);
      return token; // exact decimal text
    }
    return value;
  });
}

module.exports = { parse };
