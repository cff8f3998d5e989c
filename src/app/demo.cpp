#include "app/demo.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "care/scheduling.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "fhir/questionnaires.h"
#include "fhir/rehab_programme.h"
#include "imaging/image_archive.h"
#include "imaging/phantom.h"

namespace mc {
namespace {

struct DemoUser {
  const char* login;
  const char* name;
  const char* role;
  const char* department = nullptr;  // clinicians: where they see patients
};

// Synthetic people only; any resemblance to real persons is accidental.
constexpr DemoUser kDemoUsers[] = {
    {"admin", "Demo Administrator", "admin"},
    {"cardio1", "Dr. Demo Cardiology", "clinician", "cardiology"},
    {"derm1", "Dr. Demo Dermatology", "clinician", "dermatology"},
    {"endo1", "Dr. Demo Endocrinology", "clinician", "endocrinology"},
    {"mental1", "Dr. Demo Mental Health", "clinician", "mental-health"},
    {"rehab1", "Dr. Demo Rehabilitation", "clinician", "rehabilitation"},
    {"educ1", "Dr. Demo Education", "clinician", "education"},
    {"nurse1", "Demo Nurse", "nurse"},
    {"therapist1", "Demo Therapist", "therapist", "mental-health"},
    {"student1", "Demo Student", "student"},
    {"researcher1", "Demo Researcher", "researcher"},
    {"patient1", "Alex Demo (synthetic patient)", "patient"},
    {"patient2", "Sam Demo (synthetic patient)", "patient"},
    {"patient3", "Robin Demo (synthetic patient)", "patient"},
    // In talking therapy with therapist1 (SeedTherapy).
    {"patient4", "Jamie Demo (synthetic patient)", "patient"},
    // In rehabilitation with rehab1 (SeedRehabilitation).
    {"patient5", "Casey Demo (synthetic patient)", "patient"},
};

constexpr std::pair<const char*, const char*> kDepartments[] = {
    {"cardiology", "Cardiology"},         {"dermatology", "Dermatology"},
    {"endocrinology", "Endocrinology"},   {"mental-health", "Mental health"},
    {"rehabilitation", "Rehabilitation"}, {"education", "Education"},
};

// Every demo clinician is "on call" around the clock, every day, in
// 30-minute slots, so that a demo visit can be booked and held whenever the
// demo runs (a slot starts within 30 minutes; check-in opens an hour
// before). A real clinic enters its clinicians' real hours.
Status SeedAvailability(Store& store, int64_t clinician_user_id,
                        const std::string& department) {
  for (int weekday = 1; weekday <= 7; ++weekday) {
    MC_RETURN_IF_ERROR(
        store.AddAvailability({clinician_user_id, department, weekday, 0, 24 * 60, 30}));
  }
  return Status();
}

// Four random words would need a word list; 12 random lower-case letters in
// groups are as strong (~56 bits) and easy to type.
std::string DemoPassword() {
  const std::string bytes = RandomBytes(12);
  std::string password;
  for (size_t index = 0; index < bytes.size(); ++index) {
    if (index > 0 && index % 4 == 0) password += '-';
    password += static_cast<char>('a' + static_cast<unsigned char>(bytes[index]) % 26);
  }
  return password;
}

// A synthetic FHIR record for a demo patient: who they are, a condition and
// two recent results, so the record pages and the FHIR API have something
// to show. Educational examples, not real people or real measurements.
Status SeedPatientRecord(Vault& vault, const Actor& author, const UserRow& user,
                         const DemoUser& demo) {
  using nlohmann::json;
  const std::string subject = "Patient/" + user.patient_pseudonym;
  const std::string given = std::string(demo.name).substr(0, std::string(demo.name).find(' '));
  const json patient = {{"resourceType", "Patient"},
                        {"active", true},
                        {"name", {{{"use", "official"},
                                   {"family", "Demo"},
                                   {"given", {given}},
                                   {"text", demo.name}}}},
                        {"birthDate", "1990-01-01"}};
  const json condition = {
      {"resourceType", "Condition"},
      {"clinicalStatus",
       {{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/condition-clinical"},
                     {"code", "active"}}}}}},
      {"verificationStatus",
       {{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/condition-ver-status"},
                     {"code", "confirmed"}}}}}},
      {"code", {{"coding", {{{"system", "http://hl7.org/fhir/sid/icd-10"},
                             {"code", "E10"},
                             {"display", "Type 1 diabetes mellitus"}}}},
                {"text", "Type 1 diabetes (synthetic demo record)"}}},
      {"subject", {{"reference", subject}}},
      {"onsetDateTime", "2024-03-01"},
      {"recordedDate", "2024-03-02"}};
  auto observation = [&](const char* code, const char* display, double value,
                         const char* unit, const char* date) {
    return json{{"resourceType", "Observation"},
                {"status", "final"},
                {"category", {{{"coding", {{{"system", "http://terminology.hl7.org/CodeSystem/observation-category"},
                                            {"code", "laboratory"}}}}}}},
                {"code", {{"coding", {{{"system", "http://loinc.org"},
                                       {"code", code},
                                       {"display", display}}}}}},
                {"subject", {{"reference", subject}}},
                {"effectiveDateTime", date},
                {"valueQuantity", {{"value", value},
                                   {"unit", unit},
                                   {"system", "http://unitsofmeasure.org"},
                                   {"code", unit}}}};
  };
  // The Patient record goes under the account's existing pseudonym.
  MC_RETURN_IF_ERROR(
      vault.Put(author, user.patient_pseudonym, "Patient", "", patient.dump()).status());
  MC_RETURN_IF_ERROR(
      vault.Put(author, user.patient_pseudonym, "Condition", "", condition.dump()).status());
  MC_RETURN_IF_ERROR(vault
                         .Put(author, user.patient_pseudonym, "Observation", "",
                              observation("4548-4", "Hemoglobin A1c", 7.2, "%",
                                          "2026-10-01T09:00:00Z")
                                  .dump())
                         .status());
  return vault
      .Put(author, user.patient_pseudonym, "Observation", "",
           observation("2339-0", "Glucose [Mass/volume] in Blood", 142, "mg/dL",
                       "2026-10-01T09:00:00Z")
               .dump())
      .status();
}

