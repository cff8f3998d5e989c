// The care team's safety alert: a patient's questionnaire answers raised a
// safety flag (PHQ-9 item 9). A banner with the patient's name and an
// Acknowledge button per flag, an assertive announcement and the chime when
// a flag first appears and then every minute until someone in the care team
// acknowledges it (GET /api/safety/alerts every 15 s, POST .../acknowledge). The flag
// itself stays on the record; acknowledging says someone is on it.

import { h } from '../ui/dom';
import type { ClinicApi, SafetyAlert } from './api';
import { playChime } from './sounds';

const kRepeatMs = 60_000;
// Each look is an audited search across the care team's patients: not at the
// dashboard's 2-second pace.
const kLookEveryMs = 15_000;

export function createSafetyAlerts(clinic: ClinicApi, announce: (text: string) => void) {
  const list = h('ul', { class: 'safety-list', id: 'safety-alerts' });
  const banner = h(
    'div',
    { class: 'chime-banner safety-banner', id: 'safety-banner', role: 'region', 'aria-label': 'Safety alert', hidden: true },
    h('p', { class: 'chime-text' }, 'Safety alert: a patient answered that they have had thoughts of being better off dead or of hurting themselves. Contact them today.'),
    list,
  );
  const lastRung = new Map<string, number>();

  function words(alert: SafetyAlert): string {
    return `${alert.patient_name || 'A patient'} (since ${new Date(alert.since).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })})`;
  }

  function render(alerts: SafetyAlert[]): void {
    list.replaceChildren(
      ...alerts.map((alert) => {
        const button = h('button', { type: 'button', 'aria-label': `Acknowledge the safety alert for ${alert.patient_name || 'this patient'}` }, 'Acknowledge');
        button.addEventListener('click', async () => {
          button.disabled = true;
          const result = await clinic.acknowledgeSafety(alert.flag);
          if (!result.ok) {
            button.disabled = false;
            announce(`The safety alert could not be acknowledged: ${result.error.message}`);
            return;
          }
          announce(`Safety alert for ${alert.patient_name || 'the patient'} acknowledged.`);
          await poll(true);
        });
        return h('li', { 'data-flag': alert.flag }, h('span', {}, words(alert)), button);
      }),
    );
    banner.hidden = alerts.length === 0;
  }

  let lookedAt = -Infinity;
  /** Looks again when `kLookEveryMs` has passed since the last look (or at once when `force`). */
  async function poll(force = false): Promise<void> {
    if (!force && Date.now() - lookedAt < kLookEveryMs) return;
    lookedAt = Date.now();
    const result = await clinic.safetyAlerts();
    if (!result.ok) return; // the dashboard says when it cannot refresh
    const alerts = result.value;
    const now = Date.now();
    const due = alerts.filter((alert) => now - (lastRung.get(alert.flag) ?? -Infinity) >= kRepeatMs);
    for (const alert of due) lastRung.set(alert.flag, now);
    for (const flag of [...lastRung.keys()]) if (!alerts.some((alert) => alert.flag === flag)) lastRung.delete(flag);
    render(alerts);
    if (due.length > 0) {
      playChime();
      announce(`Safety alert: ${due.map(words).join('; ')}. Contact them today.`);
    }
  }

  return { banner, poll };
}
