#include "fhir/fhir_service.h"

#include <gtest/gtest.h>

#include <map>

#include "auth/auth_fixture.h"
#include "care/slot_calendar.h"
#include "core/error_map.h"
#include "fhir/questionnaires.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

class FhirServiceTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    ASSERT_TRUE(store_->UpsertDepartment({"cardiology", "Cardiology"}).ok());
    ASSERT_TRUE(store_->UpsertDepartment({"dermatology", "Dermatology"}).ok());
    cardio_ = AddUser("cardio1", "clinician");
    derm_ = AddUser("derm1", "clinician");
    patient_ = AddUser("patient1", "patient");
    other_ = AddUser("patient2", "patient");
    student_ = AddUser("student1", "student");
    researcher_ = AddUser("researcher1", "researcher");
    admin_ = AddUser("admin1", "admin");
    ASSERT_TRUE(store_->AddAvailability({cardio_.id, "cardiology", 1, 540, 600, 30}).ok());
    ASSERT_TRUE(store_->AddAvailability({derm_.id, "dermatology", 1, 540, 600, 30}).ok());
    AppointmentRow row;
    row.slot = "s";
    row.department = "cardiology";
    row.clinician_user_id = cardio_.id;
    row.start_unix_ms = 1;
    row.end_unix_ms = 2;
    row.status = "fulfilled";
    row.patient_pseudonym = patient_.patient_pseudonym;
    row.booked_by_user_id = patient_.id;
    ASSERT_TRUE(store_->CreateAppointment(row).ok());
    scheduling_ = std::make_unique<care::Scheduling>(*store_, *store_, *vault_, *audit_, *links_, clock_);
    auto validator = ResourceValidator::Shared();
    ASSERT_TRUE(validator.ok()) << validator.status();
    service_ = std::make_unique<FhirService>(*store_, *store_, *vault_, *audit_, clock_, **validator,
                                             scheduling_.get());
  }

  FhirContext As(const UserRow& user, std::string break_glass = "") {
    return {Actor{user.id, user.role, user.patient_pseudonym, "test"}, "http://h/fhir",
            std::move(break_glass)};
  }
  json Observation(const UserRow& patient, const std::string& status = "final") {
    return {{"resourceType", "Observation"},
            {"status", status},
            {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", "4548-4"}}}}}},
            {"subject", {{"reference", "Patient/" + patient.patient_pseudonym}}},
            {"effectiveDateTime", "2026-10-01T09:00:00Z"}};
  }
  int64_t AuditCount() { return store_->AuditHead()->seq; }
  static int HttpOf(const Status& status) { return HttpStatusFor(status); }

  UserRow cardio_, derm_, patient_, other_, student_, researcher_, admin_;
  std::unique_ptr<care::Scheduling> scheduling_;
  std::unique_ptr<FhirService> service_;
};

TEST_F(FhirServiceTest, CapabilityStatementTellsWhatIsSupported) {
  const json statement = service_->CapabilityStatement("http://h/fhir");
  EXPECT_EQ(statement["fhirVersion"], "4.0.1");
  bool audit_event_create = false;
  for (const json& resource : statement["rest"][0]["resource"]) {
    if (resource["type"] != "AuditEvent") continue;
    for (const json& interaction : resource["interaction"]) {
      audit_event_create = audit_event_create || interaction["code"] == "create";
    }
  }
  EXPECT_FALSE(audit_event_create);
}

TEST_F(FhirServiceTest, CreateReadUpdateVersionsAndAuditsOncePerOperation) {
  int64_t audits = AuditCount();
  auto created = service_->Create(As(cardio_), "Observation", Observation(patient_));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->status, 201);
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(AuditCount(), audits + 1);
  const std::string id = created->body["id"];
  EXPECT_NE(created->location.find("/Observation/" + id + "/_history/1"), std::string::npos);

  auto read = service_->Read(As(patient_), "Observation", id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->body["meta"]["versionId"], "1");
  EXPECT_EQ(AuditCount(), audits + 2);

  json changed = read->body;
  changed["status"] = "amended";
  auto updated = service_->Update(As(cardio_), "Observation", id, changed, 1);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->version, 2);
  auto stale = service_->Update(As(cardio_), "Observation", id, changed, 1);
  EXPECT_EQ(HttpOf(stale.status()), 412);
  auto first = service_->VRead(As(cardio_), "Observation", id, "1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->body["status"], "final");

  json moved = changed;
  moved["subject"]["reference"] = "Patient/" + other_.patient_pseudonym;
  EXPECT_EQ(HttpOf(service_->Update(As(cardio_), "Observation", id, moved, 0).status()), 409);
}

