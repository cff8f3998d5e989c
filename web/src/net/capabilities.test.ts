import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { can, kCapabilityNames, parseCapabilities } from './capabilities';
import { parseServerRoleTable } from './server-roles.fixture';

const server = parseServerRoleTable(readFileSync(resolve(__dirname, '../../../src/core/roles.cpp'), 'utf8'));

describe('capability names', () => {
  it('are the server wire names, in the same order', () => {
    expect([...kCapabilityNames]).toEqual(server.capabilityNames);
  });

  it('cover every role the server knows', () => {
    expect([...server.roles.keys()]).toEqual(['patient', 'clinician', 'nurse', 'therapist', 'student', 'researcher', 'admin', 'guest', 'system']);
    for (const capabilities of server.roles.values()) expect(parseCapabilities(capabilities)).toEqual(capabilities);
  });
});

describe('parseCapabilities', () => {
  it('keeps the known names in table order, each once', () => {
    expect(parseCapabilities(['simulate', 'own_record', 'simulate'])).toEqual(['own_record', 'simulate']);
  });

  it('drops names this client does not know and values that are not strings', () => {
    expect(parseCapabilities(['teleport', 7, null, { name: 'simulate' }, 'care_records'])).toEqual(['care_records']);
  });

  it('reads a missing or malformed list as no capability', () => {
    expect(parseCapabilities(undefined)).toEqual([]);
    expect(parseCapabilities(null)).toEqual([]);
    expect(parseCapabilities('clinic_dashboard')).toEqual([]);
    expect(parseCapabilities({ clinic_dashboard: true })).toEqual([]);
  });
});

describe('can', () => {
  it('answers from the list alone, never from the role name', () => {
    expect(can({ capabilities: ['clinic_dashboard'] }, 'clinic_dashboard')).toBe(true);
    expect(can({ capabilities: ['clinic_dashboard'] }, 'book_for_patient')).toBe(false);
    const relabelled = { role: 'clinician', capabilities: [] };
    expect(kCapabilityNames.some((name) => can(relabelled, name))).toBe(false);
  });
});
