'use strict';
// Thin clients for the four vendors, written from their public API docs:
// Greenhouse Harvest v3 (OAuth client credentials), Calendly API v2,
// DocuSign eSignature REST v2.1 and BambooHR API v1 (gateway URL form).

const { call } = require('./http');

class Greenhouse {
  constructor(env) {
    this.base = `${env.GREENHOUSE_BASE_URL}/v3`;
    this.authUrl = env.GREENHOUSE_AUTH_URL;
    this.clientId = env.GREENHOUSE_CLIENT_ID;
    this.clientSecret = env.GREENHOUSE_CLIENT_SECRET;
    this.userId = env.GREENHOUSE_USER_ID;
    this.token = null;
    this.expires = 0;
  }

  async bearer(force = false) {
    if (force || !this.token || Date.now() > this.expires - 60_000) {
      const basic = Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64');
      const res = await call('greenhouse', 'POST', `${this.authUrl}/token`, {
        headers: { Authorization: `Basic ${basic}` },
        form: { grant_type: 'client_credentials', sub: String(this.userId) },
      });
      this.token = res.data.access_token;
      this.expires = Date.now() + Number(res.data.expires_in || 3600) * 1000;
    }
    return this.token;
  }

  async get(path) {
    // A token can expire between two calls when the clock jumps: one fresh try on 401.
    for (const force of [false, true]) {
      const token = await this.bearer(force);
      const res = await call('greenhouse', 'GET', this.base + path, {
        headers: { Authorization: `Bearer ${token}` },
        ok: (s) => (s >= 200 && s < 300) || (s === 401 && !force),
      });
      if (res.status !== 401) return res.data;
    }
    throw new Error('unreachable');
  }
}

class Calendly {
  constructor(env) {
    this.base = env.CALENDLY_BASE_URL;
    this.headers = { Authorization: `Bearer ${env.CALENDLY_TOKEN}` };
    this.me = null;
    this.types = null;
  }

  async user() {
    if (!this.me) this.me = (await call('calendly', 'GET', `${this.base}/users/me`, { headers: this.headers })).data.resource;
    return this.me;
  }

  async subscribe(url, signingKey) {
    const me = await this.user();
    const body = {
      url,
      events: ['invitee.created', 'invitee.canceled'],
      organization: me.current_organization,
      user: me.uri,
      scope: 'user',
      signing_key: signingKey,
    };
    await call('calendly', 'POST', `${this.base}/webhook_subscriptions`, {
      headers: this.headers,
      body,
      ok: (s) => (s >= 200 && s < 300) || s === 409, // 409: already subscribed (a restart)
    });
  }

  async eventType(name) {
    if (!this.types || !this.types.has(name)) {
      const me = await this.user();
      const types = new Map();
      let url = `${this.base}/event_types?user=${encodeURIComponent(me.uri)}&count=100`;
      while (url) {
        const page = (await call('calendly', 'GET', url, { headers: this.headers })).data;
        for (const t of page.collection || []) types.set(t.name, t);
        url = page.pagination && page.pagination.next_page;
      }
      this.types = types;
    }
    return this.types.get(name) || null;
  }

  async singleUseLink(eventTypeUri) {
    const res = await call('calendly', 'POST', `${this.base}/scheduling_links`, {
      headers: this.headers,
      body: { max_event_count: 1, owner: eventTypeUri, owner_type: 'EventType' },
    });
    return res.data.resource.booking_url;
  }
}

class DocuSign {
  constructor(env) {
    this.base = `${env.DOCUSIGN_BASE_URL}/restapi/v2.1/accounts/${env.DOCUSIGN_ACCOUNT_ID}`;
    this.headers = { Authorization: `Bearer ${env.DOCUSIGN_ACCESS_TOKEN}` };
  }

  async createEnvelope(definition) {
    const res = await call('docusign', 'POST', `${this.base}/envelopes`, { headers: this.headers, body: definition, attempts: 1 });
    return res.data.envelopeId;
  }
}

class BambooHR {
  constructor(env, attempts, backoff) {
    this.base = `${env.BAMBOOHR_BASE_URL}/api/gateway.php/${env.BAMBOOHR_COMPANY_DOMAIN}/v1`;
    this.backoff = backoff;
    const basic = Buffer.from(`${env.BAMBOOHR_API_KEY}:x`).toString('base64');
    this.headers = { Authorization: `Basic ${basic}` };
    this.attempts = attempts;
  }

  retries() {
    return this.backoff ? { attempts: this.attempts, backoff: this.backoff } : { attempts: this.attempts };
  }

  // Whether the account has a field with this alias (an admin's custom field, e.g.
  // customGreenhouseApplicationId). Only a positive answer is cached: an admin may add it later.
  async hasField(alias) {
    if (this.known && this.known.has(alias)) return true;
    const res = await call('bamboohr', 'GET', `${this.base}/meta/fields`, { headers: this.headers, ...this.retries() });
    this.known = new Set((res.data || []).map((f) => f.alias).filter(Boolean));
    return this.known.has(alias);
  }

  async createEmployee(fields) {
    const res = await call('bamboohr', 'POST', `${this.base}/employees`, {
      headers: this.headers,
      body: fields,
      ...this.retries(),
    });
    const location = res.headers.get('location') || '';
    const id = location.split('/').filter(Boolean).pop() || (res.data && res.data.id);
    if (!id) throw new Error('bamboohr: created employee without an id in Location');
    return String(id);
  }

  async addRow(employeeId, table, row) {
    await call('bamboohr', 'POST', `${this.base}/employees/${employeeId}/tables/${table}`, {
      headers: this.headers,
      body: row,
      ...this.retries(),
    });
  }

  async update(employeeId, fields) {
    await call('bamboohr', 'POST', `${this.base}/employees/${employeeId}`, {
      headers: this.headers,
      body: fields,
      ...this.retries(),
    });
  }
}

module.exports = { Greenhouse, Calendly, DocuSign, BambooHR };