TEST_F(FhirServiceTest, ValidationNamesThePath) {
  json missing = Observation(patient_);
  missing.erase("status");
  auto refused = service_->Create(As(cardio_), "Observation", missing);
  EXPECT_EQ(HttpOf(refused.status()), 400);
  EXPECT_EQ(ErrorPath(refused.status()), "Observation.status");
  const json outcome = OperationOutcomeFor(refused.status());
  EXPECT_EQ(outcome["issue"][0]["code"], "required");
  EXPECT_EQ(outcome["issue"][0]["expression"][0], "Observation.status");

  json unknown = Observation(patient_);
  unknown["subject"]["reference"] = "Patient/nobody";
  auto rule = service_->Create(As(cardio_), "Observation", unknown);
  EXPECT_EQ(HttpOf(rule.status()), 422);
  EXPECT_EQ(ErrorPath(rule.status()), "Observation.subject.reference");
  EXPECT_EQ(HttpOf(service_->Create(As(cardio_), "Observation", Observation(patient_, "x"))
                       .status()),
            400);
  EXPECT_EQ(HttpOf(service_->Create(As(cardio_), "AuditEvent", json::object()).status()), 405);
  EXPECT_EQ(HttpOf(service_->Read(As(cardio_), "Medication", "1").status()), 404);
}

TEST_F(FhirServiceTest, CareRelationshipConsentAndBreakGlass) {
  auto created = service_->Create(As(cardio_), "Observation", Observation(patient_));
  ASSERT_TRUE(created.ok());
  const std::string id = created->body["id"];
  // No relationship: refused, and the refusal is one audit record.
  int64_t audits = AuditCount();
  EXPECT_EQ(HttpOf(service_->Read(As(derm_), "Observation", id).status()), 403);
  EXPECT_EQ(AuditCount(), audits + 1);
  // Break-glass opens it, with the reason recorded and raised as an alert.
  auto urgent = service_->Read(As(derm_, "unconscious patient in the lobby"), "Observation", id);
  ASSERT_TRUE(urgent.ok()) << urgent.status();
  auto alerts = service_->BreakGlassAlerts(As(admin_).actor, 10);
  ASSERT_EQ(alerts->size(), 1u);
  const int64_t before_refusal = AuditCount();
  EXPECT_EQ(HttpOf(service_->BreakGlassAlerts(As(derm_).actor, 10).status()), 403);
  EXPECT_EQ(AuditCount(), before_refusal + 1);  // the refusal is audited
  EXPECT_EQ(alerts->front().purpose, "break-glass: unconscious patient in the lobby");
  EXPECT_EQ(alerts->front().actor_user_id, derm_.id);

  // The patient's consent denies cardiology their observations.
  json consent = {
      {"resourceType", "Consent"},
      {"status", "active"},
      {"scope", {{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/consentscope"},
                              {"code", "patient-privacy"}}}}}},
      {"category", {{{"coding", {{{"system", "http://loinc.org"}, {"code", "59284-0"}}}}}}},
      {"patient", {{"reference", "Patient/" + patient_.patient_pseudonym}}},
      {"provision",
       {{"type", "deny"},
        {"actor", {{{"role", {{"text", "department"}}},
                    {"reference", {{"reference", "Organization/cardiology"}}}}}},
        {"class", {{{"system", "http://hl7.org/fhir/resource-types"}, {"code", "Observation"}}}}}}};
  auto saved = service_->Create(As(patient_), "Consent", consent);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(HttpOf(service_->Read(As(cardio_), "Observation", id).status()), 403);
  auto search = service_->Search(As(cardio_), "Observation", {});
  ASSERT_TRUE(search.ok());
  EXPECT_EQ(search->body["total"], 0);
  EXPECT_TRUE(service_->Read(As(cardio_), "Consent", saved->body["id"]).ok());
  EXPECT_TRUE(service_->Read(As(cardio_), "Patient", patient_.patient_pseudonym).ok());
}

