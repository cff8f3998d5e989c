// REST client for the server's JSON API (docs/api.md). Same origin only: the
// session lives in the HttpOnly cookie mc_session; state-changing requests
// carry the CSRF token the server returned at sign-in (or from GET /api/me).
// Errors are values: every call resolves to ApiResult, never throws for an
// HTTP or network failure. `fetch` is handed in, so tests need no network.

import type { SpaceDefinitionJson } from '../spaces/space';
import { parseCapabilities, type Capability } from './capabilities';

/** The signed-in user as GET /api/me describes them. */
export interface User {
  id: number;
  login: string;
  name: string;
  /** For display only (patient, clinician, ..., guest); what to offer comes from `capabilities`. */
  role: string;
  /** What the server lets this user do (net/capabilities.ts); empty for a guest. */
  capabilities: Capability[];
  purpose?: string; // guests: the visit link's purpose, "appointment:<id>"
  patient?: string; // patients: own pseudonym
  /** Signed in with a one-time password: nothing but choosing one's own works until then. */
  must_change_password?: boolean;
}

export interface Department {
  id: string;
  name: string;
}

export interface SpaceSummary {
  id: string;
  name: string;
  department: string;
  policy: string;
  capacity: number;
  simulation?: string; // "glucose": an experience such as the body explorer
}

export interface ApiError {
  status: number; // HTTP status; 0 when the server could not be reached
  code: string; // the server's stable code, or "network_error"/"bad_response"
  message: string; // words for a person
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface RequestOptions {
  /** The Accept header; FHIR calls (/fhir) ask for application/fhir+json. */
  accept?: string;
  /** The Content-Type of a body; FHIR writes send application/fhir+json. */
  contentType?: string;
  /** `If-Match` for a versioned FHIR update: W/"<version>" (a stale one gets 412). */
  ifMatch?: string;
  /**
   * X-Record-Purpose for $everything: 'view' to show the record on screen
   * (audited as looking at it), 'export' (the default) for a copy.
   */
  recordPurpose?: 'view' | 'export';
}

/**
 * The server's stable code and words from an error body: `{error: {code,
 * message}}` from /api, or an OperationOutcome from /fhir (docs/fhir.md:
 * issue[0].details.text is the code, issue[0].diagnostics the words).
 */
function errorOf(json: unknown): { code?: string; message?: string } {
  const body = json as
    | { error?: { code?: string; message?: string }; resourceType?: string; issue?: Array<{ details?: { text?: string }; diagnostics?: string }> }
    | undefined;
  if (body?.resourceType === 'OperationOutcome') {
    const issue = body.issue?.[0];
    return { code: issue?.details?.text, message: issue?.diagnostics };
  }
  return body?.error ?? {};
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiClient {
  private csrfToken = '';

  constructor(private readonly fetchImpl: Fetch = (input, init) => fetch(input, init)) {}

  get csrf(): string {
    return this.csrfToken;
  }

  /**
   * Signs in; on success the server has set the session cookie. The user
   * comes from /api/me, which alone sends the capabilities (and a patient's
   * pseudonym); when that read fails, its error is the answer and the
   * session stays, so a reload enters.
   */
  async signIn(login: string, password: string): Promise<ApiResult<User>> {
    const result = await this.request<{ csrf_token: string }>('POST', '/api/session', {
      login,
      password,
    });
    if (!result.ok) return result;
    this.csrfToken = result.value.csrf_token;
    return this.me();
  }

  /** Redeems a visit link token for a guest session. */
  async redeemVisitLink(token: string): Promise<ApiResult<User>> {
    const result = await this.request<{ role: string; purpose: string; csrf_token: string }>(
      'POST',
      '/api/visit-links/redeem',
      { token },
    );
    if (!result.ok) return result;
    this.csrfToken = result.value.csrf_token;
    // The guest's name comes from /api/me when the server offers it.
    const me = await this.me();
    if (me.ok) return me;
    return {
      ok: true,
      value: { id: 0, login: 'guest', name: 'Guest', role: 'guest', capabilities: [], purpose: result.value.purpose },
    };
  }

  /** The signed-in user (and a fresh CSRF token), or 401 no_session. */
  async me(): Promise<ApiResult<User>> {
    const result = await this.request<Omit<User, 'capabilities'> & { capabilities?: unknown; csrf_token: string }>('GET', '/api/me');
    if (!result.ok) return result;
    const { csrf_token: csrf, capabilities, ...user } = result.value;
    this.csrfToken = csrf;
    return { ok: true, value: { ...user, capabilities: parseCapabilities(capabilities) } };
  }

  async signOut(): Promise<ApiResult<null>> {
    const result = await this.request<null>('DELETE', '/api/session');
    this.csrfToken = '';
    return result;
  }

  async departments(): Promise<ApiResult<Department[]>> {
    const result = await this.request<{ departments: Department[] }>('GET', '/api/departments');
    return result.ok ? { ok: true, value: result.value.departments } : result;
  }

  async spaces(): Promise<ApiResult<SpaceSummary[]>> {
    const result = await this.request<SpaceSummary[] | { spaces: SpaceSummary[] }>('GET', '/api/spaces');
    if (!result.ok) return result;
    const list = Array.isArray(result.value) ? result.value : result.value.spaces;
    return { ok: true, value: list ?? [] };
  }

  async space(id: string): Promise<ApiResult<SpaceDefinitionJson>> {
    return this.request<SpaceDefinitionJson>('GET', `/api/spaces/${encodeURIComponent(id)}`);
  }

  /**
   * One JSON call to our own origin (feature modules such as clinic/ build
   * their calls on it). Resolves to the parsed body, or to the server's
   * error; never throws.
   */
  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
    if (options.ifMatch) headers['If-Match'] = options.ifMatch;
    if (options.recordPurpose) headers['X-Record-Purpose'] = options.recordPurpose;
    if (method !== 'GET' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchImpl(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch {
      return {
        ok: false,
        error: { status: 0, code: 'network_error', message: 'The server cannot be reached. Check your connection and try again.' },
      };
    }
    if (response.status === 204) return { ok: true, value: null as T };
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = errorOf(json);
      return {
        ok: false,
        error: {
          status: response.status,
          code: error.code ?? 'bad_response',
          message: error.message ?? `The server answered ${response.status}.`,
        },
      };
    }
    if (json === undefined) {
      return { ok: false, error: { status: response.status, code: 'bad_response', message: 'The server sent an unreadable answer.' } };
    }
    return { ok: true, value: json as T };
  }
}
