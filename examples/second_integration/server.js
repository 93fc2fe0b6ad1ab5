'use strict';
// A recruiting integration in Node.js (standard library only), written from
// the vendors' public documentation:
//
//   Greenhouse web hooks  -> candidate emails (SMTP), Calendly single-use links,
//                            a DocuSign envelope on offer approval,
//                            a BambooHR employee on hire;
//   Calendly web hooks    -> an interview confirmation email (booking and reschedule);
//   DocuSign Connect      -> the envelope's status, kept in memory.
//
// Failures go to the integration owner by email. See README.md for its choices
// and variants.md for the seeded bugs selected by ATS_HARNESS_VARIANT.

const http = require('node:http');
const crypto = require('node:crypto');

const exactjson = require('./lib/exactjson');
const decimal = require('./lib/decimal');
const smtp = require('./lib/smtp');
const pdf = require('./lib/pdf');
const { sleep, realTimer } = require('./lib/http');
const { Greenhouse, Calendly, DocuSign, BambooHR } = require('./lib/vendors');

const env = process.env;
const PORT = Number(env.PORT || 8900);
const SELF = env.PUBLIC_URL || `http://127.0.0.1:${PORT}`;
const OWNER = env.ALERT_EMAIL || 'integration-owner@example.com';
const SENDER = env.MAIL_FROM || 'recruiting@example.com';
const COMPANY = env.COMPANY_NAME || 'Example Co';
const VARIANT = env.ATS_HARNESS_VARIANT || '';
const bug = (name) => VARIANT === name;

const INTERVIEW_STAGES = ['Phone Screen', 'Technical Interview', 'Onsite'];
const OFFER_STAGE = 'Offer';
// Entering one of these stages means an interview just happened.
const AFTER_INTERVIEW = ['Technical Interview', 'Onsite', 'Offer'];
const SUBJECTS = {
  application_confirmation: 'Thanks for applying',
  interview_invitation: 'Pick a time for your interview',
  post_interview_update: 'Thank you for interviewing',
  stage_advancement: "You're moving to the offer stage",
  interview_confirmation: 'Interview confirmed',
  offer: 'Your offer letter is ready',
  rejection: 'Your application status',
};
// Inclusive ranges; a record outside them is held for review (no sync, an alert).
const RANGES = {
  salary: { year: ['20000', '500000'], month: ['2000', '40000'], hour: ['10', '250'] },
  hours: ['1', '60'],
};
const CALENDLY_TOLERANCE_S = 180;
const APPLICATION_ID_FIELD = env.HRIS_APPLICATION_ID_FIELD || 'customGreenhouseApplicationId';
const HRIS_ATTEMPTS = bug('retry_forever') ? 100 : 3; // 100: "forever" within a test's patience

const greenhouse = new Greenhouse(env);
const calendly = new Calendly(env);
const docusign = new DocuSign(env);
const bamboohr = new BambooHR(env, HRIS_ATTEMPTS, bug('retry_forever') ? () => 200 : null); // the variant hammers
const calendlyKey = crypto.randomBytes(24).toString('hex');

// -- state (in memory: one process per deployment) ---------------------------
const seenDeliveries = new Set(); // Greenhouse-Event-ID, Calendly invitee+event
const envelopesByOffer = new Map(); // "<application>/<offer>" -> envelope id
const envelopes = new Map(); // envelope id -> {applicationId, status}
const hires = new Map(); // application id -> 'running' | 'done' | 'held' | 'failed'
const queues = new Map(); // application id -> promise chain
const entered = new Set(); // "<application>/<stage>", kept only by the once_per_stage variant
let ready = false;

function log(...args) {
  console.log(new Date().toISOString(), ...args);
}

// One application's events are handled one after another, in arrival order.
function enqueue(key, task) {
  const previous = queues.get(key) || Promise.resolve();
  const next = previous.then(task).catch((err) => log('task failed', key, err && err.stack));
  queues.set(key, next);
  next.finally(() => {
    if (queues.get(key) === next) queues.delete(key);
  });
  return next;
}

