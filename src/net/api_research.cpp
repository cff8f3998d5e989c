#include "net/api_research.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "core/clock.h"
#include "core/roles.h"
#include "fmt/format.h"
#include "net/api_context.h"
#include "records/audit_log.h"
#include "spdlog/spdlog.h"

namespace mc {

using nlohmann::json;

namespace api {
namespace {

constexpr double kAgpPercentiles[] = {5, 25, 50, 75, 95};

StatusOr<glucose::ArmConfig> ParseArm(const json& item, size_t index) {
  const std::string where = fmt::format("arms[{}]: ", index);
  auto bad = [&where](std::string message) {
    return InvalidArgument("invalid_arm", where + message);
  };
  if (!item.is_object()) return bad("must be an object with a \"name\"");
  glucose::ArmConfig arm;
  arm.controller.kind = glucose::ControllerKind::kBasalBolus;  // as in arm files
  for (auto field = item.begin(); field != item.end(); ++field) {
    const std::string& key = field.key();
    const json& value = field.value();
    if (key == "name" || key == "controller" || key == "sensor" || key == "pump") {
      if (!value.is_string() || value.get_ref<const std::string&>().size() > 64) {
        return bad(fmt::format("{} must be text of at most 64 bytes", key));
      }
      const std::string& text = value.get_ref<const std::string&>();
      if (key == "name") arm.name = text;
      if (key == "sensor") arm.sensor = text;
      if (key == "pump") arm.pump = text;
      if (key == "controller") {
        auto kind = glucose::ParseControllerKind(text);
        if (!kind.ok()) return bad(MessageOf(kind.status()));
        arm.controller.kind = *kind;
      }
      continue;
    }
    const glucose::ArmNumberField* number = nullptr;
    for (const auto& candidate : glucose::ArmNumberFields()) {
      if (key == candidate.key) number = &candidate;
    }
    if (number == nullptr) return bad(fmt::format("unknown field '{}'", key.substr(0, 64)));
    if (!value.is_number()) return bad(fmt::format("{} must be a number", key));
    arm.controller.*number->member = value.get<double>();
  }
  return arm;
}

StatusOr<std::string> ParseMeals(const json& meals) {
  auto bad = [](std::string message) { return InvalidArgument("invalid_meals", message); };
  if (!meals.is_object()) return bad("meals must be {\"kind\": \"random\"} or {\"kind\": \"fixed\", \"daily\": [...]}");
  MC_RETURN_IF_ERROR(CheckKeys(meals, {"kind", "daily"}, "meals: "));
  const json kind = meals.value("kind", json());
  if (kind == "random") {
    if (meals.contains("daily")) return bad("random meals take no \"daily\" list");
    return std::string("random");
  }
  if (kind != "fixed") return bad("meals.kind must be \"fixed\" or \"random\"");
  const json daily = meals.value("daily", json());
  if (!daily.is_array() || daily.empty() || daily.size() > 12) {
    return bad("meals.daily must list 1 to 12 meals {\"time\": \"HH:MM\", \"grams\": g}");
  }
  std::string text;
  for (size_t i = 0; i < daily.size(); ++i) {
    const json& meal = daily[i];
    if (!meal.is_object() || !meal.contains("time") || !meal.contains("grams") ||
        meal.size() != 2 || !meal["time"].is_string() || !meal["grams"].is_number()) {
      return bad(fmt::format("meals.daily[{}] must be {{\"time\": \"HH:MM\", \"grams\": g}}", i));
    }
    const std::string& time = meal["time"].get_ref<const std::string&>();
    if (time.size() != 5) return bad(fmt::format("meals.daily[{}].time must be HH:MM", i));
    text += fmt::format("{}{}={}", text.empty() ? "" : ",", time, meal["grams"].get<double>());
  }
  return text;
}

json MealsJson(const std::string& meals) {
  if (meals == "random") return {{"kind", "random"}};
  json daily = json::array();
  size_t start = 0;
  while (start < meals.size()) {
    size_t end = meals.find(',', start);
    if (end == std::string::npos) end = meals.size();
    const std::string item = meals.substr(start, end - start);
    const size_t equals = item.find('=');
    daily.push_back({{"time", item.substr(0, equals)},
                     {"grams", std::stod(item.substr(equals + 1))}});
    start = end + 1;
  }
  return {{"kind", "fixed"}, {"daily", daily}};
}

}  // namespace

StatusOr<glucose::TrialDesign> ParseTrialDesign(const json& body) {
  if (!body.is_object()) return InvalidArgument("invalid_json", "the body must be a JSON object");
  MC_RETURN_IF_ERROR(
      CheckKeys(body, {"cohort", "days", "meals", "seed", "arms", "outcome"}, ""));
  glucose::TrialDesign design;
  const json cohort = body.value("cohort", json());
  if (!cohort.is_array() || cohort.empty() || cohort.size() > 40) {
    return InvalidArgument("invalid_cohort",
                           "cohort must list 1 to 40 patient ids or groups (adults, "
                           "adolescents, children, all)");
  }
  for (const json& word : cohort) {
    if (!word.is_string() || word.get_ref<const std::string&>().size() > 32) {
      return InvalidArgument("invalid_cohort", "each cohort entry must be short text");
    }
    design.cohort.push_back(word.get<std::string>());
  }
  const json days = body.value("days", json(1));
  if (!days.is_number_integer()) return InvalidArgument("invalid_days", "days must be a whole number");
  // Clamped first, so a huge value stays out of range instead of overflowing.
  design.days = days.is_number_unsigned()
                    ? static_cast<int>(std::min<uint64_t>(days.get<uint64_t>(), 1'000'000))
                    : static_cast<int>(std::clamp<int64_t>(days.get<int64_t>(), -1, 1'000'000));
  if (body.contains("meals")) {
    MC_ASSIGN_OR_RETURN(design.meals, ParseMeals(body["meals"]));
  }
  if (body.contains("seed")) {
    if (!body["seed"].is_number_unsigned()) {
      return InvalidArgument("invalid_seed", "seed must be a whole number >= 0");
    }
    design.seed = body["seed"].get<uint64_t>();
  }
  const json arms = body.value("arms", json());
  if (!arms.is_array() || arms.size() > 16) {
    return InvalidArgument("invalid_arms", "arms must be a list of 2 or more arms");
  }
  for (size_t i = 0; i < arms.size(); ++i) {
    MC_ASSIGN_OR_RETURN(glucose::ArmConfig arm, ParseArm(arms[i], i));
    design.arms.push_back(std::move(arm));
  }
  if (body.contains("outcome")) {
    if (!body["outcome"].is_string()) {
      return InvalidArgument("invalid_outcome", "outcome must be text");
    }
    MC_ASSIGN_OR_RETURN(design.outcome, glucose::ParseTrialOutcome(body["outcome"].get<std::string>()));
  }
  return design;
}

json TrialDesignJson(const glucose::TrialDesign& design) {
  json arms = json::array();
  for (const glucose::ArmConfig& arm : design.arms) {
    json item = {{"name", arm.name},
                 {"controller", glucose::ControllerKindName(arm.controller.kind)},
                 {"sensor", arm.sensor},
                 {"pump", arm.pump}};
    for (const auto& field : glucose::ArmNumberFields()) item[field.key] = arm.controller.*field.member;
    arms.push_back(item);
  }
  return {{"cohort", design.cohort},
          {"days", design.days},
          {"meals", MealsJson(design.meals)},
          {"seed", design.seed},
          {"arms", arms},
          {"outcome", glucose::TrialOutcomeName(design.outcome)}};
}

json TrialResultsJson(const glucose::TrialJobResult& finished, glucose::TrialOutcome outcome) {
  const glucose::TrialResult& result = finished.result;
  json arms_document = json::parse(finished.outputs.arms_json);
  json arms = arms_document["arms"];
  for (size_t arm = 0; arm < arms.size() && arm < result.profiles.size(); ++arm) {
    json agp = {{"bin_minutes", 5}};
    for (double p : kAgpPercentiles) {
      json values = json::array();
      for (int bin = 0; bin < glucose::AmbulatoryProfile::kBinsPerDay; ++bin) {
        values.push_back(result.profiles[arm].Percentile(bin, p));
      }
      agp[fmt::format("p{}", static_cast<int>(p))] = values;
    }
    arms[arm]["agp"] = agp;
  }
  return {{"outcome", glucose::TrialOutcomeName(outcome)},
          {"outcome_metric", glucose::TrialOutcomeMetric(outcome)},
          {"days", result.days},
          {"patients", result.patient_names},
          {"reference_arm", result.arm_names.front()},
          {"arms", arms},
          {"patient_rows", json::parse(finished.outputs.patients_json)}};
}

}  // namespace api

namespace {

struct TrialCaller {
  api::Caller caller;
  glucose::TrialJobs* trials;
};

// Authenticates and checks run_trials; a refusal is audited.
StatusOr<TrialCaller> TrialAccess(ApiServices& services, const HttpRequest& request,
                                  api::Intent intent) {
  MC_ASSIGN_OR_RETURN(api::Caller caller, api::Authenticate(services, request, intent));
  if (!Can(caller.actor.role, Capability::kRunTrials)) {
    if (services.audit != nullptr) {
      (void)services.audit->Record(caller.actor,
                                   {"research.trial", "Trial", "", AuditOutcome::kDenied});
    }
    return PermissionDenied("access_denied", "running trials needs a researcher account");
  }
  if (services.trials == nullptr) {
    return Unavailable("trials_unavailable", "the trial service is not running");
  }
  return TrialCaller{std::move(caller), services.trials};
}

Status Audit(ApiServices& services, const Actor& actor, const std::string& action, int64_t id) {
  if (services.audit == nullptr) return Status();
  return services.audit->Record(actor, {action, fmt::format("Trial/{}", id), "",
                                        AuditOutcome::kSuccess});
}

StatusOr<HttpResponse> Catalog(ApiServices& services, const HttpRequest& request,
                               const PathParams&) {
  MC_ASSIGN_OR_RETURN(TrialCaller access, TrialAccess(services, request, api::Intent::kRead));
  const glucose::ParameterSet& parameters = access.trials->parameters();
  json patients = json::array();
  for (const glucose::VirtualPatient& patient : parameters.patients) {
    patients.push_back({{"id", patient.params.name},
                        {"cohort", glucose::CohortName(patient.cohort)},
                        {"age_years", patient.therapy.age_years},
                        {"weight_kg", std::round(patient.params.BW * 10) / 10}});
  }
  json fields = json::array();
  const glucose::ControllerSettings defaults;
  for (const auto& field : glucose::ArmNumberFields()) {
    fields.push_back({{"key", field.key}, {"min", field.low}, {"max", field.high},
                      {"default", defaults.*field.member}});
  }
  json sensors = json::array(), pumps = json::array({"none"});
  for (const auto& sensor : parameters.sensors) sensors.push_back(sensor.name);
  for (const auto& pump : parameters.pumps) pumps.push_back(pump.name);
  const glucose::TrialDesignLimits limits;
  return HttpResponse::Json(
      200, {{"patients", patients},
            {"groups", {"adults", "adolescents", "children", "all"}},
            {"controllers", {"basal-bolus", "none"}},
            {"arm_fields", fields},
            {"sensors", sensors},
            {"pumps", pumps},
            {"outcomes", {"time_in_range", "time_below_70", "mean", "cv"}},
            {"limits",
             {{"max_days", limits.max_days},
              {"min_arms", limits.min_arms},
              {"max_arms", limits.max_arms},
              {"max_patient_days", limits.max_patient_days}}}});
}

StatusOr<HttpResponse> StartTrial(ApiServices& services, const HttpRequest& request,
                                  const PathParams&) {
  MC_ASSIGN_OR_RETURN(TrialCaller access, TrialAccess(services, request, api::Intent::kChange));
  if (request.body.size() > kMaxTrialDesignBytes) {
    return ResourceExhausted("body_too_large",
                             fmt::format("a trial design is at most {} bytes", kMaxTrialDesignBytes));
  }
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_ASSIGN_OR_RETURN(glucose::TrialDesign design, api::ParseTrialDesign(body));
  MC_ASSIGN_OR_RETURN(glucose::ResolvedTrial resolved,
                      glucose::ResolveTrialDesign(access.trials->parameters(), design, {}));
  glucose::TrialJobs::Submission submission{std::move(resolved.options), resolved.patient_days,
                                            api::TrialDesignJson(design).dump()};
  MC_ASSIGN_OR_RETURN(int64_t id,
                      access.trials->Submit(access.caller.actor.user_id, std::move(submission)));
  MC_RETURN_IF_ERROR(Audit(services, access.caller.actor, "research.trial.start", id));
  return HttpResponse::Json(202, {{"id", id}, {"href", fmt::format("/api/research/trials/{}", id)}});
}

StatusOr<glucose::TrialJobSnapshot> FindJob(const TrialCaller& access, const PathParams& params) {
  MC_ASSIGN_OR_RETURN(int64_t id, api::PathId(params.at("id"), "trial_not_found"));
  return access.trials->Get(access.caller.actor.user_id, id);
}

json TimeOrNull(int64_t unix_ms) { return unix_ms == 0 ? json() : json(FormatIsoUtc(unix_ms)); }

// The design as submitted; an object in every case (a job written down
// before a restart keeps its design, but a damaged one must not fail the list).
json DesignOf(const glucose::TrialJobSnapshot& job) {
  json design = json::parse(job.description, nullptr, false);
  return design.is_object() ? design : json::object();
}

// A job's state without its results: what the list of trials shows.
json JobSummaryJson(const glucose::TrialJobSnapshot& job) {
  json summary = {{"id", job.id},
          {"state", glucose::TrialJobStateName(job.state)},
          {"progress",
           {{"patient_days_done", job.patient_days_done},
            {"patient_days_total", job.patient_days_total}}},
          {"created_at", FormatIsoUtc(job.created_unix_ms)},
          {"started_at", TimeOrNull(job.started_unix_ms)},
          {"finished_at", TimeOrNull(job.finished_unix_ms)},
          {"running_ms", job.running_ms},
          {"design", DesignOf(job)}};
  if (!job.error.empty()) summary["error"] = job.error;
  if (!job.reason.empty()) summary["reason"] = job.reason;
  return summary;
}

StatusOr<HttpResponse> ListTrials(ApiServices& services, const HttpRequest& request,
                                  const PathParams&) {
  MC_ASSIGN_OR_RETURN(TrialCaller access, TrialAccess(services, request, api::Intent::kRead));
  json list = json::array();
  for (const glucose::TrialJobSnapshot& job : access.trials->List(access.caller.actor.user_id)) {
    list.push_back(JobSummaryJson(job));
  }
  return HttpResponse::Json(200, {{"trials", list}});
}

StatusOr<HttpResponse> GetTrial(ApiServices& services, const HttpRequest& request,
                                const PathParams& params) {
  MC_ASSIGN_OR_RETURN(TrialCaller access, TrialAccess(services, request, api::Intent::kRead));
  MC_ASSIGN_OR_RETURN(glucose::TrialJobSnapshot job, FindJob(access, params));
  json body = JobSummaryJson(job);
  if (job.result != nullptr) {
    auto outcome = glucose::ParseTrialOutcome(body["design"].value("outcome", "time_in_range"));
    body["results"] = api::TrialResultsJson(
        *job.result, outcome.ok() ? *outcome : glucose::TrialOutcome::kTimeInRange);
  }
  return HttpResponse::Json(200, body);
}

StatusOr<HttpResponse> CancelTrial(ApiServices& services, const HttpRequest& request,
                                   const PathParams& params) {
  MC_ASSIGN_OR_RETURN(TrialCaller access, TrialAccess(services, request, api::Intent::kChange));
  MC_ASSIGN_OR_RETURN(int64_t id, api::PathId(params.at("id"), "trial_not_found"));
  MC_RETURN_IF_ERROR(access.trials->Cancel(access.caller.actor.user_id, id));
  MC_RETURN_IF_ERROR(Audit(services, access.caller.actor, "research.trial.cancel", id));
  return HttpResponse::NoContent();
}

enum class Download { kCsv, kJson, kHtml };

StatusOr<HttpResponse> DownloadOf(ApiServices& services, const HttpRequest& request,
                                  const PathParams& params, Download kind) {
  MC_ASSIGN_OR_RETURN(TrialCaller access, TrialAccess(services, request, api::Intent::kRead));
  MC_ASSIGN_OR_RETURN(glucose::TrialJobSnapshot job, FindJob(access, params));
  if (job.result == nullptr) {
    return FailedPrecondition("trial_not_done",
                              fmt::format("trial {} is {}: results come when it is done", job.id,
                                          glucose::TrialJobStateName(job.state)));
  }
  HttpResponse response;
  std::string name;
  if (kind == Download::kCsv) {
    response.content_type = "text/csv; charset=utf-8";
    response.body = job.result->outputs.patients_csv;
    name = "results.csv";
  } else if (kind == Download::kJson) {
    auto outcome = glucose::ParseTrialOutcome(
        DesignOf(job).value("outcome", "time_in_range"));
    response.body = api::TrialResultsJson(*job.result, outcome.ok() ? *outcome
                                                       : glucose::TrialOutcome::kTimeInRange)
                        .dump(2);
    name = "results.json";
  } else {
    response.content_type = "text/html; charset=utf-8";
    response.body = job.result->outputs.report_html;
    name = "report.html";
  }
  response.headers.emplace_back(
      "Content-Disposition", fmt::format("attachment; filename=\"trial-{}-{}\"", job.id, name));
  return response;
}

}  // namespace

void AddResearchRoutes(Router& router, ApiServices& services) {
  router.Add("GET", "/api/research/catalog", api::Route(services, Catalog));
  router.Add("GET", "/api/research/trials", api::Route(services, ListTrials));
  router.Add("POST", "/api/research/trials", api::Route(services, StartTrial));
  router.Add("GET", "/api/research/trials/{id}", api::Route(services, GetTrial));
  router.Add("POST", "/api/research/trials/{id}/cancel", api::Route(services, CancelTrial));
  router.Add("GET", "/api/research/trials/{id}/results.csv",
             api::Route(services, [](ApiServices& s, const HttpRequest& r, const PathParams& p) {
               return DownloadOf(s, r, p, Download::kCsv);
             }));
  router.Add("GET", "/api/research/trials/{id}/results.json",
             api::Route(services, [](ApiServices& s, const HttpRequest& r, const PathParams& p) {
               return DownloadOf(s, r, p, Download::kJson);
             }));
  router.Add("GET", "/api/research/trials/{id}/report.html",
             api::Route(services, [](ApiServices& s, const HttpRequest& r, const PathParams& p) {
               return DownloadOf(s, r, p, Download::kHtml);
             }));
}

}  // namespace mc
