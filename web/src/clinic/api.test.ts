import { describe, expect, it } from 'vitest';
import { ApiClient } from '../net/rest';
import { ClinicApi } from './api';

describe('ClinicApi.bookFor', () => {
  it('sends the patient, the slot and visit_link, the reason only when given, and reads the link', async () => {
    const bodies: unknown[] = [];
    const answer = { id: 7, slot: 'dermatology.3.1', department: 'dermatology', clinician: { id: 3, name: 'Dr. D' }, patient: 'p2', start: '2026-11-25T10:00:00Z', end: '2026-11-25T10:30:00Z', status: 'booked', visit_link: { token: 't', url: '/visit/t', purpose: 'appointment:7', expires: '2026-11-25T11:30:00Z' } };
    const clinic = new ClinicApi(
      new ApiClient(async (_input, init) => {
        bodies.push(JSON.parse(String(init?.body)));
        return new Response(JSON.stringify(answer), { status: 201 });
      }),
    );
    const result = await clinic.bookFor({ slot: 'dermatology.3.1', patient: ' patient2 ', reason: '  ', visitLink: true });
    expect(bodies[0]).toEqual({ slot: 'dermatology.3.1', patient: 'patient2', visit_link: true });
    expect(result.ok && result.value.visit_link?.url).toBe('/visit/t');
    await clinic.bookFor({ slot: 's', patient: 'p', reason: 'Skin check', visitLink: false });
    expect(bodies[1]).toEqual({ slot: 's', patient: 'p', visit_link: false, reason: 'Skin check' });
  });
});
