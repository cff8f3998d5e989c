#include "sim/glucose/live_session.h"

#include <algorithm>
#include <cmath>

#include "fmt/format.h"

namespace mc::glucose {
namespace {

constexpr int64_t kMsPerMinute = 60'000;
// Caps the product wall_ms·speed well inside int64.
constexpr int64_t kMaxWallMsPerAdvance = 86'400'000;

Status CheckSpeed(int speed) {
  if (speed < 1 || speed > kMaxLiveSpeed) {
    return InvalidArgument(
        "invalid_speed",
        fmt::format("speed must be 1..{} simulated seconds per second "
                    "({} is one hour per 10 s)",
                    kMaxLiveSpeed, kDefaultLiveSpeed));
  }
  return Status();
}

}  // namespace

StatusOr<LiveSession> LiveSession::Create(const VirtualPatient& patient,
                                          const LiveSessionOptions& options) {
  MC_RETURN_IF_ERROR(CheckSpeed(options.speed));
  MC_ASSIGN_OR_RETURN(PatientRuntime runtime,
                      PatientRuntime::Create(patient, options.runtime));
  return LiveSession(std::move(runtime), options.speed);
}

LiveSession::LiveSession(PatientRuntime runtime, int speed)
    : runtime_(std::move(runtime)), speed_(speed) {
  const RuntimeSnapshot now = runtime_.Snapshot();
  trace_.push_back({now.t_min, now.bg_mg_dl, now.cgm_mg_dl});
}

int LiveSession::Advance(int64_t wall_ms) {
  if (paused_ || wall_ms <= 0) return 0;
  pending_simulated_ms_ += std::min(wall_ms, kMaxWallMsPerAdvance) * speed_;
  const int64_t whole = pending_simulated_ms_ / kMsPerMinute;
  pending_simulated_ms_ -= whole * kMsPerMinute;
  const int minutes =
      static_cast<int>(std::min<int64_t>(whole, kMaxAdvanceMinutes));
  StepMinutes(minutes);
  return minutes;
}

Status LiveSession::SetSpeed(int speed) {
  MC_RETURN_IF_ERROR(CheckSpeed(speed));
  speed_ = speed;
  return Status();
}

Status LiveSession::JumpAhead(int minutes) {
  if (minutes < 1 || minutes > kMaxJumpMinutes) {
    return InvalidArgument(
        "invalid_jump", fmt::format("jump 1..{} minutes ({} days) at a time",
                                    kMaxJumpMinutes, kMaxJumpMinutes / 1440));
  }
  Record(SessionEventKind::kJump, minutes);
  StepMinutes(minutes);
  return Status();
}

Status LiveSession::EatMeal(double grams) {
  if (!std::isfinite(grams) || grams <= 0 || grams > kMaxLiveMealG) {
    return InvalidArgument(
        "invalid_meal",
        fmt::format("a meal is above 0 and at most {} g of carbohydrate",
                    kMaxLiveMealG));
  }
  if (runtime_.uneaten_meal_g() + grams > kMaxUneatenMealG) {
    return InvalidArgument(
        "too_much_food",
        fmt::format("at most {} g may wait to be eaten; the last meal is "
                    "still being eaten",
                    kMaxUneatenMealG));
  }
  runtime_.AnnounceMeal(grams);
  Record(SessionEventKind::kMeal, grams);
  return Status();
}

Status LiveSession::TakeInsulin(double units) {
  if (!std::isfinite(units) || units <= 0 || units > kMaxLiveDoseU) {
    return InvalidArgument(
        "invalid_dose",
        fmt::format("a dose is above 0 and at most {} units", kMaxLiveDoseU));
  }
  runtime_.AddBolus(units);
  Record(SessionEventKind::kInsulin, units);
  return Status();
}

Status LiveSession::TakeWalk(int minutes) {
  if (minutes < kMinWalkMinutes || minutes > kMaxWalkMinutes) {
    return InvalidArgument("invalid_walk",
                           fmt::format("a walk lasts {}..{} minutes",
                                       kMinWalkMinutes, kMaxWalkMinutes));
  }
  runtime_.StartWalk(minutes);
  Record(SessionEventKind::kWalk, minutes);
  return Status();
}

void LiveSession::SkipInsulin() {
  runtime_.SkipNextMealBolus();
  Record(SessionEventKind::kSkippedInsulin, 0);
}

double LiveSession::SuggestedBolusUnits(double grams) const {
  return runtime_.SuggestedBolusUnits(grams);
}

LiveSnapshot LiveSession::Snapshot() const {
  LiveSnapshot snapshot;
  snapshot.patient = runtime_.Snapshot();
  snapshot.paused = paused_;
  snapshot.speed = speed_;
  snapshot.uneaten_meal_g = runtime_.uneaten_meal_g();
  return snapshot;
}

GlycemicMetrics LiveSession::Metrics() const {
  MetricsAccumulator metrics = metrics_;
  metrics.Add(runtime_.state().BgMgDl(runtime_.patient().params));
  return metrics.Result();
}

void LiveSession::StepMinutes(int minutes) {
  const PatientParams& params = runtime_.patient().params;
  for (int i = 0; i < minutes; ++i) {
    metrics_.Add(runtime_.state().BgMgDl(params));
    runtime_.StepMinute();
    if (runtime_.t_min() % kTraceStepMinutes == 0) {
      const RuntimeSnapshot now = runtime_.Snapshot();
      trace_.push_back({now.t_min, now.bg_mg_dl, now.cgm_mg_dl});
    }
  }
  const int oldest = runtime_.t_min() - kTraceWindowMinutes;
  while (!trace_.empty() && trace_.front().t_min < oldest) trace_.pop_front();
  while (!events_.empty() && events_.front().t_min < oldest)
    events_.pop_front();
}

void LiveSession::Record(SessionEventKind kind, double amount) {
  events_.push_back({runtime_.t_min(), kind, amount});
  if (events_.size() > kMaxSessionEvents) events_.pop_front();
}

}  // namespace mc::glucose
