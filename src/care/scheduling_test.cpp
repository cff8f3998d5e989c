#include "care/scheduling.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "auth/auth_fixture.h"
#include "care/slot_calendar.h"

namespace mc::care {
namespace {

// The fixture's clock starts at 2026-01-01T00:00Z, a Thursday (ISO 4).
constexpr int64_t kNineAm = 9 * 60 * kMillisecondsPerMinute;

class SchedulingTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    ASSERT_TRUE(store_->UpsertDepartment({"cardiology", "Cardiology"}).ok());
    ASSERT_TRUE(store_->UpsertDepartment({"dermatology", "Dermatology"}).ok());
    clinician_ = AddUser("cardio1", "clinician");
    patient_ = AddUser("patient1", "patient");
    other_patient_ = AddUser("patient2", "patient");
    nurse_ = AddUser("nurse1", "nurse");
    // Thursdays and Fridays 09:00-10:00 UTC, 30-minute slots.
    for (int weekday : {4, 5}) {
      ASSERT_TRUE(store_
                      ->AddAvailability({clinician_.id, "cardiology", weekday,
                                         9 * 60, 10 * 60, 30})
                      .ok());
    }
    scheduling_ = std::make_unique<Scheduling>(*store_, *store_, *vault_, *audit_,
                                               *links_, clock_);
  }

  Actor ActorOf(const UserRow& user) {
    return Actor{user.id, user.role, user.patient_pseudonym, "test"};
  }
  // The 09:00 slot (plus `minute_offset`) `days` after the first Thursday.
  std::string SlotOn(int64_t days, int64_t minute_offset = 0) {
    return SlotId({"cardiology", clinician_.id,
                   start_unix_ms_ + days * kMillisecondsPerDay + kNineAm +
                       minute_offset * kMillisecondsPerMinute});
  }
  int64_t AuditCount() { return store_->AuditHead()->seq; }
  StatusOr<Booking> BookAs(const UserRow& user, const std::string& slot,
                           const std::string& patient = "") {
    BookingRequest request;
    request.slot = slot;
    request.patient = patient;
    return scheduling_->Book(ActorOf(user), request);
  }

  const int64_t start_unix_ms_ = clock_.NowUnixMs();
  UserRow clinician_, patient_, other_patient_, nurse_;
  std::unique_ptr<Scheduling> scheduling_;
};

TEST_F(SchedulingTest, ListsDepartmentsWithClinicians) {
  auto departments = scheduling_->ListDepartments();
  ASSERT_TRUE(departments.ok()) << departments.status();
  ASSERT_EQ(departments->size(), 2u);
  const Department& cardiology = (*departments)[0];
  EXPECT_EQ(cardiology.department.slug, "cardiology");
  ASSERT_EQ(cardiology.clinicians.size(), 1u);
  EXPECT_EQ(cardiology.clinicians[0].name, "Test User");
  EXPECT_EQ(cardiology.clinicians[0].availability.size(), 2u);
  EXPECT_TRUE((*departments)[1].clinicians.empty());
}

TEST_F(SchedulingTest, RejectsInvalidAvailability) {
  EXPECT_EQ(ErrorCode(store_->AddAvailability(
                {clinician_.id, "cardiology", 8, 0, 60, 30})),
            "invalid_availability");
  EXPECT_EQ(ErrorCode(store_->AddAvailability(
                {clinician_.id, "nowhere", 1, 0, 60, 30})),
            "invalid_availability");
  EXPECT_EQ(ErrorCode(store_->AddAvailability(
                {clinician_.id, "cardiology", 4, 9 * 60, 11 * 60, 30})),
            "availability_exists");
}

TEST_F(SchedulingTest, OpenSlotsHideBookedAndPastOnes) {
  const int64_t now = clock_.NowUnixMs();
  auto slots =
      scheduling_->OpenSlots("cardiology", now, now + 7 * kMillisecondsPerDay);
  ASSERT_TRUE(slots.ok()) << slots.status();
  ASSERT_EQ(slots->size(), 4u);  // Thursday and Friday, two each
  EXPECT_EQ((*slots)[0].id, SlotOn(0));
  EXPECT_EQ((*slots)[0].clinician_name, "Test User");
  ASSERT_TRUE(BookAs(patient_, SlotOn(0)).ok());
  clock_.AdvanceMs(kNineAm + 1);  // 09:00 today has begun
  slots =
      scheduling_->OpenSlots("cardiology", now, now + 7 * kMillisecondsPerDay);
  ASSERT_TRUE(slots.ok());
  ASSERT_EQ(slots->size(), 3u);
  EXPECT_EQ((*slots)[0].id, SlotOn(0, 30));
}

