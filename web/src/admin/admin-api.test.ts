import { describe, expect, it } from 'vitest';
import { actionWords, adminErrorWords, auditPath, outcomeWords, sizeWords, uptimeWords, whenWords, type Account } from './admin-api';
import { backupWords } from './status-page';
import { matchAccounts } from './users-page';

describe('auditPath', () => {
  it('sends only the filters given', () => {
    expect(auditPath({})).toBe('/api/audit');
    expect(auditPath({ actor: undefined, patient: '', action: 'user.', outcome: '', limit: 50, offset: 0 })).toBe('/api/audit?action=user.&limit=50');
    expect(auditPath({ actor: 7, patient: 'p 1&x', since: '2026-12-01', until: '2026-12-07', offset: 50 })).toBe(
      '/api/audit?actor=7&patient=p+1%26x&since=2026-12-01&until=2026-12-07&offset=50',
    );
  });
});

describe('words', () => {
  it('says each stable code the console can meet in words, and the rest with the server message', () => {
    expect(adminErrorWords(400, 'role_change_not_allowed', '')).toMatch(/patient account cannot become a staff account/);
    expect(adminErrorWords(409, 'login_taken', '')).toMatch(/already in use/);
    expect(adminErrorWords(0, 'network_error', '')).toMatch(/could not be reached/);
    expect(adminErrorWords(500, 'internal', 'disk full')).toBe('The server refused: disk full.');
  });
  it('writes times, actions and outcomes for people', () => {
    expect(whenWords('2026-12-07T14:03:09.123Z')).toBe('2026-12-07 14:03 UTC');
    expect(whenWords(null)).toBe('never');
    expect(actionWords('user.password_reset')).toBe('reset a password (user.password_reset)');
    expect(actionWords('something.new')).toBe('something.new');
    expect(outcomeWords('denied')).toBe('refused');
  });
});

describe('matchAccounts', () => {
  const account = (login: string, name: string, role: string): Account => ({ id: 1, login, name, role, disabled: false, created: '', last_sign_in: null });
  const accounts = [account('cardio1', 'Dr Heart', 'clinician'), account('nurse1', 'Nia Nurse', 'nurse'), account('patient1', 'Pat One', 'patient')];
  it('matches login, name or role, in any case', () => {
    expect(matchAccounts(accounts, '').length).toBe(3);
    expect(matchAccounts(accounts, 'HEART').map((a) => a.login)).toEqual(['cardio1']);
    expect(matchAccounts(accounts, 'nurse').map((a) => a.login)).toEqual(['nurse1']);
    expect(matchAccounts(accounts, ' patient ').map((a) => a.login)).toEqual(['patient1']);
    expect(matchAccounts(accounts, 'zzz')).toEqual([]);
  });
});

describe('system status words', () => {
  it('says uptime in its two largest units', () => {
    expect(uptimeWords(0)).toBe('0 seconds');
    expect(uptimeWords(1)).toBe('1 second');
    expect(uptimeWords(125)).toBe('2 minutes 5 seconds');
    expect(uptimeWords(3 * 86400 + 4 * 3600 + 59)).toBe('3 days 4 hours');
    expect(uptimeWords(86400 + 30)).toBe('1 day 30 seconds');
  });
  it('says sizes in megabytes', () => {
    expect(sizeWords(0)).toBe('0.0 MB');
    expect(sizeWords(5 * 1024 * 1024 + 512 * 1024)).toBe('5.5 MB');
  });
  it('tells what to do about a missing or old backup', () => {
    const now = new Date('2026-12-07T18:00:00Z');
    expect(backupWords(null, now)).toMatch(/No backup has been made.*metaclinic backup/);
    expect(backupWords('2026-12-07T17:00:00Z', now)).toBe('2026-12-07 17:00 UTC');
    expect(backupWords('2026-12-05T17:00:00Z', now)).toMatch(/more than a day ago. Make a new backup/);
  });
});