// One synthetic questionnaire answered `days_ago`: a completed
// QuestionnaireResponse whose answers add up to the given values (items of
// a 0-3 frequency scale share a total; 0-10 items take one value each), and
// its score Observation, made by the same code that scores a real response.
Status SeedScore(Vault& vault, const Actor& author, const std::string& pseudonym,
                 std::string_view instrument_id, const std::vector<int>& values,
                 int64_t when_unix_ms) {
  using nlohmann::json;
  const fhir::Instrument* instrument = fhir::FindInstrumentById(instrument_id);
  if (instrument == nullptr) return InvalidArgument("demo_seed", "unknown instrument");
  const json questionnaire = fhir::QuestionnaireResource(*instrument);
  const std::string subject = "Patient/" + pseudonym;
  const std::string when = FormatIsoUtc(when_unix_ms);
  json items = json::array();
  const bool frequency = instrument->answers == fhir::AnswerKind::kFrequency;
  int left = frequency ? values.at(0) : 0;
  int open_items = 0;  // items that still share the total (never the safety item)
  for (const fhir::QuestionnaireItem& item : instrument->items)
    open_items += item.link_id != instrument->safety_item;
  for (size_t index = 0; index < instrument->items.size(); ++index) {
    const fhir::QuestionnaireItem& item = instrument->items[index];
    json answer;
    if (frequency) {
      int value = 0;
      if (item.link_id != instrument->safety_item) {
        value = std::min(3, (left + open_items - 1) / open_items);
        left -= value;
        --open_items;
      }
      answer = {{"valueCoding", questionnaire["item"][index]["answerOption"][value]["valueCoding"]}};
    } else {
      answer = {{"valueInteger", values.at(index)}};
    }
    items.push_back({{"linkId", item.link_id}, {"text", item.text}, {"answer", json::array({answer})}});
  }
  const json response = {{"resourceType", "QuestionnaireResponse"},
                         {"status", "completed"},
                         {"questionnaire", fhir::CanonicalUrl(*instrument)},
                         {"subject", {{"reference", subject}}},
                         {"authored", when},
                         {"item", items}};
  MC_ASSIGN_OR_RETURN(const fhir::Scored scored, fhir::ScoreResponse(*instrument, response));
  MC_ASSIGN_OR_RETURN(const VaultRecord stored,
                      vault.Put(author, pseudonym, "QuestionnaireResponse", "", response.dump()));
  return vault
      .Put(author, pseudonym, "Observation", "",
           fhir::ScoreObservation(scored, subject, "QuestionnaireResponse/" + stored.id, when)
               .dump())
      .status();
}

