// The interiors' data over every spaces/*.json (issue 14): icons have
// drawings, solid furniture says its size (the server's defaults are not
// known to a file read here), and every zone can be walked to, the skills
// lab's stations and the anatomy hall's stage included.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasIcon } from './icons';
import { zoneWalkTarget } from './movement';
import { parseSpace, type SpaceDefinitionJson } from './space';
import { unreachableZones } from './test-space';

const directory = resolve(__dirname, '../../../spaces');
const files = readdirSync(directory)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(resolve(directory, file), 'utf8')) as SpaceDefinitionJson);

describe('interiors in spaces/*.json', () => {
  it('every icon has a drawing', () => {
    const used = files.flatMap((json) => [json.icon, ...(json.zones ?? []).map((z) => z.icon), ...(json.portals ?? []).map((p) => p.icon)]);
    const missing = used.filter((icon): icon is string => !!icon && !hasIcon(icon));
    expect(missing).toEqual([]);
  });

  it('solid furniture gives its size', () => {
    const unsized = files.flatMap((json) => (json.furniture ?? []).filter((item) => item.solid && !item.size).map((item) => `${json.id}: ${item.kind}`));
    expect(unsized).toEqual([]);
  });

  it('the department spaces and the lobby have wayfinding lines in their colours', () => {
    const lobby = files.find((json) => json.id === 'lobby')!;
    const colours = new Set((lobby.furniture ?? []).filter((item) => item.kind === 'floor_line').map((item) => item.colour));
    for (const portal of lobby.portals ?? []) if (portal.colour) expect(colours.has(portal.colour)).toBe(true);
    for (const json of files.filter((candidate) => candidate.zones?.some((zone) => zone.kind === 'waiting'))) {
      expect((json.furniture ?? []).some((item) => item.kind === 'floor_line' && item.colour === json.colour)).toBe(true);
      expect((json.furniture ?? []).some((item) => item.kind === 'screen' && item.shows === 'queue')).toBe(true);
    }
  });

  for (const json of files.filter((candidate) => ['skills-lab', 'anatomy-hall', 'conference-room', 'cardiology', 'cardiology-consult'].includes(candidate.id))) {
    it(`${json.id}: every zone can be walked to from the first arrival point`, () => {
      expect(unreachableZones(parseSpace(json))).toEqual([]);
    });
  }

  it('walking to a station ends in front of its table, facing it from the lab', () => {
    const space = parseSpace(files.find((json) => json.id === 'skills-lab')!);
    const station = space.zones.find((zone) => zone.id === 'peg-transfer')!;
    const target = zoneWalkTarget(space, station);
    expect(target.x).toBeCloseTo(8);
    expect(target.z).toBeLessThan(2.5); // south of the table (z 2.45..3.55), the side people come from
    expect(target.z).toBeGreaterThan(0);
  });
});
