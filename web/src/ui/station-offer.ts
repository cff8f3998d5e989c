// The skills lab's stations (issue 18): while you stand in a zone of kind
// "station" (reached on foot, or by the Map's "Walk"), a button over the
// view offers to open it ("Open Peg transfer"); the station's page is the
// skills feature's, loaded on first use. Pure choice (stationAt) apart from
// the button. Single-threaded; time is handed in.

import { zoneAt, type Space, type Vec2, type Zone } from '../spaces/space';
import { h } from './dom';

const kLookEveryMs = 250;

/** The station zone whose floor holds `at`, if any. */
export function stationAt(space: Space | undefined, at: Vec2): Zone | undefined {
  if (!space) return undefined;
  const zone = zoneAt(space, at);
  return zone?.kind === 'station' ? zone : undefined;
}

export interface StationOffer {
  readonly element: HTMLButtonElement;
  /** Each frame: shows the button while `at` is in a station of `space`. */
  step(space: Space | undefined, at: Vec2, now: number): void;
}

export function createStationOffer(open: (zone: Zone) => void, say: (text: string) => void): StationOffer {
  const element = h('button', { type: 'button', class: 'station-button', id: 'station-button', hidden: true }, '');
  let current: Zone | undefined;
  let lookedAt = -Infinity;
  element.addEventListener('click', () => {
    if (current) open(current);
  });
  return {
    element,
    step(space, at, now) {
      if (now - lookedAt < kLookEveryMs) return;
      lookedAt = now;
      const zone = stationAt(space, at);
      if (zone?.id === current?.id) return;
      current = zone;
      element.hidden = !zone;
      if (zone) {
        element.textContent = `Open ${zone.name}`;
        say(`You are at ${zone.name}. Its button opens the station.`);
      }
    },
  };
}
