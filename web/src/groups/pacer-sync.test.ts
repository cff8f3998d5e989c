// Two members' browsers show the host's shared pacer in step: each estimates
// the server's clock from one round trip (net/unix-clock.ts), anchors once,
// then counts on its own audio clock (ui/breathing.ts).
import { describe, expect, it } from 'vitest';
import { UnixClock } from '../net/unix-clock';
import { pacerAt, sharedOffsetS, sharedPattern } from '../ui/breathing';

interface Member {
  /** Local monotonic ms = server unix ms - this. */
  localBehindMs: number;
  /** The audio clock's seconds = local ms / 1000 + this (it started later). */
  audioLagS: number;
  /** Their network's delay each way (ms): request, answer. */
  upMs: number;
  downMs: number;
}

const startedAt = 1_765_000_000_000;

function offsetFor(member: Member): number {
  const clock = new UnixClock();
  // A room poll: sent at server time startedAt + 1500, answered on arrival at the server.
  const serverAtArrival = startedAt + 1500 + member.upMs;
  const sent = startedAt + 1500 - member.localBehindMs;
  const received = sent + member.upMs + member.downMs;
  clock.observe(serverAtArrival, sent, received);
  const local = received + 7; // the next frame
  const audioS = local / 1000 + member.audioLagS;
  return sharedOffsetS(startedAt, clock.serverNow(local)!, audioS);
}

describe('the shared pacer', () => {
  it('reads the server-kept pattern and refuses a mismatched one', () => {
    expect(sharedPattern('box', [4, 4, 4, 4])?.phases.map((phase) => phase.kind)).toEqual(['in', 'hold-full', 'out', 'hold-empty']);
    expect(sharedPattern('box', [4, 4])).toBeUndefined();
    expect(sharedPattern('square', [4])).toBeUndefined();
  });

  it('puts two members on the same phase within 50 ms for 10 minutes', () => {
    const pattern = sharedPattern('sighing', [2, 1.5, 6])!;
    const alice: Member = { localBehindMs: 1_764_999_000_000, audioLagS: -3.2, upMs: 12, downMs: 14 };
    const bob: Member = { localBehindMs: 1_764_000_123_456, audioLagS: -900.5, upMs: 80, downMs: 20 };
    const aliceOffset = offsetFor(alice);
    const bobOffset = offsetFor(bob);
    let worstMs = 0;
    // Walk server time through 10 minutes; each member reads their own audio clock.
    for (let serverMs = startedAt + 2000; serverMs < startedAt + 602_000; serverMs += 37) {
      const aliceAudio = (serverMs - alice.localBehindMs) / 1000 + alice.audioLagS;
      const bobAudio = (serverMs - bob.localBehindMs) / 1000 + bob.audioLagS;
      const aliceElapsed = aliceAudio + aliceOffset;
      const bobElapsed = bobAudio + bobOffset;
      worstMs = Math.max(worstMs, Math.abs(aliceElapsed - bobElapsed) * 1000);
      expect(Math.abs(aliceElapsed - (serverMs - startedAt) / 1000) * 1000).toBeLessThan(50);
      const a = pacerAt(pattern, aliceElapsed);
      const b = pacerAt(pattern, bobElapsed);
      // Same phase, unless both are within the 50 ms around a boundary.
      if (a.phaseStartS !== b.phaseStartS) expect(Math.abs(aliceElapsed - Math.max(a.phaseStartS, b.phaseStartS)) * 1000).toBeLessThan(50);
    }
    // Bob's uneven route (80 ms up, 20 down) costs him 30 ms; still under 50.
    expect(worstMs).toBeLessThan(50);
    expect(worstMs).toBeGreaterThan(20);
  });
});
