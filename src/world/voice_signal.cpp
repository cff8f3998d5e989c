#include "world/voice_signal.h"

namespace mc::world {

namespace {

bool IsStaff(const VoiceParty& party) {
  return party.kind == protocol::EntityKind::kStaff;
}

Status CheckPolicyAt(const SpaceDefinition& space, const VoiceParty& party,
                     const VoiceParty& other, bool self) {
  switch (VoicePolicyAt(space, party.body_m)) {
    case VoicePolicy::kOpen:
      return Status();
    case VoicePolicy::kOff:
      return FailedPrecondition(
          "voice_off_here",
          self ? "voice is off where you stand (waiting areas are quiet)"
               : "voice is off where they stand (waiting areas are quiet)");
    case VoicePolicy::kStaff:
      if (IsStaff(party) && IsStaff(other)) return Status();
      return FailedPrecondition("voice_staff_only",
                                "voice here is for staff only");
  }
  return Status();
}

}  // namespace

Status CheckVoiceSignal(const SpaceDefinition& space, protocol::SignalKind kind,
                        const VoiceParty& from, const VoiceParty& to) {
  if (kind == protocol::SignalKind::kBye) return Status();
  if ((from.activity & protocol::kActivityVoice) == 0)
    return FailedPrecondition("voice_not_on", "turn voice on first");
  if ((to.activity & protocol::kActivityVoice) == 0)
    return FailedPrecondition("peer_voice_off", "they have voice off");
  if (DistanceSquared(from.body_m, to.body_m) >
      protocol::kVoiceReleaseM * protocol::kVoiceReleaseM)
    return FailedPrecondition("voice_out_of_range",
                              "they are too far away to talk to");
  MC_RETURN_IF_ERROR(CheckPolicyAt(space, from, to, true));
  return CheckPolicyAt(space, to, from, false);
}

}  // namespace mc::world
