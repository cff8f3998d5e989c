#include "net/api_reviews.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/roles.h"
#include "imaging/image_archive.h"
#include "imaging/review_rooms.h"
#include "net/api_context.h"

namespace mc {
namespace {

using api::Authenticate;
using api::Caller;
using api::Intent;
using nlohmann::json;

constexpr char kReviewType[] = "CaseReview";
constexpr size_t kMaxInvited = 12;
constexpr int64_t kMinuteMs = 60 * 1000;

std::string NameOf(const UserRow& user) {
  return user.display_name.empty() ? user.login : user.display_name;
}

StatusOr<imaging::ReviewRooms*> Rooms(ApiServices& services) {
  if (services.reviews == nullptr || services.images == nullptr) {
    return Unavailable("reviews_unavailable", "case reviews are not enabled");
  }
  return services.reviews;
}

// The purpose of an outside colleague's visit link to review `id`.
std::string VisitPurpose(const std::string& id) { return "review:" + id; }

bool Invited(const CaseReviewRow& row, const Actor& actor) {
  if (actor.role == kGuestRole)
    return actor.guest_purpose == VisitPurpose(row.id);
  return actor.user_id != 0 &&
         (row.created_by_user_id == actor.user_id ||
          std::find(row.member_user_ids.begin(), row.member_user_ids.end(),
                    actor.user_id) != row.member_user_ids.end());
}

// How the others see the caller (a visitor has no account name).
std::string CallerName(const Caller& caller) {
  if (caller.actor.role == kGuestRole) return "Visiting colleague";
  return NameOf(caller.session.user);
}

// The review `params["id"]` when the caller created it or is invited.
struct Found {
  Caller caller;
  CaseReviewRow row;
};

StatusOr<Found> FindForCaller(ApiServices& services, const HttpRequest& request,
                              const PathParams& params, Intent intent) {
  MC_RETURN_IF_ERROR(Rooms(services).status());
  MC_ASSIGN_OR_RETURN(Caller caller, Authenticate(services, request, intent));
  const std::string& id = params.at("id");
  if (id.size() != 32 ||
      id.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return NotFound("review_not_found", "no such case review");
  }
  MC_ASSIGN_OR_RETURN(CaseReviewRow row, services.directory.FindCaseReview(id));
  if (!Invited(row, caller.actor)) {
    return PermissionDenied("not_invited",
                            "this case review is for the people invited to it");
  }
  return Found{std::move(caller), std::move(row)};
}

Status CheckOpen(const CaseReviewRow& row) {
  if (row.status != "scheduled" ||
      SystemClock().NowUnixMs() >= row.ends_unix_ms) {
    return FailedPrecondition("review_closed", "this case review has ended");
  }
  return Status();
}

std::string Display(const json& codeable) {
  if (!codeable.is_object()) return "";
  if (codeable.contains("text") && codeable["text"].is_string())
    return codeable["text"];
  for (const json& coding : codeable.value("coding", json::array())) {
    if (coding.contains("display") && coding["display"].is_string())
      return coding["display"];
  }
  return "";
}

// The case summary drawn from the record: active conditions and the newest
// observations (one audited search each).
StatusOr<json> Summary(ApiServices& services, const Actor& actor,
                       const std::string& patient) {
  json conditions = json::array();
  MC_ASSIGN_OR_RETURN(
      std::vector<VaultRecord> found,
      services.vault.Search(actor, {patient}, "Condition",
                            {"record.search", "Condition", patient}));
  for (const VaultRecord& record : found) {
    const json resource = json::parse(record.json, nullptr, false);
    const std::string text =
        resource.is_object() ? Display(resource.value("code", json())) : "";
    if (!text.empty()) conditions.push_back(text);
  }
  MC_ASSIGN_OR_RETURN(
      found, services.vault.Search(actor, {patient}, "Observation",
                                   {"record.search", "Observation", patient}));
  std::vector<std::pair<std::string, std::string>>
      observations;  // (date, words)
  for (const VaultRecord& record : found) {
    const json resource = json::parse(record.json, nullptr, false);
    if (!resource.is_object()) continue;
    std::string words = Display(resource.value("code", json()));
    if (words.empty()) continue;
    const json quantity = resource.value("valueQuantity", json());
    if (quantity.is_object() && quantity.contains("value")) {
      words +=
          ": " + quantity["value"].dump() + " " + quantity.value("unit", "");
    }
    observations.emplace_back(resource.value("effectiveDateTime", ""), words);
  }
  std::sort(observations.begin(), observations.end(), std::greater<>());
  json recent = json::array();
  for (size_t index = 0; index < observations.size() && index < 5; ++index) {
    recent.push_back({{"date", observations[index].first},
                      {"text", observations[index].second}});
  }
  return json{{"conditions", conditions}, {"observations", recent}};
}

json ReviewJson(const CaseReviewRow& row, const json& document) {
  json body = document;
  body["id"] = row.id;
  body["patient"] = row.patient_pseudonym;
  body["starts_at"] = FormatIsoUtc(row.starts_unix_ms);
  body["ends_at"] = FormatIsoUtc(row.ends_unix_ms);
  body["status"] = row.status;
  body["created_by"] = row.created_by_user_id;
  return body;
}

StatusOr<json> Document(ApiServices& services, const Actor& actor,
                        const CaseReviewRow& row) {
  MC_ASSIGN_OR_RETURN(VaultRecord record,
                      services.vault.Get(actor, row.record_id));
  json document = json::parse(record.json, nullptr, false);
  if (!document.is_object())
    return Internal("review_record", "a review record is damaged");
  return document;
}

StatusOr<HttpResponse> Create(ApiServices& services, const HttpRequest& request,
                              const PathParams&) {
  MC_RETURN_IF_ERROR(Rooms(services).status());
  MC_ASSIGN_OR_RETURN(Caller caller,
                      Authenticate(services, request, Intent::kChange));
  if (!IsCareRole(caller.actor.role)) {
    return PermissionDenied("forbidden", "case reviews are for the care team");
  }
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(
      body, {"patient", "study", "question", "starts_at", "minutes", "invite"},
      "review"));
  MC_ASSIGN_OR_RETURN(std::string patient,
                      api::Text(body.value("patient", json()), "patient", 64));
  MC_ASSIGN_OR_RETURN(std::string study,
                      api::Text(body.value("study", json()), "study", 64));
  MC_ASSIGN_OR_RETURN(
      std::string question,
      api::Text(body.value("question", json()), "question", 1000));
  if (question.empty())
    return InvalidArgument("invalid_question",
                           "say what the review is to answer");
  const int64_t now = SystemClock().NowUnixMs();
  int64_t starts = now;
  if (body.contains("starts_at")) {
    MC_ASSIGN_OR_RETURN(std::string text,
                        api::Text(body["starts_at"], "starts_at", 40));
    auto parsed = ParseIsoUtc(text);
    if (!parsed.ok() || *parsed < now - 60 * kMinuteMs ||
        *parsed > now + 366 * 24 * 60 * kMinuteMs)
      return InvalidArgument("invalid_time",
                             "starts_at is an ISO 8601 UTC time within a year");
    starts = *parsed;
  }
  int64_t minutes = 60;
  if (body.contains("minutes")) {
    MC_ASSIGN_OR_RETURN(
        double value,
        api::Number(body["minutes"], "invalid_minutes", "minutes"));
    if (value < 15 || value > 480 || value != static_cast<int64_t>(value))
      return InvalidArgument("invalid_minutes",
                             "a review lasts 15 to 480 minutes");
    minutes = static_cast<int64_t>(value);
  }
  // The study must be one of this patient's that the caller may see (an
  // audited search; a refusal is audited by the vault).
  imaging::QidoQuery query;
  query.patient_id = patient;
  query.study_uids = {study};
  MC_ASSIGN_OR_RETURN(std::vector<json> studies,
                      services.images->SearchStudies(caller.actor, query, ""));
  if (studies.empty())
    return NotFound("study_not_found", "no such study of this patient");
  const json invite = body.value("invite", json::array());
  if (!invite.is_array() || invite.size() > kMaxInvited)
    return InvalidArgument("invalid_field",
                           "invite is a list of at most 12 logins");
  const Actor system{0, "system"};
  CaseReviewRow row;
  json invited = json::array();
  for (const json& login : invite) {
    if (!login.is_string() || login.get<std::string>().size() > 64)
      return InvalidArgument("invalid_field",
                             "each invited colleague is a login");
    auto user = services.accounts.FindByLogin(system, login.get<std::string>());
    if (!user.ok() || user->disabled || !IsCareRole(user->role) ||
        user->id == caller.actor.user_id) {
      return InvalidArgument("unknown_member",
                             "no colleague in the care team has the login " +
                                 login.get<std::string>());
    }
    row.member_user_ids.push_back(user->id);
    invited.push_back({{"user_id", user->id}, {"name", NameOf(*user)}});
  }
  MC_ASSIGN_OR_RETURN(json summary, Summary(services, caller.actor, patient));
  row.id = RandomHex(16);
  row.patient_pseudonym = patient;
  row.created_by_user_id = caller.actor.user_id;
  row.starts_unix_ms = starts;
  row.ends_unix_ms = starts + minutes * kMinuteMs;
  row.status = "scheduled";
  row.created_unix_ms = now;
  const json document = {
      {"review", row.id},
      {"study", study},
      {"study_description", studies.front()
                                .value("00081030", json::object())
                                .value("Value", json::array({""}))[0]},
      {"question", question},
      {"summary", summary},
      {"presenter",
       {{"user_id", caller.actor.user_id},
        {"name", NameOf(caller.session.user)}}},
      {"invited", invited},
      {"annotations", json::array()},
      {"conclusion", nullptr}};
  MC_ASSIGN_OR_RETURN(VaultRecord record,
                      services.vault.Put(caller.actor, patient, kReviewType, "",
                                         document.dump()));
  row.record_id = record.id;
  MC_RETURN_IF_ERROR(services.directory.CreateCaseReview(row));
  return HttpResponse::Json(201, ReviewJson(row, document));
}

StatusOr<HttpResponse> List(ApiServices& services, const HttpRequest& request,
                            const PathParams&) {
  MC_RETURN_IF_ERROR(Rooms(services).status());
  MC_ASSIGN_OR_RETURN(Caller caller,
                      Authenticate(services, request, Intent::kRead));
  std::vector<CaseReviewRow> rows;
  if (caller.actor.role == kGuestRole) {
    // A visitor's link names one review.
    const std::string& purpose = caller.actor.guest_purpose;
    if (purpose.rfind("review:", 0) == 0) {
      auto row = services.directory.FindCaseReview(purpose.substr(7));
      if (row.ok()) rows.push_back(*std::move(row));
    }
  } else {
    MC_ASSIGN_OR_RETURN(
        rows, services.directory.ListCaseReviews(caller.actor.user_id));
  }
  json reviews = json::array();
  for (const CaseReviewRow& row : rows) {
    // A review whose record the caller no longer reaches (it ended) is
    // listed without its contents.
    auto document = Document(services, caller.actor, row);
    json entry = ReviewJson(row, document.ok() ? *document : json::object());
    if (entry.contains("annotations")) entry.erase("annotations");
    reviews.push_back(std::move(entry));
  }
  return HttpResponse::Json(200, {{"reviews", reviews}});
}

StatusOr<HttpResponse> Get(ApiServices& services, const HttpRequest& request,
                           const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Found found,
                      FindForCaller(services, request, params, Intent::kRead));
  MC_ASSIGN_OR_RETURN(json document,
                      Document(services, found.caller.actor, found.row));
  return HttpResponse::Json(200, ReviewJson(found.row, document));
}

