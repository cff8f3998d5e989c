#include "care/visit_desk.h"

#include <gtest/gtest.h>

#include "auth/auth_fixture.h"
#include "care/slot_calendar.h"

namespace mc::care {
namespace {

constexpr int64_t kNineAm = 9 * 60 * kMillisecondsPerMinute;

class FakeRooms final : public ConsultRooms {
 public:
  StatusOr<std::string> Open(const ConsultRoomRequest& request) override {
    opened.push_back(request);
    return request.template_space + "~" + std::to_string(opened.size());
  }
  Status Close(const std::string& room) override {
    closed.push_back(room);
    return Status();
  }
  std::vector<ConsultRoomRequest> opened;
  std::vector<std::string> closed;
};

// The fixture's clock starts on Thursday 2026-01-01 00:00 UTC; the clinician
// sees patients on Thursdays 09:00-11:00 in 30-minute slots.
class VisitDeskTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    ASSERT_TRUE(store_->UpsertDepartment({"cardiology", "Cardiology"}).ok());
    clinician_ = AddUser("cardio1", "clinician");
    other_clinician_ = AddUser("cardio2", "clinician");
    patient_ = AddUser("patient1", "patient");
    patient2_ = AddUser("patient2", "patient");
    nurse_ = AddUser("nurse1", "nurse");
    student_ = AddUser("student1", "student");
    ASSERT_TRUE(
        store_->AddAvailability({clinician_.id, "cardiology", 4, 9 * 60, 11 * 60, 30}).ok());
    // The nurse works in cardiology (on Sundays): the desk of that department.
    ASSERT_TRUE(
        store_->AddAvailability({nurse_.id, "cardiology", 7, 9 * 60, 10 * 60, 30}).ok());
    scheduling_ = std::make_unique<Scheduling>(*store_, *store_, *vault_, *audit_, *links_, clock_);
    desk_ = std::make_unique<VisitDesk>(*store_, *store_, *vault_, *audit_, *scheduling_, *links_,
                                        rooms_, clock_);
    first_ = Book(patient_, 0);
    second_ = Book(patient2_, 30);
    clock_.AdvanceMs(kNineAm - 10 * kMillisecondsPerMinute);  // 08:50
  }

  Actor ActorOf(const UserRow& user) {
    return Actor{user.id, user.role, user.patient_pseudonym, "test", ""};
  }
  int64_t Book(const UserRow& patient, int64_t minute) {
    BookingRequest request;
    request.slot = SlotId({"cardiology", clinician_.id,
                           clock_.NowUnixMs() + kNineAm + minute * kMillisecondsPerMinute});
    auto booking = scheduling_->Book(ActorOf(patient), request);
    EXPECT_TRUE(booking.ok()) << booking.status();
    return booking.ok() ? booking->appointment.index.id : 0;
  }
  StatusOr<VisitView> CheckIn(const UserRow& patient, int64_t id) {
    DeviceCheck device{"ok", "ok", "ok", 40};
    return desk_->CheckIn(ActorOf(patient), id, device, true);
  }
  int64_t AuditCount() { return store_->AuditHead()->seq; }

  FakeRooms rooms_;
  UserRow clinician_, other_clinician_, patient_, patient2_, nurse_, student_;
  std::unique_ptr<Scheduling> scheduling_;
  std::unique_ptr<VisitDesk> desk_;
  int64_t first_ = 0, second_ = 0;
};

TEST_F(VisitDeskTest, CheckInQueuesByArrivalWithAnEstimate) {
  auto second = CheckIn(patient2_, second_);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->state, VisitState::kWaiting);
  EXPECT_EQ(second->position, 1);
  EXPECT_EQ(second->estimated_wait_minutes, 40);  // its slot starts at 09:30
  auto first = CheckIn(patient_, first_);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->position, 2);
  EXPECT_EQ(first->ahead, 1);
  EXPECT_EQ(first->estimated_wait_minutes, 30);  // one 30-minute slot ahead
  auto dashboard = desk_->DashboardFor(ActorOf(clinician_));
  ASSERT_TRUE(dashboard.ok());
  EXPECT_EQ(dashboard->today.size(), 2u);
  EXPECT_EQ(dashboard->today_patient_names[0], "Test User");
  ASSERT_EQ(dashboard->queue.size(), 2u);
  EXPECT_EQ(dashboard->queue[0].appointment.id, second_);
  EXPECT_EQ(dashboard->queue[0].patient_name, "Test User");
  EXPECT_EQ(dashboard->queue[0].device.camera, "ok");
  EXPECT_EQ(dashboard->unacknowledged, 2);
  ASSERT_TRUE(desk_->Acknowledge(ActorOf(nurse_), second_).ok());
  EXPECT_EQ(desk_->DashboardFor(ActorOf(clinician_))->unacknowledged, 1);
}