TEST_F(FhirServiceTest, PatientsStudentsResearchersAndAdmins) {
  auto mine = service_->Create(As(cardio_), "Observation", Observation(patient_));
  auto theirs = service_->Create(As(cardio_, "a reason long enough"), "Observation",
                                 Observation(other_));
  ASSERT_TRUE(mine.ok() && theirs.ok());
  EXPECT_TRUE(service_->Read(As(patient_), "Observation", mine->body["id"]).ok());
  EXPECT_EQ(HttpOf(service_->Read(As(patient_), "Observation", theirs->body["id"]).status()),
            403);
  auto own = service_->Search(As(patient_), "Observation", {});
  EXPECT_EQ(own->body["total"], 1);
  EXPECT_EQ(HttpOf(service_->Search(As(patient_), "Observation",
                                    {{"patient", other_.patient_pseudonym}})
                       .status()),
            403);
  EXPECT_EQ(HttpOf(service_->Create(As(patient_), "Observation", Observation(patient_)).status()),
            403);
  for (const UserRow* user : {&student_, &researcher_, &admin_}) {
    EXPECT_EQ(HttpOf(service_->Read(As(*user), "Observation", mine->body["id"]).status()), 403)
        << user->role;
    EXPECT_EQ(HttpOf(service_->Search(As(*user), "Observation", {}).status()), 403) << user->role;
  }
  EXPECT_TRUE(service_->Search(As(student_), "Practitioner", {}).ok());
  auto audit = service_->Search(As(admin_), "AuditEvent",
                                {{"patient", patient_.patient_pseudonym}});
  ASSERT_TRUE(audit.ok()) << audit.status();
  EXPECT_GT(audit->body["total"].get<int>(), 0);
  EXPECT_EQ(HttpOf(service_->Search(As(cardio_), "AuditEvent", {}).status()), 403);
}

TEST_F(FhirServiceTest, AppointmentCreateBooksAndUpdateCancels) {
  // Monday 2026-01-05 09:00 UTC (the fixture's clock starts on Thursday 1st).
  const int64_t start = clock_.NowUnixMs() + 4 * care::kMillisecondsPerDay +
                        9 * 60 * care::kMillisecondsPerMinute;
  const std::string slot = care::SlotId({"cardiology", cardio_.id, start});
  json appointment = {
      {"resourceType", "Appointment"},
      {"status", "booked"},
      {"slot", {{{"reference", "Slot/" + slot}}}},
      {"comment", "synthetic: follow-up"},
      {"participant", {{{"actor", {{"reference", "Patient/" + patient_.patient_pseudonym}}},
                        {"status", "accepted"}}}}};
  int64_t audits = AuditCount();
  auto booked = service_->Create(As(patient_), "Appointment", appointment);
  ASSERT_TRUE(booked.ok()) << booked.status();
  EXPECT_EQ(booked->status, 201);
  EXPECT_EQ(AuditCount(), audits + 1);
  EXPECT_EQ(booked->body["status"], "booked");
  EXPECT_EQ(HttpOf(service_->Create(As(other_), "Appointment", appointment).status()), 403);
  auto taken = service_->Create(As(cardio_), "Appointment", appointment);
  EXPECT_EQ(HttpOf(taken.status()), 409);
  json nowhere = appointment;
  nowhere["slot"][0]["reference"] = "Slot/cardiology.1.5";
  auto bad = service_->Create(As(patient_), "Appointment", nowhere);
  EXPECT_EQ(HttpOf(bad.status()), 422);
  EXPECT_EQ(ErrorPath(bad.status()), "Appointment.slot");

  const std::string id = booked->body["id"];
  json cancel = booked->body;
  cancel["status"] = "fulfilled";
  EXPECT_EQ(HttpOf(service_->Update(As(patient_), "Appointment", id, cancel, 0).status()), 422);
  cancel["status"] = "cancelled";
  EXPECT_EQ(HttpOf(service_->Update(As(patient_), "Appointment", id, cancel, 7).status()), 412);
  audits = AuditCount();
  auto cancelled = service_->Update(As(patient_), "Appointment", id, cancel, 1);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->body["status"], "cancelled");
  EXPECT_EQ(cancelled->body["comment"], "synthetic: follow-up");
  EXPECT_EQ(cancelled->version, 2);
  EXPECT_EQ(AuditCount(), audits + 1);
}

