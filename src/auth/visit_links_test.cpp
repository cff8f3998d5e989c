#include "auth/visit_links.h"

#include "auth/auth_fixture.h"

namespace mc {
namespace {

using VisitLinksTest = AuthFixture;

const Actor kNurse{3, "nurse", "", "r"};

TEST_F(VisitLinksTest, SingleUseGuestSession) {
  AddUser("nurse1", "nurse");
  auto link = links_->Issue(Actor{1, "nurse", "", "r"}, "interpreter", 3600 * 1000);
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_EQ(link->token.size(), 32u);
  auto visit = links_->Redeem(link->token, "r2");
  ASSERT_TRUE(visit.ok()) << visit.status();
  auto session = sessions_->Resolve(visit->session_token);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->user.role, "guest");
  EXPECT_EQ(session->guest_purpose, "interpreter");
  EXPECT_EQ(ErrorCode(links_->Redeem(link->token, "r3").status()), "visit_link_used");
}

TEST_F(VisitLinksTest, Expires) {
  AddUser("nurse1", "nurse");
  auto link = links_->Issue(Actor{1, "nurse", "", "r"}, "interpreter", 60 * 1000);
  clock_.AdvanceMs(60 * 1000);
  EXPECT_EQ(ErrorCode(links_->Redeem(link->token, "r").status()), "visit_link_expired");
}

// Finding 1: a guest of an appointment joins its private consult room, so
// only its clinician (or whoever booked it) may mint one; ids are random.
TEST_F(VisitLinksTest, AppointmentLinksOnlyFromItsClinicianOrWithTheBooking) {
  const UserRow clinician = AddUser("doc1", "clinician");
  const UserRow other = AddUser("doc2", "clinician");
  const UserRow nurse = AddUser("nurse1", "nurse");
  const UserRow admin = AddUser("admin1", "admin");
  const UserRow patient = AddUser("pat1", "patient");
  ASSERT_TRUE(store_->UpsertDepartment({"cardiology", "Cardiology"}).ok());
  AppointmentRow row;
  row.slot = "s1";
  row.department = "cardiology";
  row.clinician_user_id = clinician.id;
  row.start_unix_ms = clock_.NowUnixMs() + 3600000;
  row.end_unix_ms = row.start_unix_ms + 1800000;
  row.patient_pseudonym = patient.patient_pseudonym;
  row.booked_by_user_id = nurse.id;
  const int64_t id = *store_->CreateAppointment(row);
  row.slot = "s2";
  row.start_unix_ms += 1800000;
  const int64_t next = *store_->CreateAppointment(row);
  EXPECT_NE(next, id + 1);
  EXPECT_GT(std::max(id, next), int64_t{1} << 30);
  const std::string purpose = "appointment:" + std::to_string(id);
  const auto code = [&](const UserRow& user) {
    return ErrorCode(links_->Issue(Actor{user.id, user.role, "", "r"}, purpose, 60000).status());
  };
  EXPECT_EQ(code(other), "not_your_appointment");
  EXPECT_EQ(code(admin), "not_your_appointment");
  EXPECT_EQ(code(clinician), "ok");
  // Whoever booked it gets a link with the booking only, not later.
  EXPECT_EQ(code(nurse), "not_your_appointment");
  EXPECT_EQ(ErrorCode(links_->Issue(Actor{nurse.id, "nurse", "", "r"}, purpose, 60000,
                                    /*as_booker=*/true)
                          .status()),
            "ok");
  EXPECT_EQ(ErrorCode(links_->Issue(Actor{other.id, "clinician", "", "r"}, purpose, 60000,
                                    /*as_booker=*/true)
                          .status()),
            "not_your_appointment");
  // One spelling per id: a leading zero names no appointment.
  EXPECT_EQ(ErrorCode(links_->Issue(Actor{clinician.id, "clinician", "", "r"},
                                    "appointment:0" + std::to_string(id), 60000)
                          .status()),
            "not_your_appointment");
  EXPECT_EQ(ErrorCode(links_->Issue(Actor{clinician.id, "clinician", "", "r"},
                                    "appointment:999", 60000).status()),
            "not_your_appointment");
  ASSERT_TRUE(store_->CloseAppointment(id, "cancelled", 1).ok());
  EXPECT_EQ(code(clinician), "not_your_appointment");
}

TEST_F(VisitLinksTest, Validation) {
  EXPECT_EQ(ErrorCode(links_->Issue(Actor{1, "patient", "p", "r"}, "x", 60000).status()),
            "staff_only");
  EXPECT_EQ(ErrorCode(links_->Issue(kNurse, "Bad Purpose", 60000).status()),
            "invalid_purpose");
  EXPECT_EQ(ErrorCode(links_->Issue(kNurse, "x", 1000).status()), "invalid_lifetime");
  EXPECT_EQ(ErrorCode(links_->Issue(kNurse, "x", VisitLinks::kMaxLifetimeMs + 1).status()),
            "invalid_lifetime");
  EXPECT_EQ(ErrorCode(links_->Redeem("nothex", "r").status()), "visit_link_invalid");
  EXPECT_EQ(ErrorCode(links_->Redeem(std::string(32, 'a'), "r").status()),
            "visit_link_invalid");
}

}  // namespace
}  // namespace mc
