// Sitting down on a chair (issue 14): a "Sit down" button over the view
// (and key C there) while a free seat is within reach; it walks you onto the
// seat at walking speed (so the server's pose check accepts each step),
// turns you the way the chair faces and tells everyone near that you sit
// (activity bit seated, net/avatar-looks.ts). Any movement key, the joystick
// or a walk stands you up again. Seats come from spaces/seats.ts, the same
// layout the chairs are built from. Single-threaded; time is handed in.

import type { RealtimeClient } from '../net/realtime';
import { nearestFreeSeat, seatsOf, type Seat } from '../spaces/seats';
import type { Space, Vec2 } from '../spaces/space';
import { h } from './dom';
import type { Locomotion } from './locomotion';

/** How often the button looks for a free seat nearby. */
const kLookEveryMs = 250;
/** Arriving this close to the seat's place counts as on it. */
const kOnSeatM = 0.35;

export interface SeatingOptions {
  client: RealtimeClient;
  locomotion: Locomotion;
  /** Words for screen readers (the live region). */
  say: (text: string) => void;
}

export interface Seating {
  /** The Sit down / Stand up button, for the view's box. */
  readonly element: HTMLButtonElement;
  setSpace(space: Space): void;
  /** Before the frame's locomotion step: stands you up when you move; shows or hides the button. */
  step(now: number): void;
  /** Key C in `box` (the view and its button), not while typing. */
  attachKey(box: HTMLElement): void;
}

type State = { kind: 'standing' } | { kind: 'approaching' | 'arrived' | 'seated'; seat: Seat };

function typingInto(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

export function createSeating({ client, locomotion, say }: SeatingOptions): Seating {
  const element = h('button', { type: 'button', class: 'sit-button', id: 'sit-button', hidden: true }, 'Sit down');
  let seats: Seat[] = [];
  let state: State = { kind: 'standing' };
  let nearby: Seat | undefined;
  let lookedAt = -Infinity;

  const others = (): Vec2[] =>
    [...client.avatars.values()].map((avatar) => avatar.buffer.latest?.body).filter((body): body is NonNullable<typeof body> => !!body);

  function show(): void {
    const label = state.kind === 'standing' ? 'Sit down' : 'Stand up';
    if (element.textContent !== label) element.textContent = label;
    element.hidden = state.kind === 'standing' && !nearby;
  }

  function sit(seat: Seat, now: number): void {
    client.yaw = seat.yaw;
    client.looks.setSeated(true, now);
    state = { kind: 'seated', seat };
    say('You sat down. Move to stand up.');
    show();
  }

  function standUp(now: number, words: boolean): void {
    if (state.kind === 'seated') {
      client.looks.setSeated(false, now);
      if (words) say('You stood up.');
    }
    state = { kind: 'standing' };
    show();
  }

  function sitDown(): void {
    const now = performance.now();
    const from = client.prediction.position;
    const seat = nearby ?? nearestFreeSeat(seats, from, others());
    if (!seat) {
      say('There is no free seat near you.');
      return;
    }
    if (Math.hypot(seat.at.x - from.x, seat.at.z - from.z) < 0.05) {
      sit(seat, now);
      return;
    }
    // The walk is at walking speed: the server accepts every step of it.
    // Sat down on the next step, not here: the walk's own step sets the yaw after this.
    const walking = locomotion.walkTo(from, seat.at, () => {
      if (state.kind === 'approaching' && state.seat === seat) state = { kind: 'arrived', seat };
    });
    if (!walking) {
      say('That seat could not be reached.');
      return;
    }
    state = { kind: 'approaching', seat };
    show();
  }

  element.addEventListener('click', () => {
    if (state.kind === 'standing') sitDown();
    else {
      if (state.kind !== 'seated') locomotion.stop();
      standUp(performance.now(), true);
    }
  });

  return {
    element,
    setSpace(space) {
      // A join stands you up on the server and in the looks (AvatarLooks.joined).
      seats = seatsOf(space);
      state = { kind: 'standing' };
      nearby = undefined;
      lookedAt = -Infinity;
      show();
    },
    step(now) {
      if (state.kind === 'arrived') {
        const at = client.prediction.position;
        if (Math.hypot(at.x - state.seat.at.x, at.z - state.seat.at.z) < kOnSeatM) sit(state.seat, now);
        else {
          state = { kind: 'standing' };
          say('That seat could not be reached.');
        }
      }
      if (state.kind === 'seated' && locomotion.moving) standUp(now, true);
      else if (state.kind === 'approaching' && !locomotion.walking) state = { kind: 'standing' }; // a key took over
      if (now - lookedAt >= kLookEveryMs) {
        lookedAt = now;
        nearby = state.kind === 'standing' ? nearestFreeSeat(seats, client.prediction.position, others()) : undefined;
      }
      show();
    },
    attachKey(box) {
      box.addEventListener('keydown', (event) => {
        if (event.code !== 'KeyC' || event.altKey || event.ctrlKey || event.metaKey || event.repeat || typingInto(event.target)) return;
        if (element.hidden) return;
        event.preventDefault();
        element.click();
      });
    },
  };
}