TEST_F(VisitDeskTest, CheckInRules) {
  DeviceCheck device;
  EXPECT_EQ(ErrorCode(desk_->CheckIn(ActorOf(patient_), first_, device, false).status()),
            "consent_required");
  EXPECT_EQ(ErrorCode(desk_->CheckIn(ActorOf(patient2_), first_, device, true).status()),
            "access_denied");
  EXPECT_EQ(ErrorCode(desk_->CheckIn(ActorOf(clinician_), first_, device, true).status()),
            "access_denied");
  device.camera = "broken";
  EXPECT_EQ(ErrorCode(desk_->CheckIn(ActorOf(patient_), first_, device, true).status()),
            "invalid_device_check");
  EXPECT_EQ(ErrorCode(CheckIn(patient_, 999).status()), "appointment_not_found");
  clock_.AdvanceMs(-2 * 60 * kMillisecondsPerMinute);  // 06:50: too early
  EXPECT_EQ(ErrorCode(CheckIn(patient_, first_).status()), "check_in_not_open");
  clock_.AdvanceMs(3 * 60 * kMillisecondsPerMinute);  // 09:50: the 09:00 slot is over
  EXPECT_EQ(ErrorCode(CheckIn(patient_, first_).status()), "appointment_over");
}

TEST_F(VisitDeskTest, TherapyMeetsOnTheBeachOrInTheForestAsThePatientChose) {
  ASSERT_TRUE(store_->UpsertDepartment({"mental-health", "Mental health"}).ok());
  const UserRow therapist = AddUser("therapist1", "therapist");
  const UserRow patient3 = AddUser("patient3", "patient");
  ASSERT_TRUE(
      store_->AddAvailability({therapist.id, "mental-health", 4, 9 * 60, 11 * 60, 30}).ok());
  BookingRequest request;
  // 09:00 today (the clock is at 08:50).
  request.slot = SlotId({"mental-health", therapist.id, clock_.NowUnixMs() + 10 * kMillisecondsPerMinute});
  auto booking = scheduling_->Book(ActorOf(patient3), request);
  ASSERT_TRUE(booking.ok()) << booking.status();
  const int64_t therapy = booking->appointment.index.id;
  DeviceCheck device{"skipped", "ok", "ok", 40};
  // Cardiology offers only its consult room.
  EXPECT_EQ(ErrorCode(desk_->CheckIn(ActorOf(patient_), first_, device, true,
                                     {MeetingPlace::kForest, false})
                          .status()),
            "place_not_offered");
  auto waiting = desk_->CheckIn(ActorOf(patient3), therapy, device, true,
                                {MeetingPlace::kBeach, true});
  ASSERT_TRUE(waiting.ok()) << waiting.status();
  EXPECT_EQ(waiting->meeting.place, MeetingPlace::kBeach);
  EXPECT_TRUE(waiting->meeting.avatars_only);
  // Checking in again changes the choice (the forest, camera allowed).
  ASSERT_TRUE(desk_->CheckIn(ActorOf(patient3), therapy, device, true,
                             {MeetingPlace::kForest, false}).ok());
  auto admitted = desk_->Admit(ActorOf(therapist), therapy);
  ASSERT_TRUE(admitted.ok()) << admitted.status();
  ASSERT_EQ(rooms_.opened.size(), 1u);
  EXPECT_EQ(rooms_.opened[0].template_space, "therapy-forest");
  EXPECT_EQ(admitted->room, "therapy-forest~1");
  EXPECT_FALSE(admitted->meeting.avatars_only);
  EXPECT_EQ(*ParseMeetingPlace("beach"), MeetingPlace::kBeach);
  EXPECT_EQ(MeetingPlaceName(MeetingPlace::kConsultRoom), "room");
  EXPECT_EQ(ErrorCode(ParseMeetingPlace("moon").status()), "invalid_place");
}

TEST_F(VisitDeskTest, AGuestOfTheAppointmentMayCheckIn) {
  Actor guest{0, "guest", "", "test", "appointment:" + std::to_string(first_)};
  DeviceCheck device;
  auto visit = desk_->CheckIn(guest, first_, device, true);
  ASSERT_TRUE(visit.ok()) << visit.status();
  Actor other_guest{0, "guest", "", "test", "appointment:" + std::to_string(second_)};
  EXPECT_EQ(ErrorCode(desk_->Get(other_guest, first_).status()), "access_denied");
}

