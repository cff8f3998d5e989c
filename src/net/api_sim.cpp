#include "net/api_sim.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <initializer_list>
#include <memory>
#include <string_view>

#include "core/clock.h"
#include "core/paths.h"
#include "fmt/format.h"
#include "net/api_context.h"
#include "spdlog/spdlog.h"

namespace mc {

using nlohmann::json;

namespace api {
namespace {

// Whole numbers are clamped to this before the engine checks their range, so
// a huge value stays out of range instead of overflowing an int.
constexpr int64_t kClampMinutes = 100'000'000;

StatusOr<int> WholeNumber(const json& value, std::string_view code,
                          const std::string& what) {
  if (!value.is_number_integer()) {
    return InvalidArgument(code,
                           fmt::format("{} must be a whole number", what));
  }
  if (value.is_number_unsigned()) {
    return static_cast<int>(
        std::min<uint64_t>(value.get<uint64_t>(), kClampMinutes));
  }
  return static_cast<int>(
      std::clamp<int64_t>(value.get<int64_t>(), -1, kClampMinutes));
}

StatusOr<const json*> Array(const json& body, const char* name,
                            size_t max_items, std::string_view too_many_code) {
  auto found = body.find(name);
  if (found == body.end() || found->is_null()) return nullptr;
  if (!found->is_array()) {
    return InvalidArgument("invalid_field",
                           fmt::format("'{}' must be a list", name));
  }
  if (found->size() > max_items) {
    return InvalidArgument(
        too_many_code,
        fmt::format("'{}' has more than {} items", name, max_items));
  }
  return &*found;
}

StatusOr<int> ParseMinutes(const json& hours) {
  if (!hours.is_number())
    return InvalidArgument("invalid_hours", "'hours' must be a number");
  const double minutes = hours.get<double>() * 60.0;
  if (!(minutes >= 0 && minutes <= static_cast<double>(kClampMinutes))) {
    return InvalidArgument("invalid_hours",
                           "'hours' must be above 0 and at most 336");
  }
  const double whole = std::round(minutes);
  if (std::fabs(minutes - whole) > 1e-6) {
    return InvalidArgument("invalid_hours",
                           "'hours' must be a whole number of minutes");
  }
  return static_cast<int>(whole);
}

StatusOr<glucose::ScenarioMeal> ParseMeal(const json& item, size_t index) {
  const std::string where = fmt::format("meals[{}]: ", index);
  if (!item.is_object()) {
    return InvalidArgument(
        "invalid_meal", where + "must be {\"minute\" or \"time\", \"grams\"}");
  }
  MC_RETURN_IF_ERROR(CheckKeys(item, {"minute", "time", "grams"}, where));
  const bool has_minute = item.contains("minute"),
             has_time = item.contains("time");
  if (has_minute == has_time || !item.contains("grams")) {
    return InvalidArgument(
        "invalid_meal",
        where + "give \"grams\" and one of \"minute\" or \"time\"");
  }
  glucose::ScenarioMeal meal;
  MC_ASSIGN_OR_RETURN(meal.grams,
                      Number(item["grams"], "invalid_meal", where + "grams"));
  if (has_minute) {
    MC_ASSIGN_OR_RETURN(meal.minute, WholeNumber(item["minute"], "invalid_meal",
                                                 where + "minute"));
    return meal;
  }
  if (!item["time"].is_string()) {
    return InvalidArgument("invalid_time",
                           where + "time must be text \"HH:MM\"");
  }
  auto time =
      glucose::ParseTimeOfDay(item["time"].get_ref<const std::string&>());
  if (!time.ok())
    return InvalidArgument("invalid_time", where + MessageOf(time.status()));
  meal.repeat = glucose::ScenarioMeal::Repeat::kDaily;
  meal.minute = *time;
  return meal;
}

StatusOr<glucose::ScenarioDose> ParseDose(const json& item, size_t index) {
  const std::string where = fmt::format("insulin[{}]: ", index);
  if (!item.is_object() || !item.contains("minute") ||
      !item.contains("units")) {
    return InvalidArgument("invalid_dose",
                           where + "must be {\"minute\", \"units\"}");
  }
  MC_RETURN_IF_ERROR(CheckKeys(item, {"minute", "units"}, where));
  glucose::ScenarioDose dose;
  MC_ASSIGN_OR_RETURN(dose.minute, WholeNumber(item["minute"], "invalid_dose",
                                               where + "minute"));
  MC_ASSIGN_OR_RETURN(dose.units,
                      Number(item["units"], "invalid_dose", where + "units"));
  return dose;
}

StatusOr<glucose::TherapyOverrides> ParseTherapy(const json& therapy) {
  if (!therapy.is_object()) {
    return InvalidArgument("invalid_field", "'therapy' must be an object");
  }
  MC_RETURN_IF_ERROR(CheckKeys(
      therapy,
      {"carb_ratio_g_per_u", "correction_factor_mg_dl_per_u", "basal_u_per_h"},
      "therapy: "));
  glucose::TherapyOverrides overrides;
  struct Field {
    const char* name;
    const char* code;
    std::optional<double>* value;
  };
  for (const Field& field :
       {Field{"carb_ratio_g_per_u", "invalid_carb_ratio",
              &overrides.carb_ratio_g_per_u},
        Field{"correction_factor_mg_dl_per_u", "invalid_correction_factor",
              &overrides.correction_factor_mg_dl_per_u},
        Field{"basal_u_per_h", "invalid_basal_rate",
              &overrides.basal_u_per_h}}) {
    auto found = therapy.find(field.name);
    if (found == therapy.end() || found->is_null()) continue;
    MC_ASSIGN_OR_RETURN(
        *field.value,
        Number(*found, field.code, fmt::format("therapy.{}", field.name)));
  }
  return overrides;
}

double Rounded(double value, double scale) {
  return std::round(value * scale) / scale;
}

}  // namespace

StatusOr<glucose::ScenarioRequest> ParseSimRequest(
    const json& body, const glucose::ScenarioLimits& limits) {
  if (!body.is_object())
    return InvalidArgument("invalid_json", "the body must be a JSON object");
  MC_RETURN_IF_ERROR(
      CheckKeys(body,
                {"patient", "hours", "meals", "insulin", "controller",
                 "therapy", "every", "seed", "sensor", "pump"},
                ""));
  glucose::ScenarioRequest request;
  if (!body.contains("patient")) {
    return InvalidArgument("invalid_field",
                           "'patient' is required, e.g. \"adolescent#001\"");
  }
  MC_ASSIGN_OR_RETURN(request.patient, Text(body["patient"], "patient", 64));
  if (body.contains("hours")) {
    MC_ASSIGN_OR_RETURN(request.minutes, ParseMinutes(body["hours"]));
  }
  MC_ASSIGN_OR_RETURN(
      const json* meals,
      Array(body, "meals", static_cast<size_t>(limits.max_meals),
            "too_many_meals"));
  for (size_t i = 0; meals != nullptr && i < meals->size(); ++i) {
    MC_ASSIGN_OR_RETURN(glucose::ScenarioMeal meal, ParseMeal((*meals)[i], i));
    request.meals.push_back(meal);
  }
  MC_ASSIGN_OR_RETURN(
      const json* doses,
      Array(body, "insulin", static_cast<size_t>(limits.max_doses),
            "too_many_doses"));
  for (size_t i = 0; doses != nullptr && i < doses->size(); ++i) {
    MC_ASSIGN_OR_RETURN(glucose::ScenarioDose dose, ParseDose((*doses)[i], i));
    request.doses.push_back(dose);
  }
  if (body.contains("controller")) {
    MC_ASSIGN_OR_RETURN(std::string controller,
                        Text(body["controller"], "controller", 32));
    MC_ASSIGN_OR_RETURN(request.controller,
                        glucose::ParseControllerKind(controller));
  }
  if (body.contains("therapy") && !body["therapy"].is_null()) {
    MC_ASSIGN_OR_RETURN(request.therapy, ParseTherapy(body["therapy"]));
  }
  if (body.contains("every")) {
    MC_ASSIGN_OR_RETURN(
        request.every_min,
        WholeNumber(body["every"], "invalid_every", "'every' (minutes)"));
  }
  if (body.contains("seed")) {
    if (!body["seed"].is_number_unsigned()) {
      return InvalidArgument("invalid_field",
                             "'seed' must be a whole number >= 0");
    }
    request.seed = body["seed"].get<uint64_t>();
  }
  if (body.contains("sensor")) {
    MC_ASSIGN_OR_RETURN(request.sensor, Text(body["sensor"], "sensor", 32));
  }
  if (body.contains("pump")) {
    MC_ASSIGN_OR_RETURN(request.pump, Text(body["pump"], "pump", 32));
  }
  return request;
}

json SimResponseJson(const glucose::ScenarioResult& result,
                     const glucose::ScenarioRequest& request) {
  json t_min = json::array(), bg = json::array(), cgm = json::array(),
       egp = json::array(), ra = json::array(), uid = json::array(),
       fsnc = json::array(), excretion = json::array(),
       on_board = json::array(), meal = json::array(), insulin = json::array();
  for (const glucose::ScenarioSample& sample : result.samples) {
    t_min.push_back(sample.t_min);
    bg.push_back(Rounded(sample.bg_mg_dl, 100));
    cgm.push_back(Rounded(sample.cgm_mg_dl, 100));
    egp.push_back(Rounded(sample.fluxes.liver_egp, 1e4));
    ra.push_back(Rounded(sample.fluxes.gut_absorption, 1e4));
    uid.push_back(Rounded(sample.fluxes.muscle_fat_uptake, 1e4));
    fsnc.push_back(Rounded(sample.fluxes.brain_fsnc, 1e4));
    excretion.push_back(Rounded(sample.fluxes.kidney_excretion, 1e4));
    on_board.push_back(Rounded(sample.insulin_on_board_u, 1e3));
    meal.push_back(Rounded(sample.meal_g, 1e3));
    insulin.push_back(Rounded(sample.insulin_u, 1e4));
  }
  const glucose::GlycemicMetrics& m = result.metrics;
  return {
      {"patient", result.patient},
      {"hours", result.minutes / 60.0},
      {"every", result.every_min},
      {"controller", glucose::ControllerKindName(request.controller)},
      {"seed", request.seed},
      {"sensor", request.sensor},
      {"pump", request.pump},
      {"therapy",
       {{"carb_ratio_g_per_u", result.carb_ratio_g_per_u},
        {"correction_factor_mg_dl_per_u", result.correction_factor_mg_dl_per_u},
        {"basal_u_per_h", Rounded(result.basal_u_per_h, 1e4)}}},
      {"totals",
       {{"carbs_g", Rounded(result.total_carbs_g, 1e3)},
        {"insulin_u", Rounded(result.total_insulin_u, 1e3)},
        {"bolus_u", Rounded(result.total_bolus_u, 1e3)}}},
      {"metrics",
       {{"samples", m.samples},
        {"mean_mg_dl", Rounded(m.mean_mg_dl, 100)},
        {"sd_mg_dl", Rounded(m.sd_mg_dl, 100)},
        {"cv_percent", Rounded(m.cv_percent, 100)},
        {"gmi_percent", Rounded(m.gmi_percent, 100)},
        {"min_mg_dl", Rounded(m.min_mg_dl, 100)},
        {"max_mg_dl", Rounded(m.max_mg_dl, 100)},
        {"tir_70_180_percent", Rounded(m.tir_70_180_percent, 100)},
        {"below_70_percent", Rounded(m.below_70_percent, 100)},
        {"below_54_percent", Rounded(m.below_54_percent, 100)},
        {"above_180_percent", Rounded(m.above_180_percent, 100)},
        {"above_250_percent", Rounded(m.above_250_percent, 100)},
        {"lbgi", Rounded(m.lbgi, 100)},
        {"hbgi", Rounded(m.hbgi, 100)},
        {"risk_index", Rounded(m.risk_index, 100)}}},
      {"sample_count", result.samples.size()},
      {"samples",
       {{"t_min", t_min},
        {"bg_mg_dl", bg},
        {"cgm_mg_dl", cgm},
        {"egp_mg_kg_min", egp},
        {"ra_mg_kg_min", ra},
        {"uid_mg_kg_min", uid},
        {"fsnc_mg_kg_min", fsnc},
        {"e_mg_kg_min", excretion},
        {"iob_u", on_board},
        {"meal_g", meal},
        {"insulin_u", insulin}}},
  };
}

}  // namespace api

namespace {

struct SimResources {
  std::unique_ptr<glucose::ParameterSet> parameters;  // null: not loaded
  std::atomic<int> running{0};
  SystemClock clock;
};

// Counts a run for its lifetime; admitted while fewer than the cap run.
class RunSlot {
 public:
  explicit RunSlot(std::atomic<int>& running)
      : running_(running),
        admitted_(running.fetch_add(1) < kMaxConcurrentSimRuns) {}
  ~RunSlot() { running_.fetch_sub(1); }
  RunSlot(const RunSlot&) = delete;
  RunSlot& operator=(const RunSlot&) = delete;
  bool admitted() const { return admitted_; }

