// Who may open proximity voice with whom (protocol version 6). In a shared
// space the world relays WebRTC signaling between two people only when this
// allows it, so media never flows between people the rules keep apart.
// Members-only spaces (a consultation's room) are not asked: everyone in
// them is a member. Pure and thread-safe.
#pragma once

#include <cstdint>

#include "core/status.h"
#include "world/geometry.h"
#include "world/protocol.h"
#include "world/space_definition.h"

namespace mc::world {

struct VoiceParty {
  Vec3 body_m;
  uint8_t activity = 0;  // protocol::kActivity* bits
  protocol::EntityKind kind = protocol::EntityKind::kPerson;
};

// OK when `from` may send `kind` to `to` in `space`: both have voice on,
// they stand within protocol::kVoiceReleaseM of each other, and the voice
// policy where each stands lets both talk. A bye (hanging up) is always
// allowed. Otherwise FailedPrecondition with a stable code: voice_not_on,
// peer_voice_off, voice_off_here, voice_staff_only, voice_out_of_range.
Status CheckVoiceSignal(const SpaceDefinition& space, protocol::SignalKind kind,
                        const VoiceParty& from, const VoiceParty& to);

}  // namespace mc::world
