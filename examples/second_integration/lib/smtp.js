'use strict';
// A small SMTP client (RFC 5321) on node:net: EHLO, MAIL, RCPT, DATA, QUIT.
// Bodies are UTF-8 text sent as base64; a non-ASCII subject is an RFC 2047
// encoded word. One connection per message keeps the state machine trivial.

const net = require('node:net');
const crypto = require('node:crypto');
const { realTimer } = require('./http');

function encodeHeader(text) {
  // eslint-disable-next-line no-control-regex
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

function buildMessage({ from, to, subject, text }) {
  const body = Buffer.from(text, 'utf8').toString('base64').replace(/.{1,76}/g, '$&\r\n');
  const headers = [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${encodeHeader(subject)}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${crypto.randomUUID()}@second-integration.local>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ];
  return headers.join('\r\n') + '\r\n\r\n' + body;
}

function send({ host, port, from, to, subject, text, timeoutMs = 10000 }) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const steps = [
      { expect: 220, next: () => `EHLO second-integration.local` },
      { expect: 250, next: () => `MAIL FROM:<${from}>` },
      { expect: 250, next: () => `RCPT TO:<${to}>` },
      { expect: 250, next: () => 'DATA' },
      { expect: 354, next: () => buildMessage({ from, to, subject, text }).replace(/^\./gm, '..') + '\r\n.' },
      { expect: 250, accepts: true, next: () => 'QUIT' },
      { expect: 221, next: null },
    ];
    let buffer = '';
    let done = false;
    let accepted = false; // the relay took the message (250 after DATA): never send it again
    const finish = (err) => {
      if (done) return;
      done = true;
      cancelTimer();
      socket.destroy();
      if (err && !accepted) reject(err);
      else resolve();
    };
    // A real-time timeout for the whole exchange (socket timeouts run on the faked clocks).
    const cancelTimer = realTimer(timeoutMs, () => finish(new Error('SMTP timeout')));
    socket.on('error', finish);
    socket.on('close', () => finish(steps.length > 1 ? new Error('SMTP connection closed early') : null));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      // a reply is complete at a line "NNN text" (no dash after the code)
      for (;;) {
        const lines = buffer.split('\r\n');
        const last = lines.findIndex((l) => /^\d{3}( |$)/.test(l));
        if (last < 0) return;
        const reply = lines[last];
        buffer = lines.slice(last + 1).join('\r\n');
        const code = Number(reply.slice(0, 3));
        const step = steps.shift();
        if (step.accepts && code === 250) accepted = true;
        if (code !== step.expect) {
          finish(new Error(`SMTP: expected ${step.expect}, got ${reply}`));
          return;
        }
        if (step.next === null) {
          finish(null);
          return;
        }
        socket.write(step.next() + '\r\n');
      }
    });
  });
}

module.exports = { send, encodeHeader };