// patient4 sees the therapist: a booked mental-health
// appointment with therapist1 tomorrow (the care relationship that lets the
// therapist read the record) and eight weeks of improving scores to chart.
// Synthetic numbers, chosen to show bands and clinically important changes.
// A booked visit of `patient` with `clinician` in `department` tomorrow.
Status BookDemoVisit(AppContext& app, const UserRow& clinician, const UserRow& patient,
                     const std::string& department, const std::string& reason) {
  const int64_t day_ms = 24 * 3600 * 1000;
  const int64_t now = app.clock.NowUnixMs();
  MC_ASSIGN_OR_RETURN(auto slots, app.scheduling->OpenSlots(department, now + day_ms, now + 2 * day_ms));
  for (const care::OpenSlot& slot : slots) {
    if (slot.clinician_user_id != clinician.id) continue;
    Actor booker;
    booker.user_id = clinician.id;
    booker.role = clinician.role;
    return app.scheduling->Book(booker, {slot.id, patient.login, reason, false}).status();
  }
  return NotFound("demo_seed", "no " + department + " slot for the demo clinician");
}

Status SeedTherapy(AppContext& app, const Actor& system, const UserRow& therapist,
                   const UserRow& patient) {
  const int64_t day_ms = 24 * 3600 * 1000;
  const int64_t now = app.clock.NowUnixMs();
  struct Week {
    int weeks_ago;
    int phq9, gad7, pain;
    std::vector<int> peg;
  };
  const Week weeks[] = {{8, 17, 14, 7, {7, 6, 7}}, {6, 15, 13, 6, {6, 6, 6}}, {4, 12, 10, 6, {6, 5, 5}},
                        {2, 9, 8, 5, {5, 4, 5}},   {0, 7, 5, 3, {4, 3, 3}}};
  for (const Week& week : weeks) {
    const int64_t when = now - week.weeks_ago * 7 * day_ms - 2 * 3600 * 1000;
    MC_RETURN_IF_ERROR(SeedScore(*app.vault, system, patient.patient_pseudonym, "phq-9", {week.phq9}, when));
    MC_RETURN_IF_ERROR(SeedScore(*app.vault, system, patient.patient_pseudonym, "gad-7", {week.gad7}, when));
    MC_RETURN_IF_ERROR(SeedScore(*app.vault, system, patient.patient_pseudonym, "pain-nrs", {week.pain}, when));
    MC_RETURN_IF_ERROR(SeedScore(*app.vault, system, patient.patient_pseudonym, "peg-3", week.peg, when));
  }
  return BookDemoVisit(app, therapist, patient, "mental-health", "Talking therapy (demo)");
}

// patient3 has a CT study to review with cardio1: a booked cardiology visit
// tomorrow (the care relationship) and the synthetic Shepp-Logan phantom
// stored through the image archive, as a DICOMweb upload would be.
Status SeedImaging(AppContext& app, const Actor& system, const UserRow& clinician,
                   const UserRow& patient) {
  MC_RETURN_IF_ERROR(
      BookDemoVisit(app, clinician, patient, "cardiology", "Case review: CT (demo)"));
  imaging::PhantomOptions options;
  options.patient_id = patient.patient_pseudonym;
  options.patient_name = "Demo^Robin";
  MC_ASSIGN_OR_RETURN(std::vector<std::string> files, imaging::MakePhantomSeries(options));
  const std::vector<std::string_view> parts(files.begin(), files.end());
  imaging::ImageArchive archive(*app.vault);
  return archive.Store(system, parts, "").status();
}