// A delivery is acknowledged once its work is done (or after ACK_WITHIN_MS, well inside
// the vendors' delivery timeouts): the vendor sees it in flight while we act on it.
const ACK_WITHIN_MS = 10_000;
function settled(work) {
  let cancel = () => {};
  const timeout = new Promise((resolve) => {
    cancel = realTimer(ACK_WITHIN_MS, resolve);
  });
  return Promise.race([work, timeout]).finally(() => cancel());
}

// -- email -------------------------------------------------------------------
async function mail(to, subject, text) {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await smtp.send({ host: env.SMTP_HOST, port: Number(env.SMTP_PORT), from: SENDER, to, subject, text });
      return;
    } catch (err) {
      log('smtp', err.message);
      await sleep(300 * (attempt + 1));
    }
  }
  throw new Error(`could not send "${subject}" to ${to}`);
}

async function candidateMail(kind, to, text) {
  await mail(to, `${SUBJECTS[kind]}`, text);
}

async function alert(applicationId, what, detail) {
  if (bug('silent_hris_failure') && what.startsWith('HRIS')) return;
  const subject = `[recruiting integration] ${what}: application ${applicationId}`;
  log('alert', applicationId, what, detail ? String(detail).split('\n')[0] : '');
  const text = `${what}\n\nGreenhouse application: ${applicationId}\n\n${detail || ''}\n`;
  try {
    await mail(OWNER, subject, text);
  } catch (err) {
    log('alert could not be sent', err.message);
  }
}