TEST_F(VisitDeskTest, KeepsThePlaceAcrossAShortAbsenceOnly) {
  constexpr int64_t kSecond = 1000;
  ASSERT_TRUE(CheckIn(patient2_, second_).ok());
  ASSERT_TRUE(CheckIn(patient_, first_).ok());
  clock_.AdvanceMs(100 * kSecond);  // patient2 is away (a reload, a lost link)
  ASSERT_TRUE(desk_->Get(ActorOf(patient_), first_).ok());
  EXPECT_FALSE(desk_->DashboardFor(ActorOf(clinician_))->queue[0].online);
  EXPECT_EQ(desk_->Get(ActorOf(patient2_), second_)->position, 1);  // back in time
  clock_.AdvanceMs(100 * kSecond);
  ASSERT_TRUE(desk_->Get(ActorOf(patient_), first_).ok());
  clock_.AdvanceMs(30 * kSecond);
  ASSERT_TRUE(desk_->Get(ActorOf(patient_), first_).ok());
  // patient2 has not polled for 130 s: the place is gone.
  EXPECT_EQ(desk_->Get(ActorOf(patient2_), second_)->state, VisitState::kLeft);
  EXPECT_EQ(desk_->Get(ActorOf(patient_), first_)->position, 1);
  auto again = CheckIn(patient2_, second_);
  EXPECT_EQ(again->state, VisitState::kWaiting);
  EXPECT_EQ(again->position, 2);  // at the back
}

// Issue 13: a patient can leave the waiting room; only the patient side may
// give up the place, and both the leave and a refusal are audited.
TEST_F(VisitDeskTest, OnlyThePatientSideLeavesTheQueue) {
  EXPECT_EQ(ErrorCode(desk_->Leave(ActorOf(patient_), first_).status()), "not_waiting");
  ASSERT_TRUE(CheckIn(patient_, first_).ok());
  ASSERT_TRUE(CheckIn(patient2_, second_).ok());
  int64_t audits = AuditCount();
  for (const UserRow& other : {clinician_, nurse_, patient2_, student_}) {
    EXPECT_EQ(ErrorCode(desk_->Leave(ActorOf(other), first_).status()), "access_denied")
        << other.login;
  }
  EXPECT_EQ(AuditCount() - audits, 4);  // one denied record each
  Actor other_guest{0, "guest", "", "test", "appointment:" + std::to_string(second_)};
  EXPECT_EQ(ErrorCode(desk_->Leave(other_guest, first_).status()), "access_denied");
  EXPECT_EQ(desk_->Get(ActorOf(patient_), first_)->state, VisitState::kWaiting);

  audits = AuditCount();
  auto left = desk_->Leave(ActorOf(patient_), first_);
  ASSERT_TRUE(left.ok()) << left.status();
  EXPECT_EQ(left->state, VisitState::kLeft);
  EXPECT_EQ(AuditCount() - audits, 1);
  EXPECT_EQ(ErrorCode(desk_->Leave(ActorOf(patient_), first_).status()), "not_waiting");
  // The dashboard no longer lists the patient; the one behind moves up.
  auto dashboard = desk_->DashboardFor(ActorOf(clinician_));
  ASSERT_TRUE(dashboard.ok());
  ASSERT_EQ(dashboard->queue.size(), 1u);
  EXPECT_EQ(dashboard->queue[0].appointment.id, second_);
  EXPECT_EQ(desk_->Get(ActorOf(patient2_), second_)->position, 1);
  EXPECT_EQ(ErrorCode(desk_->Admit(ActorOf(clinician_), first_).status()), "not_waiting");
  // Checking in again puts the patient at the back.
  auto again = CheckIn(patient_, first_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->state, VisitState::kWaiting);
  EXPECT_EQ(again->position, 2);

  // A visit-link guest of the appointment is the patient side too.
  Actor guest{0, "guest", "", "test", "appointment:" + std::to_string(second_)};
  EXPECT_EQ(desk_->Leave(guest, second_)->state, VisitState::kLeft);
}

