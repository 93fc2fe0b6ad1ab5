'use strict';
// Outgoing HTTP with bounded retries: a network error, a 5xx or a 429 is
// tried again at most `attempts - 1` times, honouring Retry-After (capped),
// with relative waits (setTimeout), which stay right when the wall clock jumps.

const exactjson = require('./exactjson');

class VendorError extends Error {
  constructor(system, method, url, status, body) {
    super(`${system}: ${method} ${new URL(url).pathname} answered ${status}${body ? ': ' + body.slice(0, 300) : ''}`);
    this.system = system;
    this.status = status;
    this.body = body;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function retryDelay(response, attempt) {
  const header = response && response.headers.get('retry-after');
  if (header && /^\d+(\.\d+)?$/.test(header.trim())) return Math.min(Number(header) * 1000, 5000);
  return Math.min(200 * 3 ** attempt, 3000);
}

async function call(system, method, url, { headers = {}, body, form, attempts = 3, ok = null } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (form !== undefined) {
    init.body = new URLSearchParams(form).toString();
    init.headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let last = null;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    let response = null;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(15000) });
    } catch (err) {
      last = new VendorError(system, method, url, 'no answer', String(err && err.message));
      if (attempt + 1 < attempts) await sleep(retryDelay(null, attempt));
      continue;
    }
    const text = await response.text();
    if (response.status === 429 || response.status >= 500) {
      last = new VendorError(system, method, url, response.status, text);
      if (attempt + 1 < attempts) await sleep(retryDelay(response, attempt));
      continue;
    }
    const good = ok ? ok(response.status) : response.status >= 200 && response.status < 300;
    if (!good) throw new VendorError(system, method, url, response.status, text);
    let data = null;
    if (text && (response.headers.get('content-type') || '').includes('json')) data = exactjson.parse(text);
    return { status: response.status, headers: response.headers, text, data };
  }
  throw last;
}

module.exports = { call, VendorError, sleep };