// The live room of an open review, opened from its record (one audited
// read) when it is not open yet.
StatusOr<imaging::ReviewRooms*> OpenRoom(ApiServices& services,
                                         const Found& found) {
  MC_ASSIGN_OR_RETURN(imaging::ReviewRooms * rooms, Rooms(services));
  MC_RETURN_IF_ERROR(CheckOpen(found.row));
  if (!rooms->IsOpen(found.row.id)) {
    MC_ASSIGN_OR_RETURN(json document,
                        Document(services, found.caller.actor, found.row));
    std::vector<imaging::ReviewAnnotation> saved;
    for (const json& value : document.value("annotations", json::array())) {
      if (auto annotation = imaging::AnnotationFromJson(value))
        saved.push_back(*annotation);
    }
    const json presenter = document.value("presenter", json::object());
    rooms->Open(found.row.id, presenter.value("user_id", int64_t{0}),
                presenter.value("name", ""), std::move(saved));
  }
  return rooms;
}

// The live state as the caller sees it.
StatusOr<HttpResponse> LiveResponse(imaging::ReviewRooms& rooms,
                                    const Found& found) {
  MC_ASSIGN_OR_RETURN(imaging::ReviewLive live,
                      rooms.Get(found.row.id, SystemClock().NowUnixMs()));
  json body = imaging::LiveJson(live);
  body["you"] = found.caller.actor.user_id;
  return HttpResponse::Json(200, body);
}

