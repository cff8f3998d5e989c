// BodySimulation: the glucose simulation of one body-explorer space instance
// (issue 8). The World owns one per instance of a space whose definition has
// "simulation": "glucose"; every client in the space drives it with
// sim_action and receives the same sim_state (docs/protocol.md, version 2).
//
// It wraps a glucose::LiveSession and never reads a clock: Advance(now_ms)
// is handed the tick's time. Not thread-safe: only the World's tick calls it.
// Jumps are capped at kMaxBodyJumpMinutes so one action cannot stall a tick.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "core/status.h"
#include "sim/glucose/live_session.h"
#include "sim/glucose/params.h"
#include "world/protocol.h"

namespace mc::world {

inline constexpr int kMaxBodyJumpMinutes = 12 * 60;
inline constexpr size_t kMaxSimStateEvents = 32;
// The most insulin one action may give: more than any single dose a person
// with type 1 diabetes would plausibly take (docs/protocol.md).
inline constexpr double kMaxBodyDoseUnits = 25;
// A dose whose predicted lowest BG over the next kDoseCheckMinutes falls
// below kDangerousLowMgDl (ADA level 2 hypoglycaemia) needs confirming.
inline constexpr double kDangerousLowMgDl = 54;
inline constexpr int kDoseCheckMinutes = 6 * 60;
// Below this the model (no counter-regulation) is not a body any more.
inline constexpr double kModelFloorMgDl = 40;
inline constexpr size_t kMaxSimLogEntries = 32;
inline constexpr size_t kMaxSimLogActorBytes = 64;

// What a dose would do if nothing else happened (PredictDose).
struct DosePrediction {
  double lowest_bg_mg_dl = 0;
  int minutes_to_lowest = 0;  // from now
};

class BodySimulation {
 public:
  // A session for the default patient (an adolescent, basal insulin only:
  // meal insulin is the user's to give) at minute 0, running, at `now_ms`.
  // FailedPrecondition ("simulation_unavailable") when `parameters` lacks the
  // patient, sensor or pump.
  static StatusOr<std::unique_ptr<BodySimulation>> Create(
      std::shared_ptr<const glucose::ParameterSet> parameters, int64_t now_ms);

  // Applies one action at the current simulated minute. Errors (nothing
  // changes): invalid_argument with LiveSession's codes ("invalid_meal",
  // "too_much_food", "invalid_dose", "invalid_walk", "invalid_speed",
  // "invalid_jump"), FailedPrecondition "simulation_unavailable" when a
  // chosen patient cannot be loaded.
  // Insulin: invalid_argument "dose_too_large" above kMaxBodyDoseUnits;
  // kInsulin (not kInsulinConfirmed) is FailedPrecondition
  // "dose_needs_confirmation" when PredictDose falls below
  // kDangerousLowMgDl, with words for the person saying how low and when.
  // kInvite is the World's (invalid_argument "invalid_action" here).
  // kTherapy (version 3) sets the patient's carbohydrate ratio, correction
  // factor and basal rate (kTherapyUnset keeps the virtual patient's own)
  // and restarts the session at minute 0 with them; invalid_argument
  // "invalid_carb_ratio" (1..150 g/U), "invalid_correction_factor"
  // (1..500 mg/dL/U), "invalid_basal_rate" (0..20 U/h). Choosing a patient
  // clears them. Who may send it is the World's check (care roles, admins).
  Status Apply(const protocol::SimAction& action);

  // The settings in force (unset: the virtual patient's own).
  const glucose::TherapyOverrides& therapy() const { return therapy_; }

  // Advances by the wall time since the last Advance or Hold (or creation).
  void Advance(int64_t now_ms);
  // Lets wall time pass without simulating it (nobody is watching).
  void Hold(int64_t now_ms) { last_advance_ms_ = now_ms; }

  // The whole state as sent to clients.
  protocol::SimState State() const;

  // The lowest BG over the next kDoseCheckMinutes if `units` were given now
  // and nothing else happened (a copy of the session is stepped; ~1 ms).
  DosePrediction PredictDose(double units) const;

  // The current simulated minute.
  uint32_t minute() const;

  // Who did what: appends an entry at simulated minute `t_min` (the actor's
  // name cut to kMaxSimLogActorBytes), keeping the newest
  // kMaxSimLogEntries. Choosing a patient or therapy does not clear it.
  void Log(uint32_t t_min, protocol::SimLogKind kind, uint32_t amount,
           const std::string& actor);
  const std::deque<protocol::SimLogEntry>& log() const { return log_; }

 private:
  BodySimulation(std::shared_ptr<const glucose::ParameterSet> parameters,
                 glucose::LiveSession session, protocol::SimPatient patient,
                 int64_t now_ms);

  std::shared_ptr<const glucose::ParameterSet> parameters_;
  glucose::LiveSession session_;
  protocol::SimPatient patient_;
  glucose::TherapyOverrides therapy_;
  int64_t last_advance_ms_;
  std::deque<protocol::SimLogEntry> log_;
};

// "child#001", "adolescent#001" or "adult#001".
const char* SimPatientName(protocol::SimPatient patient);
// "child", "teenager" or "adult", for people.
const char* SimPatientWords(protocol::SimPatient patient);

}  // namespace mc::world
