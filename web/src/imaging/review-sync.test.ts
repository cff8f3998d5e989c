import { describe, expect, it } from 'vitest';
import { modeAfterLocalChange, modeAfterPoll, pointerWords, pointersOn, sameView, sharedView, withShared, type LiveState } from './review-sync';
import { initialState } from './viewer-state';

function live(presenter: number, you: number): LiveState {
  return {
    version: 3,
    presenter: { user_id: presenter, name: 'Dr. Demo Cardiology' },
    view: { slice: 40, center: -600, width: 1500, zoom: 2, pan_x: 10, pan_y: -5 },
    pointers: [
      { user_id: 7, name: 'Dr. A', slice: 40, x: 1, y: 2 },
      { user_id: 8, name: 'Dr. B', slice: 41, x: 1, y: 2 },
      { user_id: 9, name: 'Me', slice: 40, x: 1, y: 2 },
    ],
    annotations: [],
    you,
  };
}

describe('review sync', () => {
  it('carries the view both ways and clamps the slice to the stack', () => {
    const state = withShared(initialState(64), live(7, 9).view);
    expect(state.slice).toBe(40);
    expect(state.window).toEqual({ center: -600, width: 1500 });
    expect(sameView(sharedView(state), live(7, 9).view)).toBe(true);
    expect(withShared(initialState(10), { ...live(7, 9).view, slice: 99 }).slice).toBe(9);
  });

  it('follows until the person looks around, and presents when the server says so', () => {
    expect(modeAfterLocalChange('following')).toBe('free');
    expect(modeAfterLocalChange('presenting')).toBe('presenting');
    expect(modeAfterPoll('free', live(7, 9))).toBe('free');
    expect(modeAfterPoll('following', live(9, 9))).toBe('presenting');
    expect(modeAfterPoll('presenting', live(7, 9))).toBe('following');
  });

  it('shows the other people\'s pointers on this slice only', () => {
    expect(pointersOn(live(7, 9), 40).map((pointer) => pointer.name)).toEqual(['Dr. A']);
    expect(pointerWords(live(7, 9), 40)).toBe('Pointing: Dr. A on this slice; Dr. B on slice 42.');
    expect(pointerWords({ ...live(7, 9), pointers: [] }, 40)).toBe('');
  });
});
