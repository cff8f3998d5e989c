import { describe, expect, it } from 'vitest';
import { ApiClient } from './rest';

function answering(status: number, body: unknown, seen: RequestInit[] = []) {
  return new ApiClient(async (_input, init) => {
    seen.push(init ?? {});
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  });
}

describe('ApiClient errors', () => {
  it('reads the /api error body', async () => {
    const result = await answering(409, { error: { code: 'slot_taken', message: 'That time is taken.' } }).request('POST', '/api/appointments', {});
    expect(result).toEqual({ ok: false, error: { status: 409, code: 'slot_taken', message: 'That time is taken.' } });
  });

  it('reads an OperationOutcome from /fhir (details.text is the code)', async () => {
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'not-found', details: { text: 'subject_erased' }, diagnostics: 'This patient has been erased.' }],
    };
    const seen: RequestInit[] = [];
    const result = await answering(404, outcome, seen).request('GET', '/fhir/Patient/x', undefined, { accept: 'application/fhir+json' });
    expect(result).toEqual({ ok: false, error: { status: 404, code: 'subject_erased', message: 'This patient has been erased.' } });
    expect((seen[0].headers as Record<string, string>).Accept).toBe('application/fhir+json');
  });

  it('falls back to the status when the body says nothing', async () => {
    const result = await answering(500, undefined).request('GET', '/api/me');
    expect(result).toEqual({ ok: false, error: { status: 500, code: 'bad_response', message: 'The server answered 500.' } });
  });

  it('sends the Content-Type and If-Match of a versioned FHIR update', async () => {
    const seen: RequestInit[] = [];
    await answering(412, undefined, seen).request('PUT', '/fhir/Consent/c1', { resourceType: 'Consent' }, { accept: 'application/fhir+json', contentType: 'application/fhir+json', ifMatch: 'W/"3"' });
    const headers = seen[0].headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/fhir+json');
    expect(headers['If-Match']).toBe('W/"3"');
  });
});

/** A server that answers each "METHOD path" from `routes` (404 otherwise) and records what was asked. */
function routing(routes: Record<string, [number, unknown]>, asked: string[] = []) {
  return new ApiClient(async (input, init) => {
    const key = `${init?.method ?? 'GET'} ${input}`;
    asked.push(key);
    const [status, body] = routes[key] ?? [404, { error: { code: 'not_found', message: 'no route' } }];
    return new Response(JSON.stringify(body), { status });
  });
}

const clinicianMe = {
  id: 3, login: 'dr', name: 'Dr. D', role: 'clinician', csrf_token: 'from-me',
  capabilities: ['care_records', 'break_glass', 'book_for_patient', 'clinic_dashboard', 'issue_visit_links', 'staff_spaces', 'simulate'],
};

describe('ApiClient user and capabilities', () => {
  it('reads the capabilities of /api/me, dropping names it does not know', async () => {
    const client = routing({ 'GET /api/me': [200, { ...clinicianMe, capabilities: ['simulate', 'teleport', 'clinic_dashboard'] }] });
    const me = await client.me();
    expect(me).toEqual({ ok: true, value: { id: 3, login: 'dr', name: 'Dr. D', role: 'clinician', capabilities: ['clinic_dashboard', 'simulate'] } });
    expect(client.csrf).toBe('from-me');
  });

  it('gives no capability when /api/me sends none', async () => {
    const { capabilities: _ignored, ...older } = clinicianMe;
    const me = await routing({ 'GET /api/me': [200, older] }).me();
    expect(me.ok && me.value.capabilities).toEqual([]);
  });

  it('signs in, then takes the user from /api/me (the sign-in answer has no capabilities)', async () => {
    const asked: string[] = [];
    const client = routing(
      {
        'POST /api/session': [200, { user: { id: 3, login: 'dr', name: 'Dr. D', role: 'clinician', disabled: false }, csrf_token: 'from-session' }],
        'GET /api/me': [200, clinicianMe],
      },
      asked,
    );
    const result = await client.signIn('dr', 'secret');
    expect(asked).toEqual(['POST /api/session', 'GET /api/me']);
    expect(result.ok && result.value.capabilities).toEqual(clinicianMe.capabilities);
    expect(result.ok && 'disabled' in result.value).toBe(false);
    expect(client.csrf).toBe('from-me');
  });

  it('answers a failed sign-in without asking /api/me', async () => {
    const asked: string[] = [];
    const result = await routing({ 'POST /api/session': [401, { error: { code: 'invalid_credentials', message: 'no' } }] }, asked).signIn('dr', 'wrong');
    expect(result.ok ? '' : result.error.code).toBe('invalid_credentials');
    expect(asked).toEqual(['POST /api/session']);
  });

  it('answers with the error of /api/me when it fails after sign-in', async () => {
    const client = routing({
      'POST /api/session': [200, { user: { id: 3, login: 'dr', name: 'Dr. D', role: 'clinician' }, csrf_token: 'from-session' }],
      'GET /api/me': [503, { error: { code: 'unavailable', message: 'try again' } }],
    });
    const result = await client.signIn('dr', 'secret');
    expect(result).toEqual({ ok: false, error: { status: 503, code: 'unavailable', message: 'try again' } });
    expect(client.csrf).toBe('from-session');
  });

  it('makes a visit-link guest with no capability when /api/me cannot say more', async () => {
    const client = routing({ 'POST /api/visit-links/redeem': [200, { role: 'guest', purpose: 'appointment:7', csrf_token: 'g' }] });
    const result = await client.redeemVisitLink('token');
    expect(result).toEqual({ ok: true, value: { id: 0, login: 'guest', name: 'Guest', role: 'guest', capabilities: [], purpose: 'appointment:7' } });
  });
});
