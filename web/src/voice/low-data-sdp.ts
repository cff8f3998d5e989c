// Low-data voice (Settings: "Voice in low-data mode: mono 16 kbit/s"): our
// own offer or answer asks the other side to send Opus in mono at no more
// than 16 kbit/s (RFC 7587 fmtp parameters maxaveragebitrate, stereo,
// sprop-stereo), and the sender caps what we send (RTCRtpSender maxBitrate,
// proximity-link.ts). Pure: SDP text in, SDP text out; anything that is not
// Opus is left as it was.

export const kLowDataVoiceBitrate = 16000;

/** The SDP with every Opus payload's fmtp set to mono at `bitrate` bit/s (an fmtp line added where none was). */
export function lowDataOpusSdp(sdp: string, bitrate = kLowDataVoiceBitrate): string {
  const newline = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(newline);
  const opus = new Set<string>();
  for (const line of lines) {
    const match = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
    if (match) opus.add(match[1]);
  }
  if (opus.size === 0) return sdp;
  const withFmtp = new Set<string>();
  const out: string[] = [];
  for (const line of lines) {
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (fmtp && opus.has(fmtp[1])) {
      withFmtp.add(fmtp[1]);
      out.push(`a=fmtp:${fmtp[1]} ${lowDataParameters(fmtp[2], bitrate)}`);
    } else {
      out.push(line);
    }
  }
  // An Opus payload without parameters gets them right after its rtpmap.
  for (const payload of opus) {
    if (withFmtp.has(payload)) continue;
    const at = out.findIndex((line) => line.toLowerCase().startsWith(`a=rtpmap:${payload} opus/`));
    out.splice(at + 1, 0, `a=fmtp:${payload} ${lowDataParameters('', bitrate)}`);
  }
  return out.join(newline);
}

/** "minptime=10;useinbandfec=1" -> the same with stereo=0, sprop-stereo=0 and maxaveragebitrate set. */
function lowDataParameters(parameters: string, bitrate: number): string {
  const forced = new Map<string, string>([
    ['stereo', '0'],
    ['sprop-stereo', '0'],
    ['maxaveragebitrate', String(bitrate)],
  ]);
  const kept = parameters
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part && !forced.has(part.split('=')[0].trim().toLowerCase()));
  return [...kept, ...[...forced].map(([key, value]) => `${key}=${value}`)].join(';');
}
