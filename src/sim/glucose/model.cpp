#include "sim/glucose/model.h"

#include "sim/glucose/integrator.h"
#include "sim/glucose/model_rhs.h"

namespace mc::glucose {

State Derivatives(const PatientParams& params, const State& x, const ModelInputs& inputs) {
  State dx{};
  internal::Rhs(params, internal::Prepare(params, inputs), x.data(), dx.data());
  return dx;
}

double GastricEmptyingRate(const PatientParams& params, double qsto_mg, double dbar_mg) {
  ModelInputs inputs;
  inputs.dbar_mg = dbar_mg;
  const internal::PreparedInputs<double> prepared = internal::Prepare(params, inputs);
  return internal::GastricEmptying(params, prepared, qsto_mg, prepared.has_dbar);
}

OrganFluxes Fluxes(const PatientParams& p, const State& x, const ModelInputs& inputs) {
  (void)inputs;
  OrganFluxes fluxes;
  fluxes.liver_egp = std::max(0.0, p.kp1 - p.kp2 * x[kGp] - p.kp3 * x[kId]);
  fluxes.muscle_fat_uptake = (p.Vm0 + p.Vmx * x[kX]) * x[kGt] / (p.Km0 + x[kGt]);
  fluxes.brain_fsnc = p.Fsnc;
  fluxes.kidney_excretion = x[kGp] > p.ke2 ? p.ke1 * (x[kGp] - p.ke2) : 0.0;
  fluxes.gut_absorption = p.f * p.kabs * x[kQgut] / p.BW;
  return fluxes;
}

State Integrate(const PatientParams& params, const State& x, const ModelInputs& inputs,
                double dt_min, const IntegratorOptions& options, long* rhs_evaluations) {
  internal::Dopri5 solver(params, options);
  solver.Reset(0, x, inputs);
  solver.AdvanceTo(dt_min, /*land_exactly=*/true);
  State out;
  solver.StateAt(dt_min, &out);
  if (rhs_evaluations != nullptr) *rhs_evaluations += solver.rhs_evaluations();
  return out;
}

PatientState BasalState(const PatientParams& params) {
  PatientState state;
  state.x = params.x0;
  state.last_qsto_mg = params.x0[kQsto1] + params.x0[kQsto2];
  return state;
}

ModelInputs BeginMinute(PatientState* state, const MinuteInputs& inputs) {
  state->planned_meal_g += inputs.announced_meal_g;
  double to_eat = 0;
  if (state->planned_meal_g > 0) {
    to_eat = std::min(kEatRateGPerMin, state->planned_meal_g);
    state->planned_meal_g = std::max(0.0, state->planned_meal_g - to_eat);
  }
  if (to_eat > 0 && state->last_eaten_g <= 0) {
    state->last_qsto_mg = state->x[kQsto1] + state->x[kQsto2];
    state->food_taken_g = 0;
    state->eating = true;
  }
  if (state->eating) state->food_taken_g += to_eat;
  if (to_eat <= 0 && state->last_eaten_g > 0) state->eating = false;
  state->last_eaten_g = to_eat;
  ModelInputs model_inputs;
  model_inputs.carbs_mg_per_min = to_eat * 1000.0;
  model_inputs.insulin_u_per_min = inputs.insulin_u_per_min;
  model_inputs.dbar_mg = state->last_qsto_mg + state->food_taken_g * 1000.0;
  return model_inputs;
}

StepResult Step(const PatientParams& params, const PatientState& state,
                const MinuteInputs& inputs, int minutes, const IntegratorOptions& options) {
  StepResult result;
  result.state = state;
  if (minutes <= 0) {
    result.fluxes = Fluxes(params, state.x, ModelInputs{});
    return result;
  }
  internal::Dopri5 solver(params, options);
  MinuteInputs minute_inputs = inputs;
  ModelInputs model_inputs;
  for (int m = 0; m < minutes; ++m) {
    if (m > 0) solver.StateAt(m, &result.state.x);
    model_inputs = BeginMinute(&result.state, minute_inputs);
    minute_inputs.announced_meal_g = 0;
    if (m == 0 || !(model_inputs == solver.inputs())) {
      solver.Reset(m, result.state.x, model_inputs);
    }
    // While eating the next minute's inputs change; land on its start.
    bool changes_next = result.state.eating || result.state.planned_meal_g > 0;
    solver.AdvanceTo(m + 1, changes_next || m + 1 == minutes);
  }
  solver.StateAt(minutes, &result.state.x);
  result.fluxes = Fluxes(params, result.state.x, model_inputs);
  result.rhs_evaluations = solver.rhs_evaluations();
  return result;
}

}  // namespace mc::glucose
