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