TEST_F(VisitDeskTest, AdmitOpensAMembersOnlyRoomAndEndWritesTheRecord) {
  ASSERT_TRUE(CheckIn(patient_, first_).ok());
  EXPECT_EQ(ErrorCode(desk_->Admit(ActorOf(other_clinician_), first_).status()),
            "access_denied");
  EXPECT_EQ(ErrorCode(desk_->Admit(ActorOf(nurse_), first_).status()), "access_denied");
  EXPECT_EQ(ErrorCode(desk_->Admit(ActorOf(clinician_), second_).status()), "not_waiting");
  for (int minute = 0; minute < 10; ++minute) {  // the patient's client polls
    clock_.AdvanceMs(kMillisecondsPerMinute);
    ASSERT_TRUE(desk_->Get(ActorOf(patient_), first_).ok());
  }
  auto admitted = desk_->Admit(ActorOf(clinician_), first_);
  ASSERT_TRUE(admitted.ok()) << admitted.status();
  EXPECT_EQ(admitted->state, VisitState::kAdmitted);
  ASSERT_EQ(rooms_.opened.size(), 1u);
  EXPECT_EQ(rooms_.opened[0].template_space, "cardiology-consult");
  EXPECT_EQ(rooms_.opened[0].patient_user_id, patient_.id);
  EXPECT_EQ(rooms_.opened[0].clinician_user_id, clinician_.id);
  EXPECT_EQ(rooms_.opened[0].guest_purpose, "appointment:" + std::to_string(first_));
  EXPECT_EQ(desk_->Get(ActorOf(patient_), first_)->room, admitted->room);
  EXPECT_EQ(ErrorCode(desk_->Summary(ActorOf(patient_), first_).status()),
            "summary_not_found");

  EXPECT_EQ(ErrorCode(desk_->End(ActorOf(clinician_), first_, {"", "", false}).status()),
            "invalid_note");
  EXPECT_EQ(ErrorCode(desk_->End(ActorOf(nurse_), first_, {"n", "", false}).status()),
            "access_denied");
  clock_.AdvanceMs(15 * kMillisecondsPerMinute);
  const int64_t audits = AuditCount();
  auto ended = desk_->End(ActorOf(clinician_), first_,
                          {"Synthetic note: discussed exercise.", "Walk daily.", true});
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->visit.state, VisitState::kEnded);
  EXPECT_EQ(ended->visit.appointment.status, "fulfilled");
  EXPECT_EQ(ended->encounter.start, "2026-01-01T09:00:00.000Z");
  EXPECT_EQ(ended->encounter.end, "2026-01-01T09:15:00.000Z");
  EXPECT_EQ(rooms_.closed, std::vector<std::string>{admitted->room});
  EXPECT_EQ(ended->encounter.participants.size(), 1u);  // no guest was invited
  // Encounter, note, the appointment's new status, the end itself.
  EXPECT_EQ(AuditCount() - audits, 4);
  EXPECT_EQ(store_->FindAppointment(first_)->status, "fulfilled");

  auto summary = desk_->Summary(ActorOf(patient_), first_);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->summary.value_or(""), "Walk daily.");
  EXPECT_EQ(summary->encounter.department, "cardiology");
  EXPECT_EQ(ErrorCode(desk_->Summary(ActorOf(patient2_), first_).status()), "access_denied");
  auto records = vault_->List(ActorOf(clinician_), patient_.patient_pseudonym, "Encounter");
  ASSERT_EQ(records->size(), 1u);
  EXPECT_NE(records->front().json.find("\"VR\""), std::string::npos);
}

TEST_F(VisitDeskTest, UnsharedSummaryStaysWithTheClinician) {
  ASSERT_TRUE(CheckIn(patient_, first_).ok());
  ASSERT_TRUE(desk_->Admit(ActorOf(clinician_), first_).ok());
  ASSERT_TRUE(desk_->End(ActorOf(clinician_), first_, {"note", "private", false}).ok());
  auto summary = desk_->Summary(ActorOf(patient_), first_);
  ASSERT_TRUE(summary.ok());
  EXPECT_FALSE(summary->summary.has_value());
}