TEST_F(FhirServiceTest, SearchFiltersAndPages) {
  for (int index = 0; index < 5; ++index) {
    json observation = Observation(patient_);
    observation["effectiveDateTime"] = "2026-10-0" + std::to_string(index + 1) + "T09:00:00Z";
    ASSERT_TRUE(service_->Create(As(cardio_), "Observation", observation).ok());
  }
  auto page = service_->Search(As(cardio_), "Observation",
                               {{"patient", patient_.patient_pseudonym}, {"_count", "2"},
                                {"date", "ge2026-10-02"}, {"code", "http://loinc.org|4548-4"}});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->body["total"], 4);
  EXPECT_EQ(page->body["entry"].size(), 2u);
  EXPECT_EQ(page->body["link"][1]["relation"], "next");
  EXPECT_EQ(service_->Search(As(cardio_), "Observation", {{"status", "amended"}})->body["total"],
            0);
  auto unknown = service_->Search(As(cardio_), "Observation", {{"colour", "red"}});
  EXPECT_EQ(HttpOf(unknown.status()), 400);
  EXPECT_EQ(ErrorPath(unknown.status()), "colour");
}

TEST_F(FhirServiceTest, EverythingAndErasure) {
  ASSERT_TRUE(service_->Create(As(cardio_), "Observation", Observation(patient_)).ok());
  ASSERT_TRUE(service_->Read(As(derm_, "emergency, patient unresponsive"), "Patient",
                             patient_.patient_pseudonym)
                  .ok());
  const int64_t audits = AuditCount();
  auto everything = service_->Everything(As(patient_), patient_.patient_pseudonym);
  ASSERT_TRUE(everything.ok()) << everything.status();
  EXPECT_EQ(AuditCount(), audits + 1);
  std::set<std::string> types;
  bool saw_break_glass = false;
  for (const json& entry : everything->body["entry"]) {
    types.insert(entry["resource"]["resourceType"]);
    if (entry["resource"]["resourceType"] == "AuditEvent" &&
        entry["resource"].contains("purposeOfEvent")) {
      saw_break_glass = saw_break_glass ||
                        entry["resource"]["purposeOfEvent"][0]["text"].get<std::string>().rfind(
                            "break-glass", 0) == 0;
    }
  }
  EXPECT_TRUE(types.count("Patient") && types.count("Observation") && types.count("AuditEvent"));
  EXPECT_TRUE(saw_break_glass);
  EXPECT_EQ(HttpOf(service_->Everything(As(other_), patient_.patient_pseudonym).status()), 403);

  EXPECT_EQ(HttpOf(service_->ErasePatient(As(cardio_), patient_.patient_pseudonym).status()),
            403);
  auto erased = service_->ErasePatient(As(patient_), patient_.patient_pseudonym);
  ASSERT_TRUE(erased.ok()) << erased.status();
  EXPECT_EQ(erased->status, 204);
  EXPECT_EQ(ErrorCode(service_->Read(As(cardio_), "Patient", patient_.patient_pseudonym).status()),
            "subject_erased");
  auto account = store_->FindUserById(patient_.id);
  EXPECT_EQ(account->display_name, "");
  EXPECT_TRUE(account->disabled);
  EXPECT_EQ(account->login.rfind("erased-", 0), 0u);
}

}  // namespace
}  // namespace mc::fhir