 private:
  std::atomic<int>& running_;
  bool admitted_;
};

StatusOr<HttpResponse> SimulateGlucose(ApiServices& services, SimResources& sim,
                                       const HttpRequest& request) {
  // Any signed-in user; the caller's identity is not needed further.
  MC_RETURN_IF_ERROR(
      api::Authenticate(services, request, api::Intent::kChange).status());
  if (sim.parameters == nullptr) {
    return Unavailable("sim_unavailable",
                       "the virtual patient tables are not installed");
  }
  if (request.body.size() > kMaxSimRequestBytes) {
    return ResourceExhausted(
        "body_too_large",
        fmt::format("a simulation request is at most {} bytes",
                    kMaxSimRequestBytes));
  }
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  const glucose::ScenarioLimits limits;
  MC_ASSIGN_OR_RETURN(glucose::ScenarioRequest scenario,
                      api::ParseSimRequest(body, limits));
  RunSlot slot(sim.running);
  if (!slot.admitted()) {
    return Unavailable("sim_busy",
                       "other simulations are running; try again in a moment");
  }
  const int64_t deadline_ms = sim.clock.MonotonicMs() + kSimWallTimeBudgetMs;
  MC_ASSIGN_OR_RETURN(
      glucose::ScenarioResult result,
      glucose::RunScenario(*sim.parameters, scenario, limits, [&] {
        return sim.clock.MonotonicMs() > deadline_ms;
      }));
  return HttpResponse::Json(200, api::SimResponseJson(result, scenario));
}

}  // namespace

void AddSimRoutes(Router& router, ApiServices& services) {
  auto sim = std::make_shared<SimResources>();
  const std::string directory = ShareDir() + "/uva-padova";
  auto loaded = glucose::LoadParameterSet(directory);
  if (loaded.ok()) {
    sim->parameters =
        std::make_unique<glucose::ParameterSet>(*std::move(loaded));
  } else {
    spdlog::error("simulation disabled: cannot load {}: {}", directory,
                  MessageOf(loaded.status()));
  }
  ApiServices* s = &services;
  router.Add("POST", "/api/sim/glucose",
             [s, sim](const HttpRequest& request, const PathParams&) {
               StatusOr<HttpResponse> response =
                   SimulateGlucose(*s, *sim, request);
               if (!response.ok())
                 return HttpResponse::Error(response.status());
               return *std::move(response);
             });
}

}  // namespace mc