// -- web hook signatures -----------------------------------------------------
function sameText(a, b) {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function greenhouseSigned(req, raw) {
  if (bug('unsigned_webhooks')) return true;
  const header = req.headers.signature || '';
  const m = /^sha256 ([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const want = crypto.createHmac('sha256', env.GREENHOUSE_WEBHOOK_SECRET).update(raw).digest('hex');
  return sameText(want, m[1].toLowerCase());
}

function calendlySigned(req, raw) {
  const header = req.headers['calendly-webhook-signature'] || '';
  const parts = Object.fromEntries(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
    }),
  );
  if (!parts.t || !parts.v1) return false;
  const want = crypto.createHmac('sha256', calendlyKey).update(`${parts.t}.`).update(raw).digest('hex');
  if (!sameText(want, parts.v1)) return false;
  if (bug('accept_replayed_booking')) return true;
  const age = Date.now() / 1000 - Number(parts.t);
  return Math.abs(age) <= CALENDLY_TOLERANCE_S;
}

function docusignSigned(req, raw) {
  const want = crypto.createHmac('sha256', env.DOCUSIGN_HMAC_KEY).update(raw).digest('base64');
  return Object.keys(req.headers)
    .filter((h) => h.startsWith('x-docusign-signature-'))
    .some((h) => sameText(want, req.headers[h]));
}

// -- Greenhouse events --------------------------------------------------------
function applicationIdOf(payload) {
  if (payload.application && payload.application.id) return payload.application.id;
  if (payload.application_id) return payload.application_id;
  if (payload.offer && payload.offer.application_id) return payload.offer.application_id;
  return null;
}

function emailOf(candidate) {
  const list = (candidate && candidate.email_addresses) || [];
  const first = list.find((e) => e.type === 'personal') || list[0];
  return first ? first.value : null;
}

async function onGreenhouse(action, payload) {
  const applicationId = applicationIdOf(payload);
  switch (action) {
    case 'new_candidate_application':
      return applicationCreated(payload.application);
    case 'candidate_stage_change':
      return stageChanged(payload.application);
    case 'offer_approved':
      return offerApproved(payload);
    case 'hire_candidate':
      return hired(payload.application);
    case 'reject_candidate':
      return rejected(payload.application);
    default:
      log('ignored', action, applicationId);
      return undefined;
  }
}

async function applicationCreated(app) {
  const to = emailOf(app.candidate);
  const job = (app.jobs && app.jobs[0] && app.jobs[0].name) || 'the role';
  await candidateMail(
    'application_confirmation',
    to,
    `Hello ${app.candidate.first_name},\n\nthank you for applying for ${job} at ${COMPANY}. ` +
      'We will be in touch as your application moves along.\n',
  );
}

async function stageChanged(app) {
  if (app.status && app.status !== 'active') return;
  const stage = app.current_stage && app.current_stage.name;
  if (bug('once_per_stage')) {
    const key = `${app.id}/${stage}`;
    if (entered.has(key)) return;
    entered.add(key);
  }
  const to = emailOf(app.candidate);
  const first = app.candidate.first_name;
  const afterInterview = bug('wrong_stage_email') ? ['Phone Screen', ...AFTER_INTERVIEW] : AFTER_INTERVIEW;
  if (afterInterview.includes(stage)) {
    await candidateMail('post_interview_update', to, `Hello ${first},\n\nthank you for your time in the last interview.\n`);
  }
  if (INTERVIEW_STAGES.includes(stage)) {
    await inviteToInterview(app, stage, to, first);
  }
  if (stage === OFFER_STAGE) {
    await candidateMail('stage_advancement', to, `Hello ${first},\n\ngood news: your application moves to the offer stage.\n`);
  }
}

async function inviteToInterview(app, stage, to, first) {
  let url;
  try {
    const type = await calendly.eventType(stage);
    if (!type) throw new Error(`no Calendly event type named "${stage}"`);
    const link = await calendly.singleUseLink(type.uri);
    const joiner = link.includes('?') ? '&' : '?';
    url = `${link}${joiner}utm_source=greenhouse&utm_campaign=${encodeURIComponent(app.id)}`;
  } catch (err) {
    await alert(app.id, 'Scheduling link could not be created', err.message);
    return;
  }
  await candidateMail(
    'interview_invitation',
    to,
    `Hello ${first},\n\nplease choose a time for your ${stage} interview:\n\n${url}\n\nThe link works once.\n`,
  );
}

async function rejected(app) {
  await candidateMail(
    'rejection',
    emailOf(app.candidate),
    `Hello ${app.candidate.first_name},\n\nthank you for your interest. We will not move forward with your application.\n`,
  );
}

// Offer custom fields, from Harvest keyed_custom_fields or web hook custom_fields.
function offerValue(offer, key) {
  const keyed = offer.keyed_custom_fields || {};
  if (keyed[key] && typeof keyed[key] === 'object' && 'value' in keyed[key]) return keyed[key].value;
  const flat = offer.custom_fields || {};
  const v = flat[key];
  if (v && typeof v === 'object' && 'type' in v && 'value' in v) return v.value;
  return v === undefined ? null : v;
}

// A currency field comes in two documented shapes: Harvest's {value, currency}
// (harvest/_offers.md) and the web hooks' {amount, unit} (webhooks/_introduction.md).
function money(field) {
  if (!field || typeof field !== 'object') return { amount: null, currency: null };
  const amount = field.amount !== undefined ? field.amount : field.value;
  const currency = field.unit !== undefined ? field.unit : field.currency;
  return { amount: amount === undefined || amount === null ? null : String(amount), currency: currency || null };
}

function offerTerms(offer) {
  const salary = money(offerValue(offer, 'salary'));
  return {
    salary: salary.amount,
    currency: salary.currency,
    payPeriod: offerValue(offer, 'pay_period'),
    employmentType: offerValue(offer, 'employment_type'),
    hours: offerValue(offer, 'hours_per_week') === null ? null : String(offerValue(offer, 'hours_per_week')),
    startDate: offer.starts_at || null,
  };
}

async function offerApproved(payload) {
  const applicationId = payload.application_id;
  const key = `${applicationId}/${payload.id}`;
  if (envelopesByOffer.has(key)) return; // one envelope per approved offer
  envelopesByOffer.set(key, 'pending');
  try {
    const app = await greenhouse.get(`/applications/${applicationId}`);
    const candidate = await greenhouse.get(`/candidates/${app.candidate_id}`);
    const job = await greenhouse.get(`/jobs/${(app.jobs[0] || {}).id}`);
    const offer = await greenhouse.get(`/offers/${payload.id}`);
    const managerRef = ((job.hiring_team || {}).hiring_managers || [])[0];
    if (!managerRef) throw new Error('the job has no hiring manager to approve the offer');
    const manager = await greenhouse.get(`/users/${managerRef.id}`);
    const terms = offerTerms(offer);
    const problems = termProblems(terms);
    if (problems.length) {
      envelopesByOffer.delete(key);
      await alert(applicationId, 'Offer letter not sent: the offer is incomplete', problems.join('\n'));
      return;
    }
    const candidateEmail = emailOf(candidate);
    const lastName = bug('truncate_last_name') ? candidate.last_name.slice(0, 12) : candidate.last_name;
    const tabs = {
      candidate_full_name: `${candidate.first_name} ${lastName}`,
      position: job.name,
      department: ((job.departments || [])[0] || {}).name || '',
      start_date: terms.startDate,
      base_salary: decimal.format(terms.salary),
      salary_currency: terms.currency,
      pay_period: terms.payPeriod,
      employment_type: terms.employmentType,
      weekly_hours: terms.hours,
      manager_name: manager.name || `${manager.first_name} ${manager.last_name}`,
    };
    const envelopeId = await docusign.createEnvelope(envelopeDefinition(tabs, candidate, candidateEmail, manager));
    envelopesByOffer.set(key, envelopeId);
    envelopes.set(envelopeId, { applicationId, status: 'sent' });
    log('envelope', envelopeId, 'for application', applicationId);
    await candidateMail(
      'offer',
      candidateEmail,
      `Hello ${candidate.first_name},\n\nyour offer letter for ${job.name} is on its way from DocuSign. ` +
        'Once your hiring manager has signed, it is your turn.\n',
    );
  } catch (err) {
    envelopesByOffer.delete(key);
    await alert(applicationId, 'Offer letter could not be sent', err.message);
  }
}

function envelopeDefinition(tabs, candidate, candidateEmail, manager) {
  const labels = Object.keys(tabs);
  const letter = pdf.offerLetter([
    `${COMPANY} - offer of employment`,
    '',
    ...labels.map((l) => `${l.replace(/_/g, ' ')}:`),
    '',
    'Hiring manager signature:',
    '',
    'Candidate signature:',
  ]);
  const textTabs = labels.map((label, i) => ({
    tabLabel: label,
    value: String(tabs[label]),
    documentId: '1',
    pageNumber: '1',
    xPosition: '220',
    yPosition: String(68 + 16 * (i + 2)),
    locked: 'true',
  }));
  const manager_ = {
    email: manager.primary_email_address,
    name: manager.name || `${manager.first_name} ${manager.last_name}`,
    recipientId: '1',
    routingOrder: bug('wrong_routing_order') ? '2' : '1',
    tabs: { signHereTabs: [{ documentId: '1', pageNumber: '1', xPosition: '220', yPosition: '300' }] },
  };
  const candidate_ = {
    email: candidateEmail,
    name: `${candidate.first_name} ${candidate.last_name}`,
    recipientId: '2',
    routingOrder: bug('wrong_routing_order') ? '1' : '2',
    tabs: { textTabs, signHereTabs: [{ documentId: '1', pageNumber: '1', xPosition: '220', yPosition: '340' }] },
  };
  return {
    emailSubject: `Your offer from ${COMPANY}`,
    status: 'sent',
    documents: [{ documentId: '1', name: 'Offer letter', fileExtension: 'pdf', documentBase64: letter.toString('base64') }],
    recipients: { signers: [manager_, candidate_] },
    eventNotification: {
      url: `${SELF}/webhooks/docusign`,
      requireAcknowledgment: 'true',
      includeHMAC: 'true',
      loggingEnabled: 'true',
      events: ['envelope-sent', 'envelope-completed', 'envelope-declined', 'envelope-voided'],
      eventData: { version: 'restv2.1', format: 'json', includeData: ['recipients'] },
    },
  };
}

function termProblems(t) {
  const out = [];
  if (!decimal.isDecimal(t.salary)) out.push(`salary is missing or not a number (${t.salary})`);
  if (!/^[A-Z]{3}$/.test(t.currency || '')) out.push(`currency is missing (${t.currency})`);
  if (!['year', 'month', 'hour'].includes(t.payPeriod)) out.push(`pay period is missing (${t.payPeriod})`);
  if (!['Full-time', 'Part-time', 'Contract'].includes(t.employmentType)) out.push(`employment type is missing (${t.employmentType})`);
  if (!decimal.isDecimal(t.hours)) out.push(`hours per week are missing (${t.hours})`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t.startDate || '')) out.push(`start date is missing (${t.startDate})`);
  return out;
}

