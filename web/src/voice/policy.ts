// Who may talk where, as the server decides it (src/world/space_definition.cpp
// VoicePolicyAt, voice_signal.cpp CheckVoiceSignal): the smallest zone holding
// the point decides, else the space's own `voice`. Pure; the browser uses it
// to avoid asking for connections the server would refuse and to say why.

import { zoneAt, type Space, type Vec2, type VoicePolicy } from '../spaces/space';

export function voicePolicyAt(space: Space, point: Vec2): VoicePolicy {
  return zoneAt(space, point)?.voice ?? space.voice;
}

/** Whether two people may talk where each stands (both staff for a staff-only place). */
export function policyAllows(mine: VoicePolicy, theirs: VoicePolicy, bothStaff: boolean): boolean {
  const allows = (policy: VoicePolicy) => policy === 'open' || (policy === 'staff' && bothStaff);
  return allows(mine) && allows(theirs);
}

/** Members-only rooms (a consultation) have their own call; proximity voice never runs there. */
export function isPrivateRoom(space: Space): boolean {
  return space.policy === 'members-only' || space.policy === 'members';
}

/** Why I cannot talk where I stand, in words; '' where I may. */
export function hereWords(space: Space, point: Vec2, staff: boolean): string {
  if (isPrivateRoom(space)) return "Proximity voice is off in a private room: the room's own call (a consultation's or a group room's) carries the voices here.";
  const policy = voicePolicyAt(space, point);
  if (policy === 'open' || (policy === 'staff' && staff)) return '';
  const zone = zoneAt(space, point);
  if (policy === 'staff') return `Voice in ${zone?.name || space.name} is for staff only.`;
  if (zone?.kind === 'waiting') return `Voice is off in ${zone.name || 'the waiting room'} so patients don't overhear each other.`;
  if (zone?.kind === 'consult') return `Voice is off in ${zone.name || 'the consult rooms'}: consultations are private.`;
  return `Voice is off in ${zone?.name || space.name}.`;
}