namespace mc::fhir {
namespace {

TEST_F(FhirServiceTest, SearchToleratesBadRecordsStoredBeforeValidation) {
  json bad = Observation(patient_);
  bad["code"]["coding"] = {{{"code", 5}, {"system", 7}}, "not-a-coding"};
  bad["status"] = 3;
  bad["effectiveDateTime"] = 12;
  const Actor author{cardio_.id, "clinician", "", "test"};
  ASSERT_TRUE(vault_->Put(author, patient_.patient_pseudonym, "Observation", "", bad.dump()).ok());
  for (const SearchParams& params :
       {SearchParams{{"code", "4548-4"}}, SearchParams{{"code", "http://loinc.org|4548-4"}},
        SearchParams{{"status", "final"}}, SearchParams{{"date", "ge2026"}}}) {
    auto found = service_->Search(As(cardio_), "Observation", params);
    ASSERT_TRUE(found.ok()) << found.status();
    EXPECT_EQ(found->status, 200);
  }
  // Wrongly typed names, units and dates neither break a read nor the
  // research export.
  json patient = {{"resourceType", "Patient"}, {"name", {{{"text", 5}}}}};
  ASSERT_TRUE(vault_->Put(author, patient_.patient_pseudonym, "Patient", "", patient.dump()).ok());
  json odd = Observation(patient_);
  odd["valueQuantity"] = {{"value", 7}, {"unit", 7}, {"code", json::array()}};
  odd["effectiveDateTime"] = json::object();
  odd["code"]["coding"] = {{{"code", "x"}, {"system", 7}, {"display", 9}}};
  ASSERT_TRUE(vault_->Put(author, patient_.patient_pseudonym, "Observation", "", odd.dump()).ok());
  auto named = service_->Read(As(cardio_), "Patient", patient_.patient_pseudonym);
  ASSERT_TRUE(named.ok()) << named.status();
  const Actor researcher{researcher_.id, "researcher", "", "test"};
  auto exported = service_->ResearchExport(researcher);
  ASSERT_TRUE(exported.ok()) << exported.status();
}

// Finding 7: what the review saw accepted is refused before anything is
// stored, on create and on update.
TEST_F(FhirServiceTest, InvalidResourcesStoreNothing) {
  const Actor system = SystemActor("test");
  auto count = [&] { return vault_->List(system, patient_.patient_pseudonym, "")->size(); };
  const size_t before = count();
  std::vector<json> bad;
  json observation = Observation(patient_);
  observation["valueQuantity"] = "seven";
  bad.push_back(observation);
  observation = Observation(patient_);
  observation["code"]["coding"] = {{{"code", 5}}};
  bad.push_back(observation);
  observation = Observation(patient_);
  observation["effectiveDateTime"] = "yesterday";
  bad.push_back(observation);
  for (const json& resource : bad) {
    auto refused = service_->Create(As(cardio_), "Observation", resource);
    EXPECT_EQ(HttpOf(refused.status()), 400) << resource.dump();
    EXPECT_FALSE(ErrorPath(refused.status()).empty()) << resource.dump();
  }
  json patient = {{"resourceType", "Patient"}, {"birthDate", "not-a-date"}};
  EXPECT_EQ(HttpOf(service_->Create(As(cardio_), "Patient", patient).status()), 400);
  EXPECT_EQ(HttpOf(service_->Create(As(cardio_), "Observation", json{{"resourceType", 5}})
                       .status()),
            400);
  auto created = service_->Create(As(cardio_), "Observation", Observation(patient_));
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string id = created->body["id"];
  const size_t after_create = count();
  EXPECT_EQ(after_create, before + 1);
  for (json resource : bad) {
    resource["id"] = id;
    EXPECT_EQ(HttpOf(service_->Update(As(cardio_), "Observation", id, resource, 0).status()), 400);
  }
  EXPECT_EQ(count(), after_create);
  auto stored = service_->Read(As(cardio_), "Observation", id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->version, 1);  // no update went through
}

// A completed PHQ-9 from `patient` answering every item `score` and item 9 `item9`.
json Phq9(const UserRow& patient, int score, int item9) {
  const char* codes[] = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
  json items = json::array();
  for (const char* link_id : {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2",
                              "44252-5", "44253-3", "44260-8"}) {
    const int answer = std::string(link_id) == "44260-8" ? item9 : score;
    items.push_back({{"linkId", link_id},
                     {"answer", {{{"valueCoding", {{"system", "http://loinc.org"}, {"code", codes[answer]}}}}}}});
  }
  return {{"resourceType", "QuestionnaireResponse"},
          {"status", "completed"},
          {"questionnaire", "https://metaclinic.org/fhir/Questionnaire/phq-9"},
          {"subject", {{"reference", "Patient/" + patient.patient_pseudonym}}},
          {"authored", "2026-12-02T10:00:00Z"},
          {"item", items}};
}

TEST_F(FhirServiceTest, QuestionnairesAreServedAndFoundByUrl) {
  auto found = service_->Search(As(patient_), "Questionnaire",
                                {{"url", "https://metaclinic.org/fhir/Questionnaire/gad-7"}});
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->body["total"], 1);
  EXPECT_EQ(found->body["entry"][0]["resource"]["item"].size(), 7u);
  auto read = service_->Read(As(cardio_), "Questionnaire", "phq-9");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->body["item"][8]["linkId"], "44260-8");
  EXPECT_EQ(service_->Read(As(patient_), "Questionnaire", "nope").status().code(), StatusCode::kNotFound);
}

