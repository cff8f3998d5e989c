// LiveSession: one virtual patient running in (accelerated) real time, for
// the body explorer (issue 8). It owns the patient's state, advances it by
// the wall time its owner hands in, and accepts actions at the current
// simulated minute: eat, take insulin, skip the meal insulin, take a walk,
// jump ahead. It exposes the current BG, CGM, organ fluxes, insulin on board,
// a rolling trace and the session's metrics (GMI, time in range).
//
// Time: the session never reads a clock. Advance(wall_ms) converts elapsed
// wall time to simulated time at `speed` simulated seconds per wall second
// (default 360: one simulated hour every 10 s) and steps whole simulated
// minutes, carrying the remainder exactly (integer milliseconds), so the
// same calls give the same session. While paused, Advance does nothing and
// wall time is not banked. One Advance steps at most kMaxAdvanceMinutes;
// wall time beyond that is dropped (the session falls behind rather than
// stalling its caller's tick).
//
// Physiology and the walk model: patient_runtime.h. Each minute restarts the
// integrator, as the reference does; a simulated day costs a few ms.
//
// Actions return invalid_argument with a stable code when out of range and
// change nothing then. Not thread-safe: its owner (the world's tick)
// serialises every call. Plain value: copy or move freely.
#pragma once

#include <cstdint>
#include <deque>

#include "core/status.h"
#include "sim/glucose/metrics.h"
#include "sim/glucose/params.h"
#include "sim/glucose/patient_runtime.h"

namespace mc::glucose {

inline constexpr int kDefaultLiveSpeed = 360;  // 1 simulated hour per 10 s
inline constexpr int kMaxLiveSpeed = 8640;     // 1 simulated day per 10 s
inline constexpr int kMaxAdvanceMinutes = 1440;
inline constexpr int kMaxJumpMinutes = 14 * 1440;
inline constexpr int kTraceStepMinutes = 5;
inline constexpr int kTraceWindowMinutes = 1440;
inline constexpr double kMaxLiveMealG = 200;
inline constexpr double kMaxUneatenMealG = 300;
inline constexpr double kMaxLiveDoseU = 50;
inline constexpr int kMinWalkMinutes = 5;
inline constexpr size_t kMaxSessionEvents = 500;

struct LiveSessionOptions {
  // The virtual patient's pump and sensor, controller, therapy overrides and
  // seed. The default controller (kBasalOnly) leaves meal insulin to the
  // user; kBasalBolus doses meals automatically.
  RuntimeOptions runtime;
  int speed = kDefaultLiveSpeed;  // 1..kMaxLiveSpeed
};

struct TracePoint {
  int t_min = 0;
  double bg_mg_dl = 0;
  double cgm_mg_dl = 0;
};

enum class SessionEventKind { kMeal, kInsulin, kSkippedInsulin, kWalk, kJump };

struct SessionEvent {
  int t_min = 0;  // simulated minute the action happened at
  SessionEventKind kind = SessionEventKind::kMeal;
  double amount = 0;  // grams, units, or minutes (walk, jump); 0 for a skip
};

struct LiveSnapshot {
  RuntimeSnapshot patient;  // t_min, BG, CGM, fluxes, insulin on board, walking
  bool paused = false;
  int speed = kDefaultLiveSpeed;
  double uneaten_meal_g = 0;  // announced, not yet eaten (5 g/min)
};

class LiveSession {
 public:
  // A session at minute 0 (00:00), the basal steady state, running.
  // Errors: invalid_argument "invalid_speed", and those of
  // PatientRuntime::Create.
  static StatusOr<LiveSession> Create(const VirtualPatient& patient,
                                      const LiveSessionOptions& options);

  // Advances by `wall_ms` of wall time at the current speed (nothing while
  // paused). Returns the simulated minutes stepped. REQUIRES: wall_ms >= 0.
  int Advance(int64_t wall_ms);

  void Pause() { paused_ = true; }
  void Resume() { paused_ = false; }
  bool paused() const { return paused_; }

  // invalid_argument "invalid_speed" unless 1..kMaxLiveSpeed.
  Status SetSpeed(int speed);
  int speed() const { return speed_; }

  // Steps `minutes` simulated minutes now, paused or not. invalid_argument
  // "invalid_jump" unless 1..kMaxJumpMinutes.
  Status JumpAhead(int minutes);

  // Announces a meal now, eaten at up to 5 g/min. invalid_argument
  // "invalid_meal" unless 0 < grams <= kMaxLiveMealG; "too_much_food" when
  // the uneaten grams would exceed kMaxUneatenMealG.
  Status EatMeal(double grams);
  // A bolus now. invalid_argument "invalid_dose" unless 0 < units <=
  // kMaxLiveDoseU.
  Status TakeInsulin(double units);
  // Walks from now for `minutes` (a new walk replaces one in progress).
  // invalid_argument "invalid_walk" unless kMinWalkMinutes..kMaxWalkMinutes.
  Status TakeWalk(int minutes);
  // Records that the meal insulin was skipped; under kBasalBolus the
  // controller gives no bolus for the current or next meal.
  void SkipInsulin();

  // The bolus the patient's own rule suggests for `grams` now (CR and CF,
  // correcting above 150 mg/dL by CGM): what a "take insulin" button offers.
  double SuggestedBolusUnits(double grams) const;

  LiveSnapshot Snapshot() const;
  // BG and CGM every kTraceStepMinutes over the last kTraceWindowMinutes,
  // oldest first, ending at or before the current minute.
  const std::deque<TracePoint>& trace() const { return trace_; }
  // Actions over the last kTraceWindowMinutes (at most kMaxSessionEvents),
  // oldest first.
  const std::deque<SessionEvent>& events() const { return events_; }
  // Metrics of BG every simulated minute since the session began, the
  // current minute included (so never empty): GMI, time in range, ...
  GlycemicMetrics Metrics() const;

 private:
  explicit LiveSession(PatientRuntime runtime, int speed);
  void StepMinutes(int minutes);
  void Record(SessionEventKind kind, double amount);

  PatientRuntime runtime_;
  int speed_;
  bool paused_ = false;
  int64_t pending_simulated_ms_ = 0;
  std::deque<TracePoint> trace_;
  std::deque<SessionEvent> events_;
  MetricsAccumulator metrics_;  // minutes 0 .. t-1
};

}  // namespace mc::glucose
