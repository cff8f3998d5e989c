// The admin console's Deployment settings section (for `operate`): the
// crisis help lines patients are shown, and the STUN/TURN servers browsers
// use for video. Each part says where its values come from (configuration
// or this console), saves on its own button, and can go back to the
// configured values. The TURN secret is typed, never shown back.

import { h } from '../ui/dom';
import { whenWords } from './admin-api';
import {
  readSettings,
  resetSetting,
  rtcChange,
  saveCrisisLines,
  saveRtc,
  secretWords,
  settingsFailureWords,
  sourceWords,
  typedCrisisLines,
  type CrisisLine,
  type DeploymentSettings,
} from './settings-api';
import type { ApiResult } from '../net/rest';
import type { PageHost } from '../ui/page-host';

export interface SettingsSection {
  element: HTMLElement;
  load(): Promise<void>;
}

export function createSettingsSection(host: PageHost): SettingsSection {
  let limit = 8;
  // ---- crisis help ----
  const crisisSource = h('p', { class: 'notice', id: 'admin-crisis-source' });
  const crisisRows = h('ol', { class: 'admin-crisis-rows', id: 'admin-crisis-rows' });
  const crisisMessage = h('p', { class: 'clinic-message', role: 'status', id: 'admin-crisis-message' });
  const addLine = h('button', { type: 'button', class: 'secondary', id: 'admin-crisis-add' }, 'Add a line');
  const saveCrisis = h('button', { type: 'submit', id: 'admin-crisis-save' }, 'Save crisis help');
  const resetCrisis = h('button', { type: 'button', class: 'secondary', id: 'admin-crisis-reset' }, 'Use the configured lines again');
  const crisisForm = h(
    'form',
    { id: 'admin-crisis-form', 'aria-labelledby': 'admin-crisis-title' },
    h('h4', { id: 'admin-crisis-title' }, 'Crisis help'),
    h('p', {}, 'Shown at once to a patient whose answers mention thoughts of self-harm. A wrong or dead number is worse than none: check each one. With no lines, patients are told to call their local emergency number.'),
    crisisSource,
    crisisRows,
    h('div', { class: 'clinic-row' }, addLine, saveCrisis, resetCrisis),
    crisisMessage,
  );

  function crisisRow(line: CrisisLine, index: number): HTMLElement {
    const labelId = `admin-crisis-label-${index}`;
    const howId = `admin-crisis-how-${index}`;
    const remove = h('button', { type: 'button', class: 'secondary', 'aria-label': `Remove line ${index + 1}` }, 'Remove');
    const item = h(
      'li',
      { class: 'admin-crisis-row' },
      h('span', { class: 'admin-field' }, h('label', { for: labelId }, `Line ${index + 1}: name`), h('input', { id: labelId, class: 'admin-crisis-label', value: line.label, maxlength: 60, autocomplete: 'off' })),
      h('span', { class: 'admin-field' }, h('label', { for: howId }, 'How to reach it'), h('input', { id: howId, class: 'admin-crisis-how', value: line.how, maxlength: 120, autocomplete: 'off' })),
      remove,
    );
    remove.addEventListener('click', () => {
      showCrisisRows(typedRows().filter((_, other) => other !== index));
      crisisMessage.textContent = `Line ${index + 1} removed. Save to make it count.`;
    });
    return item;
  }

  function typedRows(): CrisisLine[] {
    return [...crisisRows.querySelectorAll('li')].map((item) => ({
      label: (item.querySelector('.admin-crisis-label') as HTMLInputElement).value,
      how: (item.querySelector('.admin-crisis-how') as HTMLInputElement).value,
    }));
  }

  function showCrisisRows(lines: CrisisLine[]): void {
    crisisRows.replaceChildren(...lines.map(crisisRow));
    addLine.disabled = lines.length >= limit;
  }

  // ---- STUN/TURN ----
  const rtcSource = h('p', { class: 'notice', id: 'admin-rtc-source' });
  const stun = h('textarea', { id: 'admin-stun', rows: 2, autocomplete: 'off', spellcheck: false });
  const turn = h('textarea', { id: 'admin-turn', rows: 2, autocomplete: 'off', spellcheck: false });
  const secretState = h('p', { class: 'notice', id: 'admin-turn-secret-state' });
  const secret = h('input', { id: 'admin-turn-secret', type: 'password', autocomplete: 'new-password', maxlength: 256, 'aria-describedby': 'admin-turn-secret-state' });
  const removeSecret = h('input', { id: 'admin-turn-secret-remove', type: 'checkbox' });
  const rtcMessage = h('p', { class: 'clinic-message', role: 'status', id: 'admin-rtc-message' });
  const saveRtcButton = h('button', { type: 'submit', id: 'admin-rtc-save' }, 'Save video servers');
  const resetRtc = h('button', { type: 'button', class: 'secondary', id: 'admin-rtc-reset' }, 'Use the configured servers again');
  const rtcForm = h(
    'form',
    { id: 'admin-rtc-form', class: 'admin-form', 'aria-labelledby': 'admin-rtc-title' },
    h('h4', { id: 'admin-rtc-title' }, 'Video connections: STUN and TURN'),
    h('p', {}, 'Browsers use these servers to reach each other for video visits and group rooms across the internet (docs/deployment.md). Changes apply to the next call; calls already connected keep going. One address per line.'),
    rtcSource,
    h('label', { for: 'admin-stun' }, 'STUN servers'),
    stun,
    h('label', { for: 'admin-turn' }, 'TURN servers'),
    turn,
    secretState,
    h('label', { for: 'admin-turn-secret' }, 'New TURN secret'),
    secret,
    h('label', { for: 'admin-turn-secret-remove' }, 'Remove the TURN secret'),
    removeSecret,
    h('div', { class: 'clinic-row' }, saveRtcButton, resetRtc),
    rtcMessage,
  );

  const message = h('p', { class: 'clinic-message', role: 'status', id: 'admin-settings-message' });
  const element = h(
    'section',
    { id: 'admin-settings', class: 'admin-section', 'aria-labelledby': 'admin-settings-title' },
    h('h3', { id: 'admin-settings-title' }, 'Deployment settings'),
    h('p', {}, 'Settings that are safe to change while the server runs. Each save takes effect at once, without a restart, and is recorded in the audit log.'),
    message,
    crisisForm,
    rtcForm,
  );

  function show(settings: DeploymentSettings): void {
    limit = settings.limits.crisis_lines;
    crisisSource.textContent = sourceWords(settings.crisis_lines, whenWords);
    resetCrisis.hidden = settings.crisis_lines.source === 'config';
    showCrisisRows(settings.crisis_lines.lines.length > 0 ? settings.crisis_lines.lines : [{ label: '', how: '' }]);
    rtcSource.textContent = sourceWords(settings.rtc, whenWords);
    resetRtc.hidden = settings.rtc.source === 'config';
    stun.value = settings.rtc.stun_urls.join('\n');
    turn.value = settings.rtc.turn_urls.join('\n');
    secretState.textContent = secretWords(settings.rtc.turn_secret);
    secret.value = '';
    removeSecret.checked = false;
  }

  async function apply(result: ApiResult<DeploymentSettings>, where: HTMLElement, done: string): Promise<void> {
    if (!result.ok) {
      where.textContent = `Not saved. ${settingsFailureWords(result)}`;
      return;
    }
    show(result.value);
    where.textContent = done;
  }

  crisisForm.addEventListener('submit', (event) => {
    event.preventDefault();
    crisisMessage.textContent = 'Saving the crisis help…';
    void saveCrisisLines(host.api, typedCrisisLines(typedRows())).then((result) =>
      apply(result, crisisMessage, `Saved at ${new Date().toLocaleTimeString()}. Patients are shown these lines from now on.`),
    );
  });
  addLine.addEventListener('click', () => {
    showCrisisRows([...typedRows(), { label: '', how: '' }]);
    (crisisRows.querySelector('li:last-child input') as HTMLInputElement | null)?.focus();
  });
  resetCrisis.addEventListener('click', () => {
    crisisMessage.textContent = 'Going back to the configured lines…';
    void resetSetting(host.api, 'crisis_lines').then((result) => apply(result, crisisMessage, 'The configured crisis lines are in force again.'));
  });
  rtcForm.addEventListener('submit', (event) => {
    event.preventDefault();
    rtcMessage.textContent = 'Saving the video servers…';
    void saveRtc(host.api, rtcChange(stun.value, turn.value, secret.value, removeSecret.checked)).then((result) =>
      apply(result, rtcMessage, `Saved at ${new Date().toLocaleTimeString()}. New calls use these servers.`),
    );
  });
  resetRtc.addEventListener('click', () => {
    rtcMessage.textContent = 'Going back to the configured servers…';
    void resetSetting(host.api, 'rtc').then((result) => apply(result, rtcMessage, 'The configured video servers are in force again.'));
  });

  async function load(): Promise<void> {
    message.textContent = 'Reading the deployment settings…';
    const result = await readSettings(host.api);
    if (!result.ok) {
      message.textContent = settingsFailureWords(result);
      return;
    }
    show(result.value);
    message.textContent = '';
  }
  return { element, load };
}