TEST_F(FhirServiceTest, AScoredResponseWritesItsObservationAndItem9RaisesTheSafetyFlag) {
  auto created = service_->Create(As(patient_), "QuestionnaireResponse", Phq9(patient_, 0, 1));
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string response = "QuestionnaireResponse/" + created->body["id"].get<std::string>();
  auto scores = service_->Search(As(patient_), "Observation",
                                 {{"code", "http://loinc.org|44261-6"}});
  ASSERT_TRUE(scores.ok()) << scores.status();
  ASSERT_EQ(scores->body["total"], 1);
  const json& score = scores->body["entry"][0]["resource"];
  EXPECT_EQ(score["valueInteger"], 1);
  EXPECT_EQ(score["interpretation"][0]["text"], "minimal depression symptoms");
  EXPECT_EQ(score["derivedFrom"][0]["reference"], response);
  // The care team sees the flag, though the total is the lowest possible.
  auto flags = service_->Search(As(cardio_), "Flag",
                                {{"patient", patient_.patient_pseudonym}, {"status", "active"}});
  ASSERT_TRUE(flags.ok()) << flags.status();
  ASSERT_EQ(flags->body["total"], 1);
  EXPECT_EQ(flags->body["entry"][0]["resource"]["category"][0]["coding"][0]["code"], "safety");
  // A later low total does not take it away; item 9 at zero raises none.
  ASSERT_TRUE(service_->Create(As(patient_), "QuestionnaireResponse", Phq9(patient_, 0, 0)).ok());
  flags = service_->Search(As(cardio_), "Flag", {{"patient", patient_.patient_pseudonym}});
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(flags->body["total"], 1);
  // Patients cannot clear it themselves.
  json cleared = flags->body["entry"][0]["resource"];
  cleared["status"] = "inactive";
  auto refused = service_->Update(As(patient_), "Flag", cleared["id"], cleared, 0);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
}

