#include "app/demo.h"

#include <fmt/format.h>

#include "core/crypto.h"

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
    {"therapist1", "Demo Therapist", "therapist"},
    {"student1", "Demo Student", "student"},
    {"researcher1", "Demo Researcher", "researcher"},
    {"patient1", "Alex Demo (synthetic patient)", "patient"},
    {"patient2", "Sam Demo (synthetic patient)", "patient"},
    {"patient3", "Robin Demo (synthetic patient)", "patient"},
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

}  // namespace

Status SeedDemo(AppContext& app, std::ostream& out) {
  MC_ASSIGN_OR_RETURN(bool empty, app.store->IsEmpty());
  if (!empty) {
    return FailedPrecondition("store_not_empty",
                              "the store already holds data; not seeding the demo");
  }
  for (const auto& [slug, name] : kDepartments) {
    MC_RETURN_IF_ERROR(app.store->UpsertDepartment({slug, name}));
  }
  const Actor system = SystemActor("demo-seed");
  const Actor endocrinologist_as_author{0, "system", "", "demo-seed"};
  out << "\n==== DEMO ACCOUNTS (synthetic data; one-time passwords, shown once) ====\n";
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
      MC_RETURN_IF_ERROR(
          app.vault
              ->Put(endocrinologist_as_author, user.patient_pseudonym, "Condition", "",
                    R"json({"code":"E10","display":"Type 1 diabetes mellitus (synthetic demo record)","onset":"2024-03-01"})json")
              .status());
    }
  }
  out << "==== Delete the data directory to start again with new passwords. ====\n\n";
  out.flush();
  return Status();
}

}  // namespace mc