TEST_F(VisitDeskTest, MessagesDeferAndNoShow) {
  EXPECT_EQ(ErrorCode(desk_->PostMessage(ActorOf(patient_), first_, "A", "hi").status()),
            "not_checked_in");
  ASSERT_TRUE(CheckIn(patient_, first_).ok());
  ASSERT_TRUE(CheckIn(patient2_, second_).ok());
  EXPECT_EQ(ErrorCode(desk_->PostMessage(ActorOf(patient_), first_, "A", "").status()),
            "invalid_message");
  ASSERT_TRUE(desk_->PostMessage(ActorOf(patient_), first_, "Alex", "I am here").ok());
  auto reply = desk_->PostMessage(ActorOf(nurse_), first_, "Nurse", "Thanks");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->from, "staff");
  EXPECT_EQ(desk_->Get(ActorOf(patient_), first_)->messages.size(), 2u);

  EXPECT_EQ(ErrorCode(desk_->Defer(ActorOf(nurse_), first_, 0).status()), "invalid_minutes");
  auto deferred = desk_->Defer(ActorOf(nurse_), first_, 10);
  ASSERT_TRUE(deferred.ok());
  EXPECT_EQ(deferred->position, 2);
  EXPECT_EQ(deferred->messages.back().from, "staff");
  EXPECT_EQ(ErrorCode(desk_->Defer(ActorOf(student_), first_, 10).status()), "access_denied");

  auto no_show = desk_->MarkNoShow(ActorOf(nurse_), second_);
  ASSERT_TRUE(no_show.ok()) << no_show.status();
  EXPECT_EQ(no_show->state, VisitState::kNoShow);
  EXPECT_EQ(store_->FindAppointment(second_)->status, "noshow");
  EXPECT_EQ(desk_->Get(ActorOf(patient_), first_)->position, 1);
  EXPECT_EQ(ErrorCode(CheckIn(patient2_, second_).status()), "visit_ended");
}

TEST_F(VisitDeskTest, DashboardIsForStaffAndAuditedOncePerChange) {
  EXPECT_EQ(ErrorCode(desk_->DashboardFor(ActorOf(patient_)).status()), "access_denied");
  EXPECT_EQ(ErrorCode(desk_->DashboardFor(ActorOf(student_)).status()), "access_denied");
  ASSERT_TRUE(desk_->DashboardFor(ActorOf(clinician_)).ok());
  const int64_t audits = AuditCount();
  ASSERT_TRUE(desk_->DashboardFor(ActorOf(clinician_)).ok());
  EXPECT_EQ(AuditCount(), audits);
  ASSERT_TRUE(CheckIn(patient_, first_).ok());  // audited check-in
  ASSERT_TRUE(desk_->DashboardFor(ActorOf(clinician_)).ok());
  EXPECT_EQ(AuditCount(), audits + 1);  // the same appointments: no new read record
  EXPECT_TRUE(desk_->DashboardFor(ActorOf(other_clinician_))->queue.empty());
  EXPECT_EQ(desk_->DashboardFor(ActorOf(nurse_))->queue.size(), 1u);
}

// Finding 5: the desk reads the record through the vault's care policy; a
// nurse of another department and an admin see neither queue nor summary.
TEST_F(VisitDeskTest, OnlyTheCareTeamSeesTheVisit) {
  ASSERT_TRUE(store_->UpsertDepartment({"dermatology", "Dermatology"}).ok());
  const UserRow other_nurse = AddUser("nurse2", "nurse");
  ASSERT_TRUE(
      store_->AddAvailability({other_nurse.id, "dermatology", 7, 9 * 60, 10 * 60, 30}).ok());
  const UserRow admin = AddUser("admin1", "admin");
  ASSERT_TRUE(CheckIn(patient_, first_).ok());
  ASSERT_TRUE(desk_->PostMessage(ActorOf(patient_), first_, "Alex", "private words").ok());
  EXPECT_TRUE(desk_->DashboardFor(ActorOf(other_nurse))->queue.empty());
  EXPECT_EQ(ErrorCode(desk_->DashboardFor(ActorOf(admin)).status()), "access_denied");
  EXPECT_EQ(ErrorCode(desk_->Get(ActorOf(other_nurse), first_).status()), "access_denied");
  EXPECT_EQ(ErrorCode(desk_->Get(ActorOf(admin), first_).status()), "access_denied");
  ASSERT_TRUE(desk_->Admit(ActorOf(clinician_), first_).ok());
  EndOfVisit end;
  end.note = "synthetic note";
  end.summary = "rest and fluids";
  end.share_summary = true;
  ASSERT_TRUE(desk_->End(ActorOf(clinician_), first_, end).ok());
  EXPECT_TRUE(desk_->Summary(ActorOf(patient_), first_).ok());
  EXPECT_EQ(ErrorCode(desk_->Summary(ActorOf(other_nurse), first_).status()), "access_denied");
  EXPECT_EQ(ErrorCode(desk_->Summary(ActorOf(admin), first_).status()), "access_denied");
}

TEST_F(VisitDeskTest, InviteIssuesAGuestLinkForTheVisit) {
  auto link = desk_->Invite(ActorOf(clinician_), first_);
  ASSERT_TRUE(link.ok()) << link.status();
  EXPECT_EQ(link->purpose, "appointment:" + std::to_string(first_));
  EXPECT_EQ(ErrorCode(desk_->Invite(ActorOf(patient_), first_).status()), "access_denied");
}

}  // namespace
}  // namespace mc::care
