import { describe, expect, it } from 'vitest';
import { invitationToken } from './invitation';
import { newPasswordProblem, passwordWords } from './password-words';

describe('password and invitation words', () => {
  it('checks a new password before it is sent', () => {
    expect(newPasswordProblem('short', 'short')).toMatch(/at least 8/);
    expect(newPasswordProblem('x'.repeat(129), 'x'.repeat(129))).toMatch(/at most 128/);
    expect(newPasswordProblem('long enough', 'long enougH')).toMatch(/not the same/);
    expect(newPasswordProblem('long enough', 'long enough')).toBe('');
  });
  it('puts the server codes in words, and keeps its message for others', () => {
    expect(passwordWords('invitation_expired', '')).toMatch(/expired/);
    expect(passwordWords('wrong_password', '')).toMatch(/current password is not right/);
    expect(passwordWords('something_new', 'what the server said')).toBe('what the server said');
  });
  it('takes only a well-formed token from the fragment', () => {
    const token = 'a'.repeat(64);
    expect(invitationToken(`#invitation=${token}`)).toBe(token);
    expect(invitationToken(`#invitation=${token}x`)).toBe('');
    expect(invitationToken('#invitation=../../x')).toBe('');
    expect(invitationToken('')).toBe('');
  });
});