// Issue 13: a visit held or missed before its slot begins still holds the
// slot; listing it offered a time that booking refused as slot_taken.
TEST_F(SchedulingTest, OpenSlotsHideSlotsOfVisitsConcludedEarly) {
  const int64_t now = clock_.NowUnixMs();
  auto held = BookAs(patient_, SlotOn(0));
  auto missed = BookAs(other_patient_, SlotOn(0, 30));
  auto cancelled = BookAs(patient_, SlotOn(1));
  ASSERT_TRUE(held.ok() && missed.ok() && cancelled.ok());
  ASSERT_TRUE(
      scheduling_->Conclude(ActorOf(clinician_), held->appointment.index.id, "fulfilled").ok());
  ASSERT_TRUE(
      scheduling_->Conclude(ActorOf(clinician_), missed->appointment.index.id, "noshow").ok());
  ASSERT_TRUE(scheduling_->Cancel(ActorOf(patient_), cancelled->appointment.index.id).ok());
  auto slots = scheduling_->OpenSlots("cardiology", now, now + 7 * kMillisecondsPerDay);
  ASSERT_TRUE(slots.ok()) << slots.status();
  std::vector<std::string> ids;
  for (const OpenSlot& slot : *slots) ids.push_back(slot.id);
  EXPECT_EQ(ids, (std::vector<std::string>{SlotOn(1), SlotOn(1, 30)}));
  // Every slot listed can be booked.
  for (const std::string& id : ids) EXPECT_TRUE(BookAs(nurse_, id, "patient2").ok()) << id;
}

TEST_F(SchedulingTest, OpenSlotsValidatesRangeAndDepartment) {
  const int64_t now = clock_.NowUnixMs();
  EXPECT_EQ(ErrorCode(scheduling_->OpenSlots("cardiology", now, now).status()),
            "invalid_range");
  EXPECT_EQ(ErrorCode(scheduling_
                          ->OpenSlots("cardiology", now,
                                      now + 32 * kMillisecondsPerDay)
                          .status()),
            "range_too_long");
  EXPECT_EQ(ErrorCode(scheduling_
                          ->OpenSlots("surgery", now, now + kMillisecondsPerDay)
                          .status()),
            "department_not_found");
}

TEST_F(SchedulingTest, PatientBooksThroughTheVault) {
  const int64_t audit_before = AuditCount();
  BookingRequest request;
  request.slot = SlotOn(1);
  request.reason = "palpitations (synthetic)";
  auto booking = scheduling_->Book(ActorOf(patient_), request);
  ASSERT_TRUE(booking.ok()) << booking.status();
  const AppointmentRow& index = booking->appointment.index;
  EXPECT_EQ(index.status, "booked");
  EXPECT_EQ(index.patient_pseudonym, patient_.patient_pseudonym);
  EXPECT_EQ(index.end_unix_ms - index.start_unix_ms,
            30 * kMillisecondsPerMinute);
  EXPECT_FALSE(booking->visit_link.has_value());
  EXPECT_EQ(AuditCount(), audit_before + 1);
  auto stored = store_->FindAppointment(index.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->record_id, index.record_id);
  auto ciphertext = store_->FindVaultRecord(index.record_id);
  ASSERT_TRUE(ciphertext.ok());
  EXPECT_EQ(ciphertext->type, "Appointment");
  EXPECT_EQ(ciphertext->ciphertext.find("palpitations"), std::string::npos);
  auto record = vault_->Get(ActorOf(clinician_), index.record_id);
  ASSERT_TRUE(record.ok());
  EXPECT_NE(record->json.find("\"resourceType\":\"Appointment\""),
            std::string::npos);
  EXPECT_NE(record->json.find("palpitations"), std::string::npos);
}