TEST_F(FhirServiceTest, TheSafetyAlertRepeatsUntilSomeoneInTheCareTeamAcknowledgesIt) {
  ASSERT_TRUE(service_->Create(As(patient_), "QuestionnaireResponse", Phq9(patient_, 1, 2)).ok());
  auto alerts = service_->SafetyAlerts(As(cardio_));
  ASSERT_TRUE(alerts.ok()) << alerts.status();
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ((*alerts)[0].patient, patient_.patient_pseudonym);
  EXPECT_FALSE((*alerts)[0].patient_name.empty());
  // No care relationship, no alert; a patient cannot acknowledge.
  auto elsewhere = service_->SafetyAlerts(As(derm_));
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_TRUE(elsewhere->empty());
  EXPECT_EQ(service_->AcknowledgeSafetyFlag(As(patient_), (*alerts)[0].flag_id).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(service_->AcknowledgeSafetyFlag(As(derm_), (*alerts)[0].flag_id).code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(service_->AcknowledgeSafetyFlag(As(cardio_), (*alerts)[0].flag_id).ok());
  alerts = service_->SafetyAlerts(As(cardio_));
  ASSERT_TRUE(alerts.ok());
  EXPECT_TRUE(alerts->empty());
  // Acknowledged is not cleared: the flag stays active on the record.
  auto flags = service_->Search(As(cardio_), "Flag", {{"status", "active"}});
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(flags->body["total"], 1);
}

TEST_F(FhirServiceTest, AnInvalidResponseIs422AndStoresNothing) {
  json response = Phq9(patient_, 2, 0);
  response["item"].erase(response["item"].begin());
  const int64_t audits = AuditCount();
  auto created = service_->Create(As(patient_), "QuestionnaireResponse", response);
  EXPECT_EQ(HttpOf(created.status()), 422);
  EXPECT_EQ(ErrorCode(created.status()), "missing_item");
  EXPECT_EQ(AuditCount(), audits);
  auto stored = service_->Search(As(patient_), "QuestionnaireResponse", {});
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->body["total"], 0);
  // In progress, a partial response is kept unscored.
  response["status"] = "in-progress";
  ASSERT_TRUE(service_->Create(As(patient_), "QuestionnaireResponse", response).ok());
  auto scores = service_->Search(As(patient_), "Observation", {{"code", "44261-6"}});
  ASSERT_TRUE(scores.ok());
  EXPECT_EQ(scores->body["total"], 0);
}

json PainNow(const UserRow& patient, int score, const std::string& timing) {
  json response = {{"resourceType", "QuestionnaireResponse"},
                   {"status", "completed"},
                   {"questionnaire", "https://metaclinic.org/fhir/Questionnaire/pain-nrs"},
                   {"subject", {{"reference", "Patient/" + patient.patient_pseudonym}}},
                   {"authored", "2026-12-02T10:00:00Z"},
                   {"item", {{{"linkId", "72514-3"}, {"answer", {{{"valueInteger", score}}}}}}}};
  if (!timing.empty())
    response["extension"] = {{{"url", std::string(kProcedureTimingUrl)}, {"valueCode", timing}}};
  return response;
}

TEST_F(FhirServiceTest, PainScoresAroundAProcedureSayBeforeOrAfterInTheirObservation) {
  ASSERT_TRUE(service_->Create(As(patient_), "QuestionnaireResponse", PainNow(patient_, 7, "before")).ok());
  ASSERT_TRUE(service_->Create(As(patient_), "QuestionnaireResponse", PainNow(patient_, 4, "after")).ok());
  ASSERT_TRUE(service_->Create(As(patient_), "QuestionnaireResponse", PainNow(patient_, 3, "")).ok());
  auto scores = service_->Search(As(patient_), "Observation", {{"code", "http://loinc.org|72514-3"}});
  ASSERT_TRUE(scores.ok()) << scores.status();
  ASSERT_EQ(scores->body["total"], 3);
  std::map<int, std::string> timing;  // score -> the component's code ("" none)
  for (const json& entry : scores->body["entry"]) {
    const json& observation = entry["resource"];
    timing[observation["valueInteger"].get<int>()] =
        observation.contains("component")
            ? observation["component"][0]["valueCodeableConcept"]["coding"][0]["code"].get<std::string>()
            : "";
  }
  EXPECT_EQ(timing, (std::map<int, std::string>{{7, "before"}, {4, "after"}, {3, ""}}));
  auto wrong = service_->Create(As(patient_), "QuestionnaireResponse", PainNow(patient_, 5, "during"));
  EXPECT_EQ(HttpOf(wrong.status()), 422);
  EXPECT_EQ(ErrorCode(wrong.status()), "invalid_timing");
}

}  // namespace
}  // namespace mc::fhir