// A change to an open review's meeting: the review, its room and the body
// (only `keys`).
struct Change {
  Found found;
  imaging::ReviewRooms* rooms;
  json body;
};

StatusOr<Change> OpenChange(ApiServices& services, const HttpRequest& request,
                            const PathParams& params,
                            std::initializer_list<std::string_view> keys) {
  MC_ASSIGN_OR_RETURN(
      Found found, FindForCaller(services, request, params, Intent::kChange));
  MC_ASSIGN_OR_RETURN(imaging::ReviewRooms * rooms, OpenRoom(services, found));
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, keys, "review"));
  return Change{std::move(found), rooms, std::move(body)};
}

StatusOr<HttpResponse> Live(ApiServices& services, const HttpRequest& request,
                            const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Found found,
                      FindForCaller(services, request, params, Intent::kRead));
  MC_ASSIGN_OR_RETURN(imaging::ReviewRooms * rooms, OpenRoom(services, found));
  return LiveResponse(*rooms, found);
}

StatusOr<double> Bounded(const json& object, const char* key, double low,
                         double high) {
  if (!object.contains(key))
    return InvalidArgument("invalid_view", std::string(key) + " is missing");
  MC_ASSIGN_OR_RETURN(double value,
                      api::Number(object[key], "invalid_view", key));
  if (value < low || value > high)
    return InvalidArgument("invalid_view",
                           fmt::format("{} is {} to {}", key, low, high));
  return value;
}

