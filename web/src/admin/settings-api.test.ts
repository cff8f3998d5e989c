import { describe, expect, it } from 'vitest';
import { rtcChange, secretWords, settingsFailureWords, sourceWords, typedCrisisLines, urlLines } from './settings-api';

describe('deployment settings form', () => {
  it('reads one address per line or comma, blanks dropped', () => {
    expect(urlLines(' stun:a.example.org:3478 \n\n stun:b.example.org,stun:c.example.org ')).toEqual([
      'stun:a.example.org:3478',
      'stun:b.example.org',
      'stun:c.example.org',
    ]);
    expect(urlLines('  \n')).toEqual([]);
  });
  it('sends the TURN secret only when typed or removed', () => {
    expect(rtcChange('stun:a', '', '', false)).toEqual({ stun_urls: ['stun:a'], turn_urls: [] });
    expect(rtcChange('', 'turn:t', 'a-long-secret-123456', false).turn_secret).toBe('a-long-secret-123456');
    expect(rtcChange('', '', 'typed but removed', true).turn_secret).toBe('');
  });
  it('drops rows left empty and trims the rest', () => {
    expect(typedCrisisLines([{ label: ' Crisis line ', how: ' call 0800 ' }, { label: '', how: '  ' }, { label: 'x', how: '' }])).toEqual([
      { label: 'Crisis line', how: 'call 0800' },
      { label: 'x', how: '' },
    ]);
  });
  it('says where the values come from and never more of the secret than its end', () => {
    expect(sourceWords({ source: 'config' }, (iso) => iso)).toMatch(/server configuration/);
    expect(sourceWords({ source: 'console', updated_at: '2026-12-07T20:00:00Z', updated_by_user_id: 1 }, () => 'then')).toMatch(/saved in this console by account #1 on then/);
    expect(secretWords({ set: false })).toBe('No TURN secret is set.');
    expect(secretWords({ set: true, ends_with: 'ab12' })).toMatch(/ends with "ab12"/);
  });
  it('puts every settings code in words', () => {
    for (const code of ['invalid_crisis_line', 'too_many_crisis_lines', 'invalid_stun_url', 'invalid_turn_url', 'too_many_urls', 'invalid_turn_secret', 'turn_secret_required']) {
      expect(settingsFailureWords({ ok: false, error: { status: 400, code, message: '' } })).not.toMatch(/server refused/);
    }
    expect(settingsFailureWords({ ok: false, error: { status: 400, code: 'invalid_crisis_line', message: "'X': too long" } })).toMatch(/\('X': too long\)$/);
  });
});
