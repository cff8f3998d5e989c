// The server's wall clock (Unix ms) as seen from this page, for things every
// browser must do at the same moment (a group room's shared breathing pacer).
// Each sample is a request sent at `sentMs` and answered at `receivedMs` on
// the page's monotonic clock, carrying the server's time: the server's time
// is taken to be halfway through the round trip, so a sample's error is at
// most half its round trip. The sample with the shortest round trip wins;
// one that is older than `kFreshForMs` gives way to any newer one (clocks
// drift apart slowly). Pure: callers pass the times.

export const kFreshForMs = 60_000;

export class UnixClock {
  private best: { offsetMs: number; roundTripMs: number; atMs: number } | undefined;

  observe(serverUnixMs: number, sentMs: number, receivedMs: number): void {
    const roundTripMs = receivedMs - sentMs;
    if (!Number.isFinite(serverUnixMs) || !(roundTripMs >= 0)) return;
    const stale = this.best !== undefined && receivedMs - this.best.atMs > kFreshForMs;
    if (this.best === undefined || stale || roundTripMs <= this.best.roundTripMs) {
      this.best = { offsetMs: serverUnixMs + roundTripMs / 2 - receivedMs, roundTripMs, atMs: receivedMs };
    }
  }

  /** The server's Unix ms at local `localMs`; undefined before any sample. */
  serverNow(localMs: number): number | undefined {
    return this.best === undefined ? undefined : localMs + this.best.offsetMs;
  }

  /** How far off serverNow may be (half the best round trip), ms; undefined before any sample. */
  uncertaintyMs(): number | undefined {
    return this.best === undefined ? undefined : this.best.roundTripMs / 2;
  }
}