StatusOr<HttpResponse> PostLive(ApiServices& services,
                                const HttpRequest& request,
                                const PathParams& params) {
  MC_ASSIGN_OR_RETURN(
      Change change,
      OpenChange(services, request, params, {"view", "pointer", "present"}));
  const auto& [found, rooms, body] = change;
  const int64_t user = found.caller.actor.user_id;
  const std::string name = CallerName(found.caller);
  if (body.contains("present") && body["present"] == true)
    MC_RETURN_IF_ERROR(rooms->Present(found.row.id, user, name));
  if (body.contains("view")) {
    const json& view = body["view"];
    if (!view.is_object())
      return InvalidArgument("invalid_view", "view is an object");
    imaging::ReviewView parsed;
    MC_ASSIGN_OR_RETURN(double slice, Bounded(view, "slice", 0, 4095));
    parsed.slice = static_cast<int64_t>(slice);
    MC_ASSIGN_OR_RETURN(parsed.center, Bounded(view, "center", -32768, 65535));
    MC_ASSIGN_OR_RETURN(parsed.width, Bounded(view, "width", 1, 65536));
    MC_ASSIGN_OR_RETURN(parsed.zoom, Bounded(view, "zoom", 0.1, 32));
    MC_ASSIGN_OR_RETURN(parsed.pan_x, Bounded(view, "pan_x", -8192, 8192));
    MC_ASSIGN_OR_RETURN(parsed.pan_y, Bounded(view, "pan_y", -8192, 8192));
    MC_RETURN_IF_ERROR(rooms->SetView(found.row.id, user, parsed));
  }
  if (body.contains("pointer")) {
    const json& pointer = body["pointer"];
    if (!pointer.is_object())
      return InvalidArgument("invalid_view", "pointer is an object");
    imaging::ReviewPointer parsed{user, name};
    MC_ASSIGN_OR_RETURN(double slice, Bounded(pointer, "slice", 0, 4095));
    parsed.slice = static_cast<int64_t>(slice);
    MC_ASSIGN_OR_RETURN(parsed.x, Bounded(pointer, "x", 0, 4096));
    MC_ASSIGN_OR_RETURN(parsed.y, Bounded(pointer, "y", 0, 4096));
    parsed.at_unix_ms = SystemClock().NowUnixMs();
    MC_RETURN_IF_ERROR(rooms->Point(found.row.id, parsed));
  }
  return LiveResponse(*rooms, found);
}