TEST_F(SchedulingTest, SecondBookingOfASlotIsTakenAndAudited) {
  ASSERT_TRUE(BookAs(patient_, SlotOn(1)).ok());
  const int64_t audit_before = AuditCount();
  auto second = BookAs(other_patient_, SlotOn(1));
  EXPECT_EQ(second.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(ErrorCode(second.status()), "slot_taken");
  EXPECT_EQ(AuditCount(), audit_before + 1);
  EXPECT_EQ(store_->ListAudit(audit_before, 1)->at(0).outcome, "failure");
}

TEST_F(SchedulingTest, ConcurrentBookingsOfOneSlotHaveOneWinner) {
  std::atomic<int> wins = 0, taken = 0, other = 0;
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 8; ++thread) {
    threads.emplace_back([&, thread] {
      for (int attempt = 0; attempt < 25; ++attempt) {
        auto result = BookAs(thread % 2 ? patient_ : other_patient_, SlotOn(1));
        if (result.ok()) {
          ++wins;
        } else if (ErrorCode(result.status()) == "slot_taken") {
          ++taken;
        } else {
          ++other;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(taken.load(), 199);
  EXPECT_EQ(other.load(), 0);
}

TEST_F(SchedulingTest, RejectsSlotsNoRuleOffers) {
  EXPECT_EQ(ErrorCode(BookAs(patient_, "nonsense").status()), "invalid_slot");
  EXPECT_EQ(ErrorCode(BookAs(patient_, SlotOn(1, 10)).status()),
            "slot_not_found");
  EXPECT_EQ(ErrorCode(BookAs(patient_, SlotOn(1, 60)).status()),
            "slot_not_found");
  EXPECT_EQ(ErrorCode(BookAs(patient_, SlotOn(2)).status()),
            "slot_not_found");  // a Saturday
  EXPECT_EQ(ErrorCode(BookAs(patient_, SlotId({"dermatology", clinician_.id,
                                               clock_.NowUnixMs() + kNineAm}))
                          .status()),
            "slot_not_found");
}

TEST_F(SchedulingTest, RejectsPastAndFarSlots) {
  clock_.AdvanceMs(kNineAm);
  EXPECT_EQ(ErrorCode(BookAs(patient_, SlotOn(0)).status()), "slot_in_past");
  EXPECT_EQ(ErrorCode(BookAs(patient_, SlotOn(7 * 13)).status()),
            "slot_too_far");
}

TEST_F(SchedulingTest, RejectsOverlongReason) {
  BookingRequest request;
  request.slot = SlotOn(1);
  request.reason = std::string(kMaxReasonBytes + 1, 'x');
  EXPECT_EQ(ErrorCode(scheduling_->Book(ActorOf(patient_), request).status()),
            "invalid_reason");
}

TEST_F(SchedulingTest, PatientMayBookOnlyForThemself) {
  EXPECT_TRUE(BookAs(patient_, SlotOn(1), "patient1").ok());
  const int64_t audit_before = AuditCount();
  EXPECT_EQ(ErrorCode(BookAs(patient_, SlotOn(1, 30), "patient2").status()),
            "access_denied");
  EXPECT_EQ(AuditCount(), audit_before + 1);
  BookingRequest request;
  request.slot = SlotOn(1, 30);
  request.issue_visit_link = true;
  EXPECT_EQ(ErrorCode(scheduling_->Book(ActorOf(patient_), request).status()),
            "access_denied");
}

TEST_F(SchedulingTest, OtherRolesMayNotBook) {
  const UserRow student = AddUser("student1", "student");
  EXPECT_EQ(ErrorCode(BookAs(student, SlotOn(1), "patient1").status()),
            "access_denied");
  EXPECT_EQ(ErrorCode(scheduling_
                          ->Book(Actor{0, "guest", "", "t"},
                                 {SlotOn(1), "", "", false})
                          .status()),
            "access_denied");
}

TEST_F(SchedulingTest, StaffBookForAPatientAndIssueAVisitLink) {
  EXPECT_EQ(ErrorCode(BookAs(nurse_, SlotOn(1)).status()), "patient_required");
  EXPECT_EQ(ErrorCode(BookAs(nurse_, SlotOn(1), "nobody").status()),
            "patient_not_found");
  EXPECT_EQ(ErrorCode(BookAs(nurse_, SlotOn(1), "nurse1").status()),
            "patient_not_found");
  BookingRequest request;
  request.slot = SlotOn(1);
  request.patient = "Patient1";
  request.issue_visit_link = true;
  auto booking = scheduling_->Book(ActorOf(nurse_), request);
  ASSERT_TRUE(booking.ok()) << booking.status();
  EXPECT_EQ(booking->appointment.index.patient_pseudonym,
            patient_.patient_pseudonym);
  EXPECT_EQ(booking->appointment.index.booked_by_user_id, nurse_.id);
  ASSERT_TRUE(booking->visit_link.has_value());
  EXPECT_EQ(booking->visit_link->purpose,
            "appointment:" + std::to_string(booking->appointment.index.id));
  auto redeemed = links_->Redeem(booking->visit_link->token, "r");
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
  EXPECT_EQ(redeemed->purpose, booking->visit_link->purpose);
  // By pseudonym too.
  EXPECT_TRUE(
      BookAs(clinician_, SlotOn(1, 30), other_patient_.patient_pseudonym).ok());
}

TEST_F(SchedulingTest, PatientCancelsAndTheSlotReopens) {
  auto booking = BookAs(patient_, SlotOn(1));
  ASSERT_TRUE(booking.ok());
  const int64_t id = booking->appointment.index.id;
  const int64_t audit_before = AuditCount();
  auto cancelled = scheduling_->Cancel(ActorOf(patient_), id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->index.status, "cancelled");
  EXPECT_EQ(AuditCount(), audit_before + 1);  // one vault update
  auto record = vault_->Get(ActorOf(patient_), cancelled->index.record_id);
  ASSERT_TRUE(record.ok());
  EXPECT_NE(record->json.find("\"status\":\"cancelled\""), std::string::npos);
  EXPECT_EQ(record->version, 2);
  EXPECT_TRUE(BookAs(other_patient_, SlotOn(1)).ok());
  EXPECT_EQ(ErrorCode(scheduling_->Cancel(ActorOf(patient_), id).status()),
            "appointment_cancelled");
}

TEST_F(SchedulingTest, CancelChecksWhoAndWhen) {
  auto booking = BookAs(patient_, SlotOn(1));
  ASSERT_TRUE(booking.ok());
  const int64_t id = booking->appointment.index.id;
  EXPECT_EQ(
      ErrorCode(scheduling_->Cancel(ActorOf(patient_), id + 100).status()),
      "appointment_not_found");
  const int64_t audit_before = AuditCount();
  EXPECT_EQ(
      ErrorCode(scheduling_->Cancel(ActorOf(other_patient_), id).status()),
      "access_denied");
  EXPECT_EQ(AuditCount(), audit_before + 1);
  clock_.AdvanceMs(kMillisecondsPerDay + kNineAm);
  EXPECT_EQ(ErrorCode(scheduling_->Cancel(ActorOf(clinician_), id).status()),
            "appointment_started");
}

// Finding 4: a staff role alone does not let anyone cancel (and read the
// reason of) any appointment; the care team of the patient may.
TEST_F(SchedulingTest, CareTeamMayCancelOtherStaffMayNot) {
  BookingRequest request;
  request.slot = SlotOn(1);
  request.reason = "synthetic chest pain";
  auto booking = scheduling_->Book(ActorOf(patient_), request);
  ASSERT_TRUE(booking.ok());
  const int64_t id = booking->appointment.index.id;
  const UserRow stranger = AddUser("derm1", "clinician");
  ASSERT_TRUE(store_->AddAvailability({stranger.id, "dermatology", 4, 9 * 60, 10 * 60, 30}).ok());
  auto refused = scheduling_->Cancel(ActorOf(nurse_), id);
  EXPECT_EQ(ErrorCode(refused.status()), "access_denied");
  EXPECT_EQ(MessageOf(refused.status()).find("chest"), std::string::npos);
  EXPECT_EQ(ErrorCode(scheduling_->Cancel(ActorOf(stranger), id).status()), "access_denied");
  EXPECT_EQ(store_->FindAppointment(id)->status, "booked");
  auto cancelled = scheduling_->Cancel(ActorOf(clinician_), id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->reason, "synthetic chest pain");
  EXPECT_EQ(store_->FindAppointment(id)->status, "cancelled");
}

// Finding 9: one patient cannot hoard the calendar.
TEST_F(SchedulingTest, LimitsOpenBookingsPerPatient) {
  scheduling_ = std::make_unique<Scheduling>(*store_, *store_, *vault_, *audit_, *links_, clock_,
                                             SchedulingOptions{2});
  ASSERT_TRUE(BookAs(patient_, SlotOn(1)).ok());
  ASSERT_TRUE(BookAs(patient_, SlotOn(1, 30)).ok());
  EXPECT_EQ(ErrorCode(BookAs(patient_, SlotOn(7)).status()), "too_many_bookings");
  EXPECT_TRUE(BookAs(other_patient_, SlotOn(7)).ok());
}

TEST_F(SchedulingTest, ListsMineForPatientsAndClinicians) {
  BookingRequest request;
  request.slot = SlotOn(1);
  request.reason = "follow-up";
  ASSERT_TRUE(scheduling_->Book(ActorOf(patient_), request).ok());
  ASSERT_TRUE(BookAs(other_patient_, SlotOn(1, 30)).ok());
  const int64_t audit_before = AuditCount();
  auto mine = scheduling_->ListMine(ActorOf(patient_));
  ASSERT_TRUE(mine.ok()) << mine.status();
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].reason, "follow-up");
  EXPECT_EQ(AuditCount(), audit_before + 1);
  auto schedule = scheduling_->ListMine(ActorOf(clinician_));
  ASSERT_TRUE(schedule.ok());
  EXPECT_EQ(schedule->size(), 2u);
  EXPECT_EQ((*schedule)[0].reason, "");
  EXPECT_EQ(AuditCount(), audit_before + 2);
  EXPECT_TRUE(scheduling_->ListMine(ActorOf(nurse_))->empty());
  EXPECT_EQ(
      ErrorCode(scheduling_->ListMine(Actor{0, "guest", "", "t"}).status()),
      "access_denied");
}

}  // namespace
}  // namespace mc::care
