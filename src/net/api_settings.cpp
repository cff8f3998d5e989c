#include "net/api_settings.h"

#include "core/clock.h"
#include "net/api_context.h"

namespace mc {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

namespace {

StatusOr<DeploymentSettings*> Settings(ApiServices& services) {
  if (services.settings == nullptr) {
    return Unavailable("settings_unavailable", "deployment settings are not available here");
  }
  return services.settings;
}

json SectionJson(const DeploymentSettings::SectionState& state) {
  json section = {{"source", state.source == SettingSource::kConsole ? "console" : "config"}};
  if (state.source == SettingSource::kConsole) {
    section["updated_at"] = FormatIsoUtc(state.updated_unix_ms);
    section["updated_by_user_id"] = state.updated_by_user_id;
  }
  return section;
}

// The secret itself never leaves the server: whether one is set, and its
// last four characters so an administrator can tell which one it is.
json SecretJson(const std::string& secret) {
  json shown = {{"set", !secret.empty()}};
  if (!secret.empty()) shown["ends_with"] = secret.substr(secret.size() - 4);
  return shown;
}

StatusOr<HttpResponse> ShowSettings(ApiServices& services, const HttpRequest& request,
                                    const PathParams&) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kRead));
  MC_ASSIGN_OR_RETURN(DeploymentSettings * settings, Settings(services));
  MC_ASSIGN_OR_RETURN(DeploymentSettings::Description description,
                      settings->Describe(caller.actor));
  const DeploymentValues& values = *description.values;
  json crisis = SectionJson(description.crisis_lines);
  crisis["lines"] = json::array();
  for (const CrisisLine& line : values.crisis_lines) {
    crisis["lines"].push_back({{"label", line.label}, {"how", line.how}});
  }
  json rtc = SectionJson(description.rtc);
  rtc["stun_urls"] = values.rtc.stun_urls;
  rtc["turn_urls"] = values.rtc.turn_urls;
  rtc["turn_secret"] = SecretJson(values.rtc.turn_secret);
  return HttpResponse::Json(
      200, {{"crisis_lines", crisis},
            {"rtc", rtc},
            {"limits",
             {{"crisis_lines", kMaxCrisisLines},
              {"label_bytes", kMaxCrisisLabelBytes},
              {"how_bytes", kMaxCrisisHowBytes},
              {"urls", kMaxIceUrls},
              {"url_bytes", kMaxIceUrlBytes},
              {"turn_secret_bytes", {kMinTurnSecretBytes, kMaxTurnSecretBytes}}}}});
}

StatusOr<std::vector<std::string>> UrlList(const json& body, const std::string& name,
                                           const std::string& code) {
  std::vector<std::string> urls;
  auto found = body.find(name);
  if (found == body.end()) return urls;
  if (!found->is_array()) return InvalidArgument(code, "'" + name + "' must be a list of addresses");
  if (found->size() > kMaxIceUrls) {
    return InvalidArgument("too_many_urls", "at most " + std::to_string(kMaxIceUrls) + " servers");
  }
  for (const json& url : *found) {
    if (!url.is_string()) return InvalidArgument(code, "each address must be text");
    urls.push_back(url.get<std::string>());
  }
  return urls;
}

StatusOr<HttpResponse> PutCrisisLines(ApiServices& services, const HttpRequest& request,
                                      const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(DeploymentSettings * settings, Settings(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"lines"}, ""));
  const json lines = body.value("lines", json());
  if (!lines.is_array()) return InvalidArgument("invalid_crisis_line", "'lines' must be a list");
  if (lines.size() > kMaxCrisisLines) {
    return InvalidArgument("too_many_crisis_lines",
                           "at most " + std::to_string(kMaxCrisisLines) + " crisis lines");
  }
  std::vector<CrisisLine> parsed;
  for (const json& line : lines) {
    if (!line.is_object()) return InvalidArgument("invalid_crisis_line", "each line is an object");
    MC_RETURN_IF_ERROR(api::CheckKeys(line, {"label", "how"}, "lines: "));
    MC_ASSIGN_OR_RETURN(std::string label, api::StringField(line, "label", 1024));
    MC_ASSIGN_OR_RETURN(std::string how, api::StringField(line, "how", 1024));
    parsed.push_back({std::move(label), std::move(how)});
  }
  MC_RETURN_IF_ERROR(settings->SetCrisisLines(caller.actor, std::move(parsed)));
  return ShowSettings(services, request, params);
}

StatusOr<HttpResponse> PutRtc(ApiServices& services, const HttpRequest& request,
                              const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(DeploymentSettings * settings, Settings(services));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"stun_urls", "turn_urls", "turn_secret"}, ""));
  DeploymentSettings::RtcChange change;
  MC_ASSIGN_OR_RETURN(change.stun_urls, UrlList(body, "stun_urls", "invalid_stun_url"));
  MC_ASSIGN_OR_RETURN(change.turn_urls, UrlList(body, "turn_urls", "invalid_turn_url"));
  if (auto secret = body.find("turn_secret"); secret != body.end() && !secret->is_null()) {
    if (!secret->is_string()) {
      return InvalidArgument("invalid_turn_secret", "'turn_secret' must be text");
    }
    change.turn_secret = secret->get<std::string>();
  }
  MC_RETURN_IF_ERROR(settings->SetRtc(caller.actor, std::move(change)));
  return ShowSettings(services, request, params);
}

StatusOr<HttpResponse> ResetSection(ApiServices& services, const HttpRequest& request,
                                    const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, Intent::kChange));
  MC_ASSIGN_OR_RETURN(DeploymentSettings * settings, Settings(services));
  MC_RETURN_IF_ERROR(settings->Reset(caller.actor, params.at("section")));
  return ShowSettings(services, request, params);
}

}  // namespace

void AddSettingsRoutes(Router& router, ApiServices& services) {
  router.Add("GET", "/api/admin/settings", api::Route(services, ShowSettings));
  router.Add("PUT", "/api/admin/settings/crisis_lines", api::Route(services, PutCrisisLines));
  router.Add("PUT", "/api/admin/settings/rtc", api::Route(services, PutRtc));
  router.Add("DELETE", "/api/admin/settings/{section}", api::Route(services, ResetSection));
}

}  // namespace mc
