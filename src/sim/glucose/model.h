// The UVA/Padova (S2008) glucose-insulin model: 13 states, the organ fluxes
// behind them, the meal bookkeeping of the Python reference (simglucose), and a
// pure step function.
//
// Contract: everything here is a pure function of its arguments (no globals,
// no clock, no randomness), so any thread may call it on its own values.
// Time is in minutes. A `PatientState` holds the 13 ODE states plus the meal
// bookkeeping (planned grams, Dbar); `Step` advances it by whole minutes with
// inputs held constant in each minute, integrating with an adaptive embedded
// Runge–Kutta (Dormand–Prince 5(4)) at the tolerances in `IntegratorOptions`.
//
// State order (shared/docs/glucose-model.md): Qsto1, Qsto2, Qgut (mg), Gp, Gt
// (mg/kg), Ip (pmol/kg), X (pmol/L), I1, Id (pmol/L), Il, Isc1, Isc2 (pmol/kg),
// Gs (mg/kg). Displayed BG = Gs/Vg, plasma glucose = Gp/Vg (mg/dL).
#pragma once

#include <array>

#include "sim/glucose/params.h"

namespace mc::glucose {

enum StateIndex {
  kQsto1 = 0, kQsto2, kQgut, kGp, kGt, kIp, kX, kI1, kId, kIl, kIsc1, kIsc2, kGs
};
inline constexpr const char* kStateNames[kStateSize] = {
    "Qsto1", "Qsto2", "Qgut", "Gp", "Gt", "Ip", "X", "I1", "Id", "Il", "Isc1", "Isc2", "Gs"};

// Meals are eaten at this rate at most (simglucose's EAT_RATE).
inline constexpr double kEatRateGPerMin = 5.0;

// Inputs of the ODE right-hand side, constant over an integration interval.
struct ModelInputs {
  double carbs_mg_per_min = 0;   // D: glucose eaten, mg/min
  double insulin_u_per_min = 0;  // u: subcutaneous insulin rate, U/min
  double dbar_mg = 0;            // Dbar of the current/last meal, mg (0: none yet)
  friend bool operator==(const ModelInputs&, const ModelInputs&) = default;
};

// The explicit flux each organ contributes, mg/kg/min (education view).
struct OrganFluxes {
  double liver_egp = 0;         // EGP, endogenous glucose production
  double muscle_fat_uptake = 0; // Uid, insulin-dependent utilisation
  double brain_fsnc = 0;        // Fsnc, insulin-independent utilisation
  double kidney_excretion = 0;  // E, renal excretion above threshold ke2
  double gut_absorption = 0;    // Ra, rate of appearance from the gut
};

// dx/dt at `x`, including the clamps of the reference (derivatives of Gp, Gt,
// Ip, Il, Isc1, Isc2 and Gs are 0 while that state is negative).
State Derivatives(const PatientParams& params, const State& x, const ModelInputs& inputs);

OrganFluxes Fluxes(const PatientParams& params, const State& x, const ModelInputs& inputs);

// The gastric emptying rate kgut (1/min) at total stomach content qsto_mg.
double GastricEmptyingRate(const PatientParams& params, double qsto_mg, double dbar_mg);

struct IntegratorOptions {
  double relative_tolerance = 1e-6;  // the reference's dopri5 rtol
  double absolute_tolerance = 1e-9;
  double max_step_min = 60;
};

// Integrates dx/dt = Derivatives(x, inputs) from x over dt_min minutes with
// constant inputs. Adds the right-hand-side evaluations used to
// *rhs_evaluations when not null. REQUIRES: dt_min >= 0.
State Integrate(const PatientParams& params, const State& x, const ModelInputs& inputs,
                double dt_min, const IntegratorOptions& options = {},
                long* rhs_evaluations = nullptr);

// ODE states plus the meal bookkeeping of the reference.
struct PatientState {
  State x{};
  double planned_meal_g = 0;   // announced but not yet eaten
  double last_qsto_mg = 0;     // Qsto1+Qsto2 when the current/last meal started
  double food_taken_g = 0;     // grams eaten since that meal started
  double last_eaten_g = 0;     // grams eaten in the previous minute
  bool eating = false;

  double BgMgDl(const PatientParams& params) const { return x[kGs] / params.Vg; }
  double PlasmaGlucoseMgDl(const PatientParams& params) const { return x[kGp] / params.Vg; }
};

// The basal steady state (the table's x0) with no meal history.
PatientState BasalState(const PatientParams& params);

// Inputs of one minute as the outside world gives them.
struct MinuteInputs {
  double announced_meal_g = 0;   // grams announced at the start of this minute
  double insulin_u_per_min = 0;  // rate applied during this minute
};

// Updates the meal bookkeeping of `state` for a minute that starts with
// `inputs` (eat min(5 g, planned); Dbar = last_Qsto + 1000·food taken) and
// returns the ODE inputs to hold during that minute.
ModelInputs BeginMinute(PatientState* state, const MinuteInputs& inputs);

struct StepResult {
  PatientState state;
  OrganFluxes fluxes;  // at the end of the step, under the last minute's inputs
  long rhs_evaluations = 0;
};

// Advances `state` by `minutes` whole minutes: the meal is announced at the
// first minute, the insulin rate holds for all of them. Pure.
// REQUIRES: minutes >= 0, inputs non-negative.
StepResult Step(const PatientParams& params, const PatientState& state,
                const MinuteInputs& inputs, int minutes,
                const IntegratorOptions& options = {});

}  // namespace mc::glucose
