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

const fs = require('node:fs');
const nodeHttp = require('node:http');
const nodeHttps = require('node:https');

// Seconds the machine has been up, from the kernel: a clock libfaketime does not
// move (it fakes clock_gettime, which Node's timers and performance.now() read).
function uptime() {
  try {
    return Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

// Call `fn` once at least `ms` of real time have passed (unless cancelled): a
// timeout that a jump of the faked clocks cannot fire early. Returns cancel().
function realTimer(ms, fn) {
  const start = uptime();
  let handle = null;
  let cancelled = false;
  const arm = () => {
    const left = start === null ? 0 : ms + 20 - (uptime() - start) * 1000;
    if (start !== null && left > 0) {
      handle = setTimeout(arm, Math.min(left, 250));
    } else if (!cancelled) {
      fn();
    }
  };
  handle = setTimeout(arm, start === null ? ms : Math.min(ms, 250));
  return () => {
    cancelled = true;
    clearTimeout(handle);
  };
}

// Wait at least `ms` of real time. A timer alone can fire early when the wall and
// monotonic clocks jump forward (a SUT on a virtual clock), so the wait goes on in
// short steps until the kernel's uptime has moved too. Without /proc, a plain timer.
async function sleep(ms) {
  const start = uptime();
  const tick = (t) => new Promise((resolve) => setTimeout(resolve, t));
  if (start === null) return tick(ms);
  for (;;) {
    const left = ms + 20 - (uptime() - start) * 1000; // +20: uptime moves in 10 ms steps
    if (left <= 0) return undefined;
    await tick(Math.min(left, 50));
  }
}

function retryDelay(response, attempt) {
  const header = response && response.headers.get('retry-after');
  if (header && /^\d+(\.\d+)?$/.test(header.trim())) return Math.min(Number(header) * 1000, 5000);
  return Math.min(200 * 3 ** attempt, 3000);
}

// One HTTP exchange on node:http(s). Not fetch: undici's own header and body
// timeouts run on the faked clocks and fire early when they jump, and fetch has
// no way to switch them off without the undici package. The only timeout here
// is a real-time one (realTimer).
function exchange(method, url, headers, body, timeoutMs) {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? nodeHttps : nodeHttp;
    const payload = body === undefined ? null : Buffer.from(body, 'utf8');
    const allHeaders = { ...headers };
    if (payload) allHeaders['Content-Length'] = String(payload.length);
    const req = lib.request(target, { method, headers: allHeaders }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        cancel();
        const text = Buffer.concat(chunks).toString('utf8');
        const get = (name) => {
          const v = res.headers[name.toLowerCase()];
          return Array.isArray(v) ? v[0] : v === undefined ? null : v;
        };
        resolve({ status: res.statusCode, headers: { get }, text });
      });
      res.on('error', fail);
    });
    function fail(err) {
      cancel();
      reject(err);
    }
    const cancel = realTimer(timeoutMs, () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    req.on('error', fail);
    if (payload) req.write(payload);
    req.end();
  });
}

async function call(system, method, url, { headers = {}, body, form, attempts = 3, ok = null, backoff = retryDelay } = {}) {
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
      response = await exchange(method, url, init.headers, init.body, 15000);
    } catch (err) {
      const code = err && err.code;
      last = new VendorError(system, method, url, 'no answer', `${code || ''} ${String(err && err.message)}`);
      // A write that may have reached the vendor is not sent again (it could be applied twice);
      // a refused connection never reached it.
      if (method !== 'GET' && code !== 'ECONNREFUSED') throw last;
      if (attempt + 1 < attempts) await sleep(backoff(null, attempt));
      continue;
    }
    const text = response.text;
    if (response.status === 429 || response.status >= 500) {
      last = new VendorError(system, method, url, response.status, text);
      if (attempt + 1 < attempts) await sleep(backoff(response, attempt));
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

module.exports = { call, VendorError, sleep, realTimer };