StatusOr<HttpResponse> Annotate(ApiServices& services,
                                const HttpRequest& request,
                                const PathParams& params) {
  MC_ASSIGN_OR_RETURN(Change change,
                      OpenChange(services, request, params,
                                 {"kind", "slice", "points", "text"}));
  const auto& [found, rooms, body] = change;
  imaging::ReviewAnnotation annotation;
  if (body.contains("kind") && body["kind"].is_string())
    annotation.kind = body["kind"].get<std::string>();
  const size_t points = annotation.kind == "text" ? 2 : 4;
  if (annotation.kind != "arrow" && annotation.kind != "circle" &&
      annotation.kind != "text" && annotation.kind != "distance") {
    return InvalidArgument("invalid_annotation",
                           "kind is arrow, circle, text or distance");
  }
  MC_ASSIGN_OR_RETURN(double slice, Bounded(body, "slice", 0, 4095));
  annotation.slice = static_cast<int64_t>(slice);
  const json list = body.value("points", json());
  if (!list.is_array() || list.size() != points)
    return InvalidArgument(
        "invalid_annotation",
        fmt::format("a {} has {} coordinates", annotation.kind, points));
  for (const json& value : list) {
    if (!value.is_number() || value.get<double>() < 0 ||
        value.get<double>() > 4096)
      return InvalidArgument("invalid_annotation",
                             "coordinates are image pixels, 0 to 4096");
    annotation.points.push_back(value.get<double>());
  }
  MC_ASSIGN_OR_RETURN(annotation.text,
                      api::Text(body.value("text", json("")), "text", 200));
  if (annotation.kind == "text" && annotation.text.empty())
    return InvalidArgument("invalid_annotation",
                           "a text annotation needs its words");
  annotation.id = RandomHex(8);
  annotation.author = CallerName(found.caller);
  annotation.at_unix_ms = SystemClock().NowUnixMs();
  MC_ASSIGN_OR_RETURN(std::vector<imaging::ReviewAnnotation> all,
                      rooms->Annotate(found.row.id, annotation));
  // Saved with the review: one audited write of its record.
  MC_RETURN_IF_ERROR(services.vault
                         .Update(found.caller.actor, found.row.record_id,
                                 [&](json& document) {
                                   json saved = json::array();
                                   for (const auto& item : all)
                                     saved.push_back(
                                         imaging::AnnotationJson(item));
                                   document["annotations"] = saved;
                                   return Status();
                                 })
                         .status());
  return HttpResponse::Json(201, imaging::AnnotationJson(annotation));
}

