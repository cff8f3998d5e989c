// Words for the server's password codes (docs/api.md "Users"), shared by
// the change-password and invitation screens and the admin console.

const kPasswordWords: Record<string, string> = {
  password_too_short: 'The password must have at least 8 characters.',
  password_too_long: 'The password must have at most 128 characters.',
  password_too_common: 'That password is too common; choose another.',
  password_unchanged: 'Choose a password different from the one you were given.',
  wrong_password: 'The current password is not right. Type the one you were given.',
  too_many_attempts: 'Too many wrong passwords. Wait an hour, or ask an administrator for a new one.',
  invitation_invalid: 'This invitation link is not valid. Check that you opened the whole link, or ask the person who invited you for a new one.',
  invitation_used: 'This invitation link was already used. If that was you, sign in; otherwise ask for a new link.',
  invitation_expired: 'This invitation link has expired. Ask the person who invited you for a new one.',
  network_error: 'The server could not be reached. Check the connection and try again.',
};

/** Words for a password or invitation code; the server's message when the code is not known here. */
export function passwordWords(code: string, message: string): string {
  return kPasswordWords[code] ?? (message || `The server refused (${code}).`);
}

/** The new password and its repeat, checked before anything is sent; "" when they may be sent. */
export function newPasswordProblem(password: string, repeat: string): string {
  if (password.length < 8) return kPasswordWords.password_too_short;
  if (password.length > 128) return kPasswordWords.password_too_long;
  if (password !== repeat) return 'The two new passwords are not the same. Type it again in both fields.';
  return '';
}