// patient5 is in rehabilitation with rehab1: a booked rehabilitation visit
// tomorrow (the care relationship) and an active exercise programme, one
// activity per game (docs/api.md "Rehabilitation").
Status SeedRehabilitation(AppContext& app, const Actor& system, const UserRow& clinician,
                          const UserRow& patient) {
  MC_RETURN_IF_ERROR(
      BookDemoVisit(app, clinician, patient, "rehabilitation", "Knee and shoulder rehabilitation (demo)"));
  const std::vector<fhir::RehabActivity> activities = {
      {"", "knee-extension", "right", 3, 10, 10, 5, "Seated knee extension: kick the ball"},
      {"", "shoulder-flexion", "right", 3, 8, 120, 5, "Shoulder flexion: reach for the lights"},
      {"", fhir::kCervicalRotation, "left", 2, 8, 60, 3, "Neck rotation (headset): look to the left"},
  };
  const nlohmann::json careplan =
      fhir::ProgrammeCarePlan(patient.patient_pseudonym, clinician.id, "Knee and shoulder programme",
                              activities, FormatIsoUtc(app.clock.NowUnixMs()));
  return app.vault->Put(system, patient.patient_pseudonym, "CarePlan", "", careplan.dump()).status();
}

}  // namespace

std::vector<std::string> DemoCrisisLines() {
  return {
      "Emergency (demo, fictional): call 555-0100",
      "Crisis line (demo, fictional): call 555-0199, any time",
      "Crisis text line (demo, fictional): text HELLO to 55501",
  };
}

Status SeedDemo(AppContext& app, std::ostream& out) {
  MC_ASSIGN_OR_RETURN(bool empty, app.store->IsEmpty());
  if (!empty) {
    return FailedPrecondition("store_not_empty",
                              "the store already holds data; not seeding the demo");
  }
  for (const auto& [slug, name] : kDepartments) {
    MC_RETURN_IF_ERROR(app.store->UpsertDepartment({slug, name}));
  }
  Actor system = SystemActor("demo-seed");
  system.purpose = "demo data: synthetic records to try MetaClinic with";
  out << "\n==== DEMO ACCOUNTS (synthetic data; one-time passwords, shown once) ====\n";
  std::optional<UserRow> therapist, therapy_patient, cardiologist, imaging_patient;
  std::optional<UserRow> rehabilitation_clinician, rehabilitation_patient;
  for (const DemoUser& demo : kDemoUsers) {
    const std::string password = DemoPassword();
    MC_ASSIGN_OR_RETURN(UserRow user, app.accounts->CreateUser(
                                          system, {demo.login, demo.name, demo.role,
                                                   password}));
    out << fmt::format("  {:<12} {:<11} {}\n", demo.login, demo.role, password);
    if (demo.department != nullptr) {
      MC_RETURN_IF_ERROR(SeedAvailability(*app.store, user.id, demo.department));
    }
    if (user.role == "patient") {
      MC_RETURN_IF_ERROR(SeedPatientRecord(*app.vault, system, user, demo));
      if (std::string_view(demo.login) == "patient4") therapy_patient = user;
      if (std::string_view(demo.login) == "patient3") imaging_patient = user;
      if (std::string_view(demo.login) == "patient5") rehabilitation_patient = user;
    }
    if (user.role == "therapist") therapist = user;
    if (std::string_view(demo.login) == "cardio1") cardiologist = user;
    if (std::string_view(demo.login) == "rehab1") rehabilitation_clinician = user;
  }
  if (therapist && therapy_patient) {
    MC_RETURN_IF_ERROR(SeedTherapy(app, system, *therapist, *therapy_patient));
  }
  if (cardiologist && imaging_patient) {
    MC_RETURN_IF_ERROR(SeedImaging(app, system, *cardiologist, *imaging_patient));
  }
  if (rehabilitation_clinician && rehabilitation_patient) {
    MC_RETURN_IF_ERROR(
        SeedRehabilitation(app, system, *rehabilitation_clinician, *rehabilitation_patient));
  }
  out << "==== Delete the data directory to start again with new passwords. ====\n\n";
  out.flush();
  return Status();
}

}  // namespace mc