StatusOr<HttpResponse> Conclude(ApiServices& services,
                                const HttpRequest& request,
                                const PathParams& params) {
  MC_ASSIGN_OR_RETURN(
      Found found, FindForCaller(services, request, params, Intent::kChange));
  MC_RETURN_IF_ERROR(CheckOpen(found.row));
  if (found.row.created_by_user_id != found.caller.actor.user_id) {
    return PermissionDenied("organiser_only",
                            "the clinician who called the review concludes it");
  }
  MC_ASSIGN_OR_RETURN(json body, api::JsonBody(request));
  MC_RETURN_IF_ERROR(api::CheckKeys(body, {"text"}, "review"));
  MC_ASSIGN_OR_RETURN(std::string text,
                      api::Text(body.value("text", json()), "text", 10000));
  if (text.empty())
    return InvalidArgument("invalid_conclusion", "write the conclusions");
  MC_ASSIGN_OR_RETURN(json document,
                      Document(services, found.caller.actor, found.row));
  std::string names;
  for (const json& person : document.value("invited", json::array()))
    names += (names.empty() ? "" : ", ") + person.value("name", "");
  const json note = {
      {"author", fmt::format("Practitioner/{}", found.caller.actor.user_id)},
      {"text",
       fmt::format("Case review ({}).\nQuestion: {}\nWith: {}\nConclusions: {}",
                   document.value("study_description", "imaging study"),
                   document.value("question", ""), names.empty() ? "-" : names,
                   text)},
      {"case_review", found.row.id}};
  MC_ASSIGN_OR_RETURN(
      VaultRecord written,
      services.vault.Put(found.caller.actor, found.row.patient_pseudonym,
                         "ClinicalNote", "", note.dump()));
  MC_RETURN_IF_ERROR(
      services.vault
          .Update(found.caller.actor, found.row.record_id,
                  [&](json& review) {
                    review["conclusion"] = {
                        {"text", text},
                        {"note", "DocumentReference/" + written.id}};
                    return Status();
                  })
          .status());
  MC_RETURN_IF_ERROR(services.directory.CloseCaseReview(found.row.id));
  services.reviews->Close(found.row.id);
  return HttpResponse::Json(
      200, {{"note", "DocumentReference/" + written.id}, {"status", "closed"}});
}

// A visit link for an outside colleague: this case only, until the review
// ends (auth/visit_links.h checks the organiser and audits).
StatusOr<HttpResponse> VisitLink(ApiServices& services,
                                 const HttpRequest& request,
                                 const PathParams& params) {
  MC_ASSIGN_OR_RETURN(
      Found found, FindForCaller(services, request, params, Intent::kChange));
  MC_RETURN_IF_ERROR(CheckOpen(found.row));
  const int64_t lifetime_ms =
      found.row.ends_unix_ms - SystemClock().NowUnixMs();
  MC_ASSIGN_OR_RETURN(
      IssuedVisitLink link,
      services.visit_links.Issue(found.caller.actor, VisitPurpose(found.row.id),
                                 std::clamp<int64_t>(lifetime_ms, 60 * 1000, VisitLinks::kMaxLifetimeMs)));
  return HttpResponse::Json(
      201, {{"url", api::PublicOrigin(request) + "/visit/" + link.token},
            {"expires", FormatIsoUtc(link.expires_unix_ms)}});
}

}  // namespace

void AddReviewRoutes(Router& router, ApiServices& services) {
  using api::Route;
  router.Add("POST", "/api/reviews", Route(services, Create));
  router.Add("GET", "/api/reviews", Route(services, List));
  router.Add("GET", "/api/reviews/{id}", Route(services, Get));
  router.Add("GET", "/api/reviews/{id}/live", Route(services, Live));
  router.Add("POST", "/api/reviews/{id}/live", Route(services, PostLive));
  router.Add("POST", "/api/reviews/{id}/annotations",
             Route(services, Annotate));
  router.Add("POST", "/api/reviews/{id}/conclusion", Route(services, Conclude));
  router.Add("POST", "/api/reviews/{id}/visit-link",
             Route(services, VisitLink));
}

}  // namespace mc
