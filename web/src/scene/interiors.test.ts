import { describe, expect, it } from 'vitest';
import { parseSpace } from '../spaces/space';
import { testSpaceJson } from '../spaces/test-space';
import { screenLines, wrapWords } from './interiors';

const space = parseSpace({ ...testSpaceJson, furniture: [{ kind: 'screen', at: [0, 1, 9.9], shows: 'queue', size: [4, 2.25] }] });
const queueScreen = space.furniture[0];

describe('interior screens', () => {
  it('the queue screen shows the patient’s own place when the clinic knows it', () => {
    expect(screenLines(queueScreen, space, 'You are number 2 in the queue. 1 person is ahead of you.')).toEqual([
      'Test hall waiting room',
      'You are number 2 in the queue.',
      '1 person is ahead of you.',
    ]);
  });
  it('and a generic line otherwise', () => {
    expect(screenLines(queueScreen, space, undefined)).toEqual(['Test hall waiting room', 'Please wait to be called']);
  });
  it('wraps long words at spaces and after sentences', () => {
    expect(wrapWords('Anatomy: how the organs share glucose', 26)).toEqual(['Anatomy:', 'how the organs share', 'glucose']);
  });
});