function outOfRange(t) {
  const out = [];
  if (bug('sync_out_of_range')) return out;
  const [low, high] = RANGES.salary[t.payPeriod];
  if (!decimal.inRange(t.salary, low, high)) out.push(`salary ${t.salary} ${t.currency} per ${t.payPeriod} is outside ${low}..${high}`);
  const [hl, hh] = RANGES.hours;
  if (!decimal.inRange(t.hours, hl, hh)) out.push(`hours per week ${t.hours} is outside ${hl}..${hh}`);
  return out;
}

const STATUS = { 'Full-time': 'Full-Time', 'Part-time': 'Part-Time', Contract: 'Contractor' };
const PAID_PER = { year: 'Year', month: 'Month', hour: 'Hour' };

async function hired(app) {
  const applicationId = app.id;
  if (hires.has(applicationId)) return; // a hire is synced once
  hires.set(applicationId, 'running');
  const candidate = app.candidate;
  const terms = offerTerms(app.offer || {});
  const problems = termProblems(terms);
  if (problems.length) {
    hires.set(applicationId, 'held');
    await alert(applicationId, 'HRIS sync held: the offer is incomplete', problems.join('\n'));
    return;
  }
  const ranges = outOfRange(terms);
  if (ranges.length) {
    hires.set(applicationId, 'held');
    await alert(applicationId, 'HRIS sync held for review', `${ranges.join('\n')}\nNothing was written to BambooHR.`);
    return;
  }
  const job = (app.jobs && app.jobs[0]) || app.job || {};
  const department = ((job.departments || [])[0] || {}).name || '';
  const lastName = bug('truncate_last_name') ? candidate.last_name.slice(0, 12) : candidate.last_name;
  let amount = decimal.format(terms.salary);
  if (bug('float_salary')) amount = Number(terms.salary).toFixed(2);
  const rate = bug('drop_currency') ? { value: amount } : { value: amount, currency: terms.currency };
  let employeeId = null;
  const failures = [];
  try {
    const fields = {
      firstName: candidate.first_name,
      lastName,
      workEmail: emailOf(candidate),
      hireDate: terms.startDate,
      employeeNumber: `REC-${applicationId}`,
      customHoursPerWeek: terms.hours,
    };
    // Where the tenant's admin created the custom field, it carries the application id too.
    if (await bamboohr.hasField(APPLICATION_ID_FIELD)) fields[APPLICATION_ID_FIELD] = String(applicationId);
    employeeId = await bamboohr.createEmployee(fields);
    const rows = [
      ['compensation', {
        startDate: terms.startDate,
        rate,
        type: terms.payPeriod === 'hour' ? 'Hourly' : 'Salary',
        paidPer: PAID_PER[terms.payPeriod],
        reason: 'New Hire',
      }],
      ['employmentStatus', { date: terms.startDate, employmentStatus: STATUS[terms.employmentType] }],
      ['jobInfo', { date: terms.startDate, jobTitle: job.name, department }],
    ];
    for (const [table, row] of rows) {
      try {
        await bamboohr.addRow(employeeId, table, row);
      } catch (err) {
        failures.push(err.message);
        if (!bug('half_written')) throw err;
      }
    }
    if (failures.length) throw new Error(failures.join('\n'));
    hires.set(applicationId, 'done');
    log('employee', employeeId, 'for application', applicationId);
  } catch (err) {
    hires.set(applicationId, 'failed');
    let undo = '';
    if (employeeId && !bug('half_written')) {
      try {
        await bamboohr.update(employeeId, { status: 'Inactive' });
        undo = `\nEmployee ${employeeId} was created and has been set Inactive; nothing else was written.`;
      } catch (undoErr) {
        undo = `\nEmployee ${employeeId} was created but could not be set Inactive: ${undoErr.message}`;
      }
    }
    await alert(applicationId, 'HRIS sync failed', `${err.message}${undo}`);
  }
}

