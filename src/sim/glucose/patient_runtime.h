// One virtual patient stepped one simulated minute at a time, with actions
// (meals, insulin doses, walks) applied at the current minute. It is the
// shared core of the bounded scenario runner (scenario_request.h) and the
// realtime session (live_session.h).
//
// Each minute follows the reference's loop (as simulation.h does): the CGM
// reads BG at minute t, the controller decides every sensor sample period,
// the pump delivers basal + bolus, and the model advances one minute with
// those inputs held (Step, restarting the integrator every minute exactly as
// the reference does). Manual doses are queued and delivered as a bolus at
// the pump's maximum bolus rate (all of it in one minute when it fits).
//
// A walk is an educational approximation, not a validated exercise model
// (the S2008 model has none): while walking, both terms of the muscle/fat
// uptake Uid = (Vm0 + Vmx·X)·Gt/(Km0 + Gt) are multiplied by
// kWalkUptakeScale, i.e. insulin-independent uptake rises and insulin
// sensitivity rises by the same factor.
//
// Insulin on board: subcutaneous insulin (Isc1 + Isc2) above the depot the
// current basal rate holds at steady state, in units; it counts boluses not
// yet absorbed into plasma.
//
// Plain value, deterministic for a given seed; not thread-safe (one owner).
#pragma once

#include <optional>

#include "core/status.h"
#include "sim/glucose/controller.h"
#include "sim/glucose/model.h"
#include "sim/glucose/params.h"
#include "sim/glucose/sensor.h"

namespace mc::glucose {

inline constexpr double kWalkUptakeScale = 2.0;
inline constexpr int kMaxWalkMinutes = 240;

// Settings a clinician may set for their own patient; unset keeps the
// virtual patient's Quest row (CR, CF) or steady-state basal (u2ss·BW/6000).
struct TherapyOverrides {
  std::optional<double> carb_ratio_g_per_u;             // 1..150
  std::optional<double> correction_factor_mg_dl_per_u;  // 1..500
  std::optional<double> basal_u_per_h;                  // 0..20
};

// invalid_argument "invalid_carb_ratio", "invalid_correction_factor",
// "invalid_basal_rate" when a set value is outside its range (or not finite).
Status ValidateTherapyOverrides(const TherapyOverrides& overrides);

struct RuntimeOptions {
  // kBasalOnly: basal only. kBasalBolus: the reference controller also gives
  // a meal bolus (grams/CR, plus a correction above 150 mg/dL).
  ControllerKind controller = ControllerKind::kBasalOnly;
  TherapyOverrides therapy;
  SensorParams sensor;             // REQUIRES sample_time_min in 1..150
  std::optional<PumpParams> pump;  // none: rates delivered exactly
  uint64_t seed = 1;               // CGM noise
};

// What the patient looks like at the current minute.
struct RuntimeSnapshot {
  int t_min = 0;
  double bg_mg_dl = 0;   // Gs/Vg
  double cgm_mg_dl = 0;  // the reading at t_min (held between samples)
  OrganFluxes fluxes;    // at t_min, mg/kg/min
  double insulin_on_board_u = 0;
  double basal_u_per_h = 0;
  bool walking = false;
};

// What was given during one minute [t, t+1).
struct MinuteDelivery {
  int t_min = 0;
  double meal_g = 0;     // announced at t
  double insulin_u = 0;  // delivered during the minute (basal + bolus)
  double bolus_u = 0;    // of which bolus (manual or controller)
};

class PatientRuntime {
 public:
  // The patient at the basal steady state, minute 0, with `options`.
  // Errors: those of ValidateTherapyOverrides; invalid_argument "bad_sensor"
  // (sample time outside 1..150).
  static StatusOr<PatientRuntime> Create(const VirtualPatient& patient,
                                         const RuntimeOptions& options);

  int t_min() const { return t_min_; }
  const VirtualPatient& patient() const { return patient_; }
  const PatientState& state() const { return state_; }
  RuntimeSnapshot Snapshot() const;

  // Actions at the current minute; they take effect in the next StepMinute.
  // REQUIRES: arguments >= 0 (callers validate ranges for their users).
  void AnnounceMeal(double grams) { meal_now_g_ += grams; }
  void AddBolus(double units) { pending_bolus_u_ += units; }
  // Walks from now for `minutes` (replacing a walk in progress).
  void StartWalk(int minutes) { walk_until_min_ = t_min_ + minutes; }
  // With kBasalBolus: the controller gives no bolus for the next meal it
  // sees (one announced in the current or a later sample period). Manual
  // doses already taken are not affected.
  void SkipNextMealBolus() { skip_meal_bolus_ = true; }
  bool walking() const { return t_min_ < walk_until_min_; }
  // Grams announced and not yet eaten (eating runs at 5 g/min).
  double uneaten_meal_g() const { return state_.planned_meal_g + meal_now_g_; }

  // The meal bolus the controller's rule would give now for `grams`
  // (grams/CR + correction above 150 mg/dL by CGM), in units, >= 0.
  double SuggestedBolusUnits(double grams) const;

  // Advances one minute; returns what was delivered during it.
  MinuteDelivery StepMinute();

 private:
  PatientRuntime(const VirtualPatient& patient, const RuntimeOptions& options);
  double BasalRateUPerMin() const;
  double DeliverBolus(double requested_u_per_min) const;

  VirtualPatient patient_;
  PatientParams walking_params_;
  RuntimeOptions options_;
  ControllerSettings controller_;
  CgmSensor sensor_;
  PatientState state_;
  int t_min_ = 0;
  double cgm_mg_dl_ = 0;  // reading at t_min_
  double meal_now_g_ = 0;
  double pending_bolus_u_ = 0;
  double controller_bolus_u_per_min_ = 0;
  double cgm_sum_ = 0, meal_sum_g_ = 0;  // over the controller's sample period
  int walk_until_min_ = 0;
  bool skip_meal_bolus_ = false;
};

}  // namespace mc::glucose
