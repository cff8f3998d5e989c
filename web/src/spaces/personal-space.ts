// The personal space bubble (issue 16, as in ENGAGE): with it on, anyone
// whose body comes nearer than kPersonalSpaceM to yours is not drawn, so
// nobody can crowd you in a group; they reappear as they step back. It
// changes only your own view (nobody is moved). Pure, so the rule is
// unit-tested apart from three.js.

export const kPersonalSpaceM = 1;

interface FloorPoint {
  x: number;
  z: number;
}

/** Whether `other` stands inside your bubble (floor distance, metres). */
export function insideBubble(self: FloorPoint, other: FloorPoint, on: boolean): boolean {
  return on && Math.hypot(other.x - self.x, other.z - self.z) < kPersonalSpaceM;
}