// -- Calendly events ------------------------------------------------------------
async function onCalendly(body) {
  const p = body.payload || {};
  if (body.event !== 'invitee.created') return; // cancellations need no email here
  if (bug('no_reschedule_confirmation') && p.old_invitee) return;
  const applicationId = (p.tracking || {}).utm_campaign || null;
  const event = p.scheduled_event || {};
  const when = event.start_time ? new Date(event.start_time).toUTCString() : 'the time you chose';
  log('booking', p.uri, 'application', applicationId, p.old_invitee ? '(rescheduled)' : '');
  await candidateMail(
    'interview_confirmation',
    p.email,
    `Hello ${p.name || ''},\n\nyour ${event.name || 'interview'} is confirmed for ${when}.\n` +
      (p.old_invitee ? 'It replaces the time you booked before.\n' : ''),
  );
}

// -- HTTP server -------------------------------------------------------------------
function reply(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function route(req, res) {
  const path = new URL(req.url, SELF).pathname;
  if (req.method === 'GET' && path === '/health') {
    return reply(res, ready ? 200 : 503, { ok: ready });
  }
  if (req.method !== 'POST') return reply(res, 404, { error: 'not found' });
  const raw = await readBody(req);
  if (path === '/webhooks/greenhouse') {
    if (!greenhouseSigned(req, raw)) return reply(res, 401, { error: 'bad signature' });
    const body = exactjson.parse(raw.toString('utf8'));
    const id = req.headers['greenhouse-event-id'];
    if (id && seenDeliveries.has(`gh:${id}`)) return reply(res, 200, { ok: true, duplicate: true });
    if (id) seenDeliveries.add(`gh:${id}`);
    const key = applicationIdOf(body.payload || {}) || 'misc';
    await settled(enqueue(String(key), () => onGreenhouse(body.action, body.payload || {})));
    return reply(res, 200, { ok: true });
  }
  if (path === '/webhooks/calendly') {
    if (!calendlySigned(req, raw)) return reply(res, 401, { error: 'bad or stale signature' });
    const body = exactjson.parse(raw.toString('utf8'));
    const id = `cal:${body.event}:${(body.payload || {}).uri}`;
    if (seenDeliveries.has(id)) return reply(res, 200, { ok: true, duplicate: true });
    seenDeliveries.add(id);
    await settled(enqueue(`booking:${(body.payload || {}).email}`, () => onCalendly(body)));
    return reply(res, 200, { ok: true });
  }
  if (path === '/webhooks/docusign') {
    if (!docusignSigned(req, raw)) return reply(res, 401, { error: 'bad signature' });
    const body = exactjson.parse(raw.toString('utf8'));
    const data = body.data || {};
    const known = envelopes.get(data.envelopeId);
    if (known) {
      known.status = (data.envelopeSummary && data.envelopeSummary.status) || String(body.event || '').replace('envelope-', '');
      log('envelope', data.envelopeId, known.status);
    }
    return reply(res, 200, { ok: true });
  }
  return reply(res, 404, { error: 'not found' });
}

async function setup() {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await calendly.subscribe(`${SELF}/webhooks/calendly`, calendlyKey);
      ready = true;
      log('ready on', SELF, VARIANT ? `(variant ${VARIANT})` : '');
      return;
    } catch (err) {
      log('setup attempt', attempt, 'failed:', err.message);
      await sleep(Math.min(500 * attempt, 5000));
    }
  }
}

const server = http.createServer((req, res) => {
  route(req, res).catch((err) => {
    log('request failed', err && err.stack);
    if (!res.headersSent) reply(res, 500, { error: 'internal error' });
  });
});
server.listen(PORT, '127.0.0.1', () => {
  log('listening on', SELF);
  setup();
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
