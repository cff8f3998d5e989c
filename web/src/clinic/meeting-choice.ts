// Where and how a 1:1 therapy visit meets (issue 16), chosen at check-in:
// mental health visits may meet on a quiet beach or in a peaceful forest
// instead of the consult room (the server opens the private room there),
// and the patient may talk as avatars only, camera off, which both sides
// are shown. Other departments meet in their consult room: no choice shown.

import { h } from '../ui/dom';
import type { MeetingPlace } from './api';

export const kCalmPlacesDepartment = 'mental-health';

export interface MeetingChoice {
  element: HTMLElement;
  value(): { place: MeetingPlace; avatars_only: boolean };
}

export function createMeetingChoice(department: string): MeetingChoice | null {
  if (department !== kCalmPlacesDepartment) return null;
  const radio = (value: MeetingPlace, label: string, checked: boolean) =>
    h('label', { for: `check-in-place-${value}` }, h('input', { type: 'radio', name: 'check-in-place', id: `check-in-place-${value}`, value, checked }), label);
  const avatars = h('input', { type: 'checkbox', id: 'check-in-avatars-only', 'aria-describedby': 'check-in-avatars-help' });
  const element = h(
    'div',
    { id: 'check-in-meeting' },
    h(
      'fieldset',
      { class: 'clinic-fieldset' },
      h('legend', {}, 'Where would you like to meet your therapist?'),
      radio('beach', 'On a quiet beach', true),
      radio('forest', 'In a peaceful forest', false),
      radio('room', 'In the consulting room', false),
    ),
    h(
      'fieldset',
      { class: 'clinic-fieldset' },
      h('legend', {}, 'Camera'),
      h('label', { for: 'check-in-avatars-only', class: 'checkbox' }, avatars, ' Talk as avatars only (camera off)'),
      h('p', { class: 'notice', id: 'check-in-avatars-help' }, 'You and your therapist see each other as avatars and hear each other; no one sees your face. Your therapist is told you chose this. You can turn your camera on later if you wish.'),
    ),
  );
  return {
    element,
    value: () => ({
      place: (element.querySelector<HTMLInputElement>('input[name=check-in-place]:checked')?.value as MeetingPlace) ?? 'room',
      avatars_only: avatars.checked,
    }),
  };
}
