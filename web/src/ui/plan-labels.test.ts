import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSpace, type SpaceDefinitionJson } from '../spaces/space';
import { kMinimumLabelPx, layoutLabels, type PlacedLabel } from './plan-labels';

const directory = resolve(__dirname, '../../../spaces');
const spaces = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => parseSpace(JSON.parse(readFileSync(resolve(directory, file), 'utf8')) as SpaceDefinitionJson));

// The plan's size at 1280 x 800 and on a 390 x 844 phone (55vh), at every text size.
const views = [
  { name: 'desktop', widthPx: 940, heightPx: 700 },
  { name: 'phone', widthPx: 390, heightPx: 420 },
];
const fonts = [14, 16.6, 20];

const overlap = (a: PlacedLabel, b: PlacedLabel) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('plan labels over every spaces/*.json', () => {
  for (const space of spaces) {
    it(`${space.id}: legible, inside the view, never overlapping`, () => {
      for (const view of views) {
        for (const font of fonts) {
          const layout = layoutLabels(space, view, font);
          expect(layout.fontPx).toBeGreaterThanOrEqual(kMinimumLabelPx);
          for (const [index, label] of layout.placed.entries()) {
            expect(label.x, `${view.name} ${label.text}`).toBeGreaterThanOrEqual(0);
            expect(label.y).toBeGreaterThanOrEqual(0);
            expect(label.x + label.width).toBeLessThanOrEqual(view.widthPx);
            expect(label.y + label.height).toBeLessThanOrEqual(view.heightPx);
            for (const other of layout.placed.slice(index + 1)) {
              expect(overlap(label, other), `${space.id} ${view.name} ${font}px: "${label.text}" over "${other.text}"`).toBe(false);
            }
          }
          // Every portal is named on the plan at least on the desktop (they are where to go).
          if (view.name === 'desktop') {
            for (const portal of space.portals) expect(layout.dropped, `${space.id} ${font}px`).not.toContain(portal.name);
          }
        }
      }
    });
  }
  it('keeps "Staff entrance" and "Staff area" apart in a department', () => {
    const cardiology = spaces.find((space) => space.id === 'cardiology')!;
    const layout = layoutLabels(cardiology, { widthPx: 940, heightPx: 700 }, 16);
    const entrance = layout.placed.find((label) => label.text === 'Staff entrance');
    const area = layout.placed.find((label) => label.text === 'Staff area');
    expect(entrance && area).toBeTruthy();
    expect(overlap(entrance!, area!)).toBe(false);
  });
  it('draws lobby labels at the minimum size although the lobby is 200 m across', () => {
    const lobby = spaces.find((space) => space.id === 'lobby')!;
    const layout = layoutLabels(lobby, { widthPx: 390, heightPx: 420 }, 10);
    expect(layout.fontPx).toBe(kMinimumLabelPx);
    expect(layout.placed.length).toBeGreaterThanOrEqual(7);
  });
});
