#include "world/body_simulation.h"

#include <algorithm>
#include <cmath>

#include "fmt/format.h"

namespace mc::world {
namespace {

using protocol::SimActionKind;
using protocol::SimPatient;

uint16_t Fixed(double value, double scale) {
  if (!(value > 0)) return 0;
  return static_cast<uint16_t>(std::min(std::lround(value * scale), 65535L));
}

StatusOr<glucose::LiveSession> NewSession(
    const glucose::ParameterSet& parameters, SimPatient patient, int speed,
    const glucose::TherapyOverrides& therapy = {}) {
  const glucose::VirtualPatient* virtual_patient =
      parameters.FindPatient(SimPatientName(patient));
  const glucose::SensorParams* sensor = parameters.FindSensor("Dexcom");
  const glucose::PumpParams* pump = parameters.FindPump("Insulet");
  if (virtual_patient == nullptr || sensor == nullptr || pump == nullptr) {
    return FailedPrecondition("simulation_unavailable",
                              "the virtual patient tables are incomplete");
  }
  glucose::LiveSessionOptions options;
  options.runtime.sensor = *sensor;
  options.runtime.pump = *pump;
  options.runtime.therapy = therapy;
  options.speed = speed;
  return glucose::LiveSession::Create(*virtual_patient, options);
}

protocol::SimEventKind EventKind(glucose::SessionEventKind kind) {
  switch (kind) {
    case glucose::SessionEventKind::kMeal:
      return protocol::SimEventKind::kMeal;
    case glucose::SessionEventKind::kInsulin:
      return protocol::SimEventKind::kInsulin;
    case glucose::SessionEventKind::kSkippedInsulin:
      return protocol::SimEventKind::kSkippedInsulin;
    case glucose::SessionEventKind::kWalk:
      return protocol::SimEventKind::kWalk;
    case glucose::SessionEventKind::kJump:
      return protocol::SimEventKind::kJump;
  }
  return protocol::SimEventKind::kMeal;
}

}  // namespace

const char* SimPatientName(SimPatient patient) {
  switch (patient) {
    case SimPatient::kChild:
      return "child#001";
    case SimPatient::kAdolescent:
      return "adolescent#001";
    case SimPatient::kAdult:
      return "adult#001";
  }
  return "adolescent#001";
}

const char* SimPatientWords(SimPatient patient) {
  switch (patient) {
    case SimPatient::kChild:
      return "child";
    case SimPatient::kAdolescent:
      return "teenager";
    case SimPatient::kAdult:
      return "adult";
  }
  return "teenager";
}

BodySimulation::BodySimulation(
    std::shared_ptr<const glucose::ParameterSet> parameters,
    glucose::LiveSession session, SimPatient patient, int64_t now_ms)
    : parameters_(std::move(parameters)),
      session_(std::move(session)),
      patient_(patient),
      last_advance_ms_(now_ms) {}

StatusOr<std::unique_ptr<BodySimulation>> BodySimulation::Create(
    std::shared_ptr<const glucose::ParameterSet> parameters, int64_t now_ms) {
  if (!parameters) {
    return FailedPrecondition("simulation_unavailable",
                              "the virtual patient tables are not loaded");
  }
  MC_ASSIGN_OR_RETURN(glucose::LiveSession session,
                      NewSession(*parameters, SimPatient::kAdolescent,
                                 glucose::kDefaultLiveSpeed));
  return std::unique_ptr<BodySimulation>(
      new BodySimulation(std::move(parameters), std::move(session),
                         SimPatient::kAdolescent, now_ms));
}

Status BodySimulation::Apply(const protocol::SimAction& action) {
  const uint32_t amount = action.amount;
  switch (action.action) {
    case SimActionKind::kEat:
      return session_.EatMeal(amount);
    case SimActionKind::kInsulin:
    case SimActionKind::kInsulinConfirmed: {
      const double units = amount / 10.0;
      if (amount == 0) {
        return InvalidArgument("invalid_dose", "a dose is at least 0.1 units");
      }
      if (units > kMaxBodyDoseUnits) {
        return InvalidArgument(
            "dose_too_large",
            fmt::format("{:g} units is more than one dose can be here: at "
                        "most {:g} units at a time",
                        units, kMaxBodyDoseUnits));
      }
      if (action.action == SimActionKind::kInsulin) {
        const DosePrediction prediction = PredictDose(units);
        if (prediction.lowest_bg_mg_dl < kDangerousLowMgDl) {
          const std::string how_low =
              prediction.lowest_bg_mg_dl < kModelFloorMgDl
                  ? fmt::format("below {:g} mg/dL", kModelFloorMgDl)
                  : fmt::format("to about {:.0f} mg/dL",
                                prediction.lowest_bg_mg_dl);
          const int hours =
              std::max(1, (prediction.minutes_to_lowest + 30) / 60);
          return FailedPrecondition(
              "dose_needs_confirmation",
              fmt::format(
                  "{:g} units could bring this virtual {}'s blood sugar {} "
                  "within about {} hour{}, if nothing else is eaten. In a "
                  "real body that is dangerously low (below {:g} mg/dL).",
                  units, SimPatientWords(patient_), how_low, hours,
                  hours == 1 ? "" : "s", kDangerousLowMgDl));
        }
      }
      return session_.TakeInsulin(units);
    }
    case SimActionKind::kInvite:
      return InvalidArgument("invalid_action", "invites are the world's");
    case SimActionKind::kSkipInsulin:
      session_.SkipInsulin();
      return Status();
    case SimActionKind::kWalk:
      return session_.TakeWalk(
          static_cast<int>(std::min<uint32_t>(amount, 1u << 20)));
    case SimActionKind::kPause:
      session_.Pause();
      return Status();
    case SimActionKind::kResume:
      session_.Resume();
      return Status();
    case SimActionKind::kSetSpeed:
      return session_.SetSpeed(
          static_cast<int>(std::min<uint32_t>(amount, 1u << 20)));
    case SimActionKind::kJumpAhead:
      if (amount < 1 || amount > static_cast<uint32_t>(kMaxBodyJumpMinutes)) {
        return InvalidArgument("invalid_jump",
                               "jump ahead 1 minute to 12 hours at a time");
      }
      return session_.JumpAhead(static_cast<int>(amount));
    case SimActionKind::kChoosePatient: {
      if (amount > static_cast<uint32_t>(SimPatient::kAdult)) {
        return InvalidArgument("invalid_patient", "no such virtual patient");
      }
      const auto patient = static_cast<SimPatient>(amount);
      MC_ASSIGN_OR_RETURN(glucose::LiveSession session,
                          NewSession(*parameters_, patient, session_.speed()));
      if (session_.paused()) session.Pause();
      session_ = std::move(session);
      patient_ = patient;
      therapy_ = {};
      return Status();
    }
    case SimActionKind::kTherapy: {
      glucose::TherapyOverrides therapy;
      if (action.carb_ratio != protocol::kTherapyUnset)
        therapy.carb_ratio_g_per_u = action.carb_ratio / 10.0;
      if (action.correction_factor != protocol::kTherapyUnset)
        therapy.correction_factor_mg_dl_per_u = action.correction_factor / 10.0;
      if (action.basal_rate != protocol::kTherapyUnset)
        therapy.basal_u_per_h = action.basal_rate / 100.0;
      MC_RETURN_IF_ERROR(glucose::ValidateTherapyOverrides(therapy));
      MC_ASSIGN_OR_RETURN(
          glucose::LiveSession session,
          NewSession(*parameters_, patient_, session_.speed(), therapy));
      if (session_.paused()) session.Pause();
      session_ = std::move(session);
      therapy_ = therapy;
      return Status();
    }
  }
  return InvalidArgument("invalid_action", "unknown action");
}

void BodySimulation::Advance(int64_t now_ms) {
  const int64_t elapsed_ms = std::max<int64_t>(0, now_ms - last_advance_ms_);
  last_advance_ms_ = now_ms;
  session_.Advance(elapsed_ms);
}

DosePrediction BodySimulation::PredictDose(double units) const {
  glucose::LiveSession future = session_;
  const int now = future.Snapshot().patient.t_min;
  DosePrediction prediction;
  prediction.lowest_bg_mg_dl = future.Snapshot().patient.bg_mg_dl;
  if (!future.TakeInsulin(units).ok() ||
      !future.JumpAhead(kDoseCheckMinutes).ok()) {
    return prediction;
  }
  for (const glucose::TracePoint& point : future.trace()) {
    if (point.t_min <= now) continue;
    if (point.bg_mg_dl < prediction.lowest_bg_mg_dl) {
      prediction.lowest_bg_mg_dl = point.bg_mg_dl;
      prediction.minutes_to_lowest = point.t_min - now;
    }
  }
  return prediction;
}

uint32_t BodySimulation::minute() const {
  return static_cast<uint32_t>(std::max(0, session_.Snapshot().patient.t_min));
}

void BodySimulation::Log(uint32_t t_min, protocol::SimLogKind kind,
                         uint32_t amount, const std::string& actor) {
  protocol::SimLogEntry entry;
  entry.t_min = t_min;
  entry.kind = kind;
  entry.amount = amount;
  entry.actor = actor;
  if (entry.actor.size() > kMaxSimLogActorBytes) {
    size_t cut = kMaxSimLogActorBytes;
    while (cut > 0 && (static_cast<uint8_t>(entry.actor[cut]) & 0xc0) == 0x80)
      --cut;
    entry.actor.resize(cut);
  }
  log_.push_back(std::move(entry));
  while (log_.size() > kMaxSimLogEntries) log_.pop_front();
}

protocol::SimState BodySimulation::State() const {
  const glucose::LiveSnapshot snapshot = session_.Snapshot();
  const glucose::RuntimeSnapshot& patient = snapshot.patient;
  const glucose::GlycemicMetrics metrics = session_.Metrics();
  protocol::SimState state;
  state.t_min = static_cast<uint32_t>(std::max(0, patient.t_min));
  state.flags = (snapshot.paused ? protocol::kSimPaused : 0) |
                (patient.walking ? protocol::kSimWalking : 0);
  state.patient = patient_;
  state.speed = static_cast<uint16_t>(std::clamp(snapshot.speed, 0, 65535));
  state.bg = Fixed(patient.bg_mg_dl, 10);
  state.cgm = Fixed(patient.cgm_mg_dl, 10);
  state.liver_egp = Fixed(patient.fluxes.liver_egp, 1000);
  state.gut_ra = Fixed(patient.fluxes.gut_absorption, 1000);
  state.muscle_fat_uid = Fixed(patient.fluxes.muscle_fat_uptake, 1000);
  state.brain_fsnc = Fixed(patient.fluxes.brain_fsnc, 1000);
  state.kidney_e = Fixed(patient.fluxes.kidney_excretion, 1000);
  state.insulin_on_board = Fixed(patient.insulin_on_board_u, 100);
  state.uneaten_meal = Fixed(snapshot.uneaten_meal_g, 10);
  state.gmi = Fixed(metrics.gmi_percent, 100);
  state.time_in_range = Fixed(metrics.tir_70_180_percent, 10);
  const auto& trace = session_.trace();
  if (!trace.empty()) {
    state.trace_start_min =
        static_cast<uint32_t>(std::max(0, trace.front().t_min));
  }
  state.trace.reserve(trace.size());
  for (const glucose::TracePoint& point : trace) {
    state.trace.push_back(
        {Fixed(point.bg_mg_dl, 10), Fixed(point.cgm_mg_dl, 10)});
  }
  const auto& events = session_.events();
  const size_t first = events.size() > kMaxSimStateEvents
                           ? events.size() - kMaxSimStateEvents
                           : 0;
  for (size_t i = first; i < events.size(); ++i) {
    state.events.push_back({static_cast<uint32_t>(std::max(0, events[i].t_min)),
                            EventKind(events[i].kind),
                            Fixed(events[i].amount, 10)});
  }
  return state;
}

}  // namespace mc::world
