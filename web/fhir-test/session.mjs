// A signed-in MetaClinic user over plain HTTP (Node's fetch): the session
// cookie and CSRF token from POST /api/session, JSON calls to /api, FHIR
// calls to /fhir, and a fhir-kit-client Client carrying the same session.
// Every FHIR body that comes back, success or error, goes through the schema
// check; so does every result of the fhir-kit-client calls made through
// `kit()`.

import { Client } from 'fhir-kit-client';

export const kFhirJson = 'application/fhir+json';

/**
 * docs/fhir.md "Versions": a response with one versioned resource carries
 * `ETag: W/"<meta.versionId>"` and `Last-Modified`. Every response is
 * checked; what is missing is collected here (one line per kind of
 * request) for a test of its own, so it does not stop the other tests.
 */
export const versionHeaderProblems = new Map();

function checkVersionHeaders(method, url, status, headers, resource) {
  if (status !== 200 && status !== 201) return;
  const version = resource?.meta?.versionId;
  if (!version || resource.resourceType === 'Bundle') return;
  const kind = `${method} ${new URL(url).pathname.replace(/\/fhir\/(\w+)\/[^/]+/, '/fhir/$1/{id}').replace(/_history\/[^/]+$/, '_history/{n}')}`;
  const etag = headers.get('etag');
  const missing = [];
  if (etag !== `W/"${version}"`) missing.push(`ETag is ${etag === null ? 'missing' : etag}, meta.versionId is ${version}`);
  if (!headers.get('last-modified')) missing.push('no Last-Modified header');
  if (missing.length > 0 && !versionHeaderProblems.has(kind)) versionHeaderProblems.set(kind, `${kind} -> ${status} ${resource.resourceType}: ${missing.join('; ')}`);
}

export class Session {
  /** `schema` is a FhirSchema; `who` names the user in failure messages. */
  constructor(baseUrl, schema, who = 'anonymous', cookie = '', csrf = '', user = undefined) {
    this.baseUrl = baseUrl;
    this.schema = schema;
    this.who = who;
    this.cookie = cookie;
    this.csrf = csrf;
    this.user = user;
  }

  static anonymous(baseUrl, schema) {
    return new Session(baseUrl, schema);
  }

  /** Signs `account` ({login, password}) in; throws with the server's answer when refused. */
  static async signIn(baseUrl, schema, account) {
    const response = await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ login: account.login, password: account.password }),
    });
    const body = await response.json().catch(() => undefined);
    if (response.status !== 200) {
      const error = new Error(`sign-in of ${account.login}: ${response.status} ${JSON.stringify(body)}`);
      error.status = response.status;
      error.body = body;
      throw error;
    }
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .find((pair) => pair.startsWith('mc_session='));
    if (!cookie) throw new Error(`sign-in of ${account.login}: no mc_session cookie`);
    return new Session(baseUrl, schema, account.login, cookie, body.csrf_token, body.user);
  }

  headers(extra = {}) {
    const headers = { ...extra };
    if (this.cookie) headers.Cookie = this.cookie;
    return headers;
  }

  /** A call to the MetaClinic JSON API; resolves to {status, body}. */
  async api(method, path, body) {
    const headers = this.headers({ Accept: 'application/json' });
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /**
   * A FHIR call (path below /fhir). Resolves to {status, headers, body}.
   * Checks what every FHIR answer must be: `application/fhir+json` when it
   * has a body, an OperationOutcome for every error, and schema-valid.
   * `csrf: false` leaves the CSRF token out.
   */
  async fhir(method, path, { body, headers = {}, csrf = true } = {}) {
    const sent = this.headers({ Accept: kFhirJson, ...headers });
    if (body !== undefined) sent['Content-Type'] = kFhirJson;
    if (method !== 'GET' && csrf && this.csrf) sent['X-CSRF-Token'] = this.csrf;
    const url = path.startsWith('http') ? path : `${this.baseUrl}/fhir${path}`;
    const response = await fetch(url, { method, headers: sent, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await response.text();
    const where = `${this.who}: ${method} ${url.replace(this.baseUrl, '')} -> ${response.status}`;
    let parsed;
    if (text) {
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith(kFhirJson)) throw new Error(`${where}: Content-Type is "${type}", not ${kFhirJson}; body: ${text.slice(0, 300)}`);
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${where}: the body is not JSON: ${text.slice(0, 300)}`);
      }
      this.schema.assertValid(parsed, where);
      checkVersionHeaders(method, url, response.status, response.headers, parsed);
    }
    if (response.status >= 400 && parsed?.resourceType !== 'OperationOutcome') {
      throw new Error(`${where}: an error must be an OperationOutcome; body: ${text.slice(0, 300)}`);
    }
    return { status: response.status, headers: response.headers, body: parsed, where };
  }

  /** A fhir-kit-client Client on /fhir with this session's cookie and CSRF token. */
  kitClient(extraHeaders = {}) {
    const customHeaders = { ...extraHeaders };
    if (this.cookie) customHeaders.Cookie = this.cookie;
    if (this.csrf) customHeaders['X-CSRF-Token'] = this.csrf;
    return new Client({ baseUrl: `${this.baseUrl}/fhir`, customHeaders });
  }

  /**
   * Runs `call(client)` with a fhir-kit-client Client and checks what comes
   * back against the schema: the result, or the OperationOutcome of an HTTP
   * error (which is rethrown with `status` set).
   */
  async kit(what, call, extraHeaders = {}) {
    const where = `${this.who}: fhir-kit-client ${what}`;
    let result;
    try {
      result = await call(this.kitClient(extraHeaders));
    } catch (error) {
      const status = error?.response?.status;
      if (status === undefined) throw error;
      const data = error.response.data;
      if (data?.resourceType !== 'OperationOutcome') throw new Error(`${where} -> ${status}: an error must be an OperationOutcome; got ${JSON.stringify(data).slice(0, 300)}`);
      this.schema.assertValid(data, `${where} -> ${status}`);
      error.status = status;
      error.outcome = data;
      throw error;
    }
    if (result && typeof result === 'object' && 'resourceType' in result) {
      this.schema.assertValid(result, where);
      const { request, response } = Client.httpFor(result);
      if (request && response) checkVersionHeaders(request.method, request.url, response.status, response.headers, result);
    }
    return result;
  }
}

/** The HTTP response behind a fhir-kit-client result (status and headers). */
export function responseOf(result) {
  return Client.httpFor(result).response;
}

/** "W/\"3\"" -> "3"; undefined when it is not a weak ETag. */
export function versionOfEtag(etag) {
  return /^W\/"([^"]+)"$/.exec(etag ?? '')?.[1];
}
