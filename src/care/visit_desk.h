// The visit desk: the live side of an appointment, from check-in to the end
// of the consultation.
//
// A patient (or the visit-link guest of the appointment) checks in with the
// result of their device check and consent; they then wait in their
// clinician's queue, which is ordered by arrival. Their client polls the
// visit (Get), which is also their heartbeat: a patient not seen for
// kQueueKeepMs loses the place ("left"); one who comes back earlier keeps
// it. Care staff see the queue on a dashboard, acknowledge arrivals (the
// client's alert repeats until then), message, defer, mark a no-show, and
// the appointment's clinician admits: that opens a members-only consult room
// (ConsultRooms, a private realtime space) for the patient, the clinician and
// the appointment's guests. The clinician ends the visit with a note: an
// Encounter (class VR) and a ClinicalNote are written through the vault, the
// appointment becomes "fulfilled", and the room is closed.
//
// What is stored: check-in, admission, deferral, no-show and the end are
// audited; the encounter and the note are encrypted vault records. The queue,
// the device check and the visit's messages live in memory only: a server
// restart empties the waiting room (appointments, encounters and notes stay),
// and messages are never written to disk.
//
// Threading: thread-safe; one mutex guards the visits (store, vault and room
// calls are made while holding it; none of them call back).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "auth/visit_links.h"
#include "care/scheduling.h"
#include "core/clock.h"
#include "core/status.h"
#include "records/actor.h"
#include "records/audit_log.h"
#include "records/vault.h"
#include "store/scheduling_store.h"
#include "store/user_store.h"

namespace mc::care {

inline constexpr int64_t kCheckInEarlyMs = 60 * kMillisecondsPerMinute;
inline constexpr int64_t kQueueKeepMs = 2 * kMillisecondsPerMinute;
inline constexpr int64_t kOnlineMs = 15 * 1000;
inline constexpr size_t kMaxMessageBytes = 500;
inline constexpr size_t kMaxMessagesPerVisit = 200;
inline constexpr size_t kMaxNoteBytes = 20000;
inline constexpr size_t kMaxSummaryBytes = 5000;
inline constexpr int kMaxDeferMinutes = 120;
inline constexpr char kEncounterRecordType[] = "Encounter";
inline constexpr char kNoteRecordType[] = "ClinicalNote";

// What the patient's device check found. camera/microphone: "ok", "denied",
// "missing" or "skipped"; speaker: "ok" or "not_confirmed";
// connection_rtt_ms: -1 when not measured.
struct DeviceCheck {
  std::string camera = "skipped";
  std::string microphone = "skipped";
  std::string speaker = "not_confirmed";
  int64_t connection_rtt_ms = -1;
};

// InvalidArgument ("invalid_device_check") naming the field.
Status ValidateDeviceCheck(const DeviceCheck& device);

struct VisitMessage {
  int64_t id = 0;
  std::string from;  // "patient" or "staff"
  std::string name;
  std::string text;
  int64_t at_unix_ms = 0;
};

// How a patient chose to meet (issue 16 "1:1 therapy"), at check-in: in the
// department's consult room, or, in mental health, on the quiet beach or
// in the forest (the private room is an instance of therapy-beach /
// therapy-forest); and whether to talk as avatars only (camera off), which
// both sides are shown.
enum class MeetingPlace { kConsultRoom, kBeach, kForest };
std::string_view MeetingPlaceName(MeetingPlace place);  // "room" | "beach" | "forest"
// InvalidArgument ("invalid_place") for another name.
StatusOr<MeetingPlace> ParseMeetingPlace(std::string_view name);
// The department whose visits may meet on the beach or in the forest.
inline constexpr std::string_view kCalmPlacesDepartment = "mental-health";

struct MeetingChoices {
  MeetingPlace place = MeetingPlace::kConsultRoom;
  bool avatars_only = false;
};

enum class VisitState { kNotCheckedIn, kWaiting, kAdmitted, kEnded, kNoShow, kLeft };
std::string_view VisitStateName(VisitState state);

// One visit as a caller sees it at one moment.
struct VisitView {
  AppointmentRow appointment;
  std::string department_name;
  std::string clinician_name;
  std::string patient_name;  // "" when the record has no account
  VisitState state = VisitState::kNotCheckedIn;
  int64_t checked_in_unix_ms = 0;
  int position = 0;  // 1-based, in the clinician's queue, while waiting
  int ahead = 0;
  int estimated_wait_minutes = 0;
  bool online = false;
  int64_t waited_seconds = 0;
  bool acknowledged = false;
  DeviceCheck device;
  MeetingChoices meeting;
  std::string room;  // the consult room while admitted
  std::vector<VisitMessage> messages;
  bool summary_available = false;
};

// A private realtime room for a consultation (the world's members-only
// instances; app/ adapts World to this).
struct ConsultRoomRequest {
  std::string template_space;  // "<department>-consult"
  int64_t patient_user_id = 0;  // 0 when the patient has no account
  int64_t clinician_user_id = 0;
  std::string guest_purpose;  // "appointment:<id>": the visit's guests
};

class ConsultRooms {
 public:
  virtual ~ConsultRooms() = default;
  // Returns the new room's id (at least 128 random bits).
  virtual StatusOr<std::string> Open(const ConsultRoomRequest& request) = 0;
  // Closes the room; everyone inside is moved out.
  virtual Status Close(const std::string& room) = 0;
};

struct EndOfVisit {
  std::string note;     // required, at most kMaxNoteBytes
  std::string summary;  // what the patient may read, at most kMaxSummaryBytes
  bool share_summary = false;
};

struct EncounterView {
  std::string id;  // vault record id
  std::string start;  // ISO 8601 UTC, as in the FHIR document
  std::string end;
  std::string department;
  std::vector<std::pair<std::string, std::string>> participants;  // role, name
};

struct EndedVisit {
  VisitView visit;
  EncounterView encounter;
  std::string note_id;
};

struct VisitSummary {
  VisitView visit;
  EncounterView encounter;
  std::optional<std::string> summary;  // only when the clinician shared it
};

struct Dashboard {
  std::vector<Appointment> today;
  std::vector<std::string> today_patient_names;  // parallel to today; "" if unknown
  std::vector<VisitView> queue;  // waiting and admitted, in queue order
  int unacknowledged = 0;
};

class VisitDesk {
 public:
  VisitDesk(SchedulingStore& store, UserStore& users, Vault& vault, AuditLog& audit, Scheduling& scheduling,
            VisitLinks& visit_links, ConsultRooms& rooms, const Clock& clock);

  // The patient of appointment `id` (or its visit-link guest) arrives.
  // InvalidArgument ("consent_required", "invalid_device_check"); NotFound
  // ("appointment_not_found"); PermissionDenied ("access_denied");
  // FailedPrecondition ("check_in_not_open", "appointment_over",
  // "appointment_cancelled", "visit_ended"); InvalidArgument
  // ("place_not_offered") for the beach or the forest outside mental health.
  // Checking in again while waiting keeps the place in the queue and
  // replaces the device check and the meeting choices.
  StatusOr<VisitView> CheckIn(const Actor& actor, int64_t id,
                              const DeviceCheck& device, bool consent,
                              const MeetingChoices& meeting = {});

  // The visit; for the patient side also the heartbeat. Care staff or the
  // patient side only (PermissionDenied "access_denied").
  StatusOr<VisitView> Get(const Actor& actor, int64_t id);

  // The patient side gives up its place in the queue: the visit is "left"
  // (the dashboard no longer lists it) and may be checked in again later, at
  // the back. Only the patient side, never staff for them (PermissionDenied
  // "access_denied", audited as a denied "visit.leave"); FailedPrecondition
  // ("not_waiting") unless waiting. Audited as "visit.leave".
  StatusOr<VisitView> Leave(const Actor& actor, int64_t id);

  // A message between the patient side and the desk. InvalidArgument
  // ("invalid_message"); FailedPrecondition ("not_checked_in",
  // "too_many_messages").
  StatusOr<VisitMessage> PostMessage(const Actor& actor, int64_t id,
                                     const std::string& author_name,
                                     const std::string& text);

  // Today's appointments and the live queue: a clinician's own, or every
  // clinician's for a nurse or an admin. Care staff and admins only.
  StatusOr<Dashboard> DashboardFor(const Actor& actor);

  // Care staff. FailedPrecondition ("not_checked_in").
  StatusOr<VisitView> Acknowledge(const Actor& actor, int64_t id);
  // The appointment's clinician. FailedPrecondition ("not_waiting").
  StatusOr<VisitView> Admit(const Actor& actor, int64_t id);
  // Care staff: back of the queue, with a message saying how long.
  // InvalidArgument ("invalid_minutes"); FailedPrecondition ("not_waiting").
  StatusOr<VisitView> Defer(const Actor& actor, int64_t id, int minutes);
  // Care staff: the appointment concludes as "noshow".
  StatusOr<VisitView> MarkNoShow(const Actor& actor, int64_t id);
  // The appointment's clinician: a visit link for an interpreter or a family
  // member, who may then join the room. FailedPrecondition ("visit_ended").
  StatusOr<IssuedVisitLink> Invite(const Actor& actor, int64_t id);
  // The appointment's clinician, while admitted. InvalidArgument
  // ("invalid_note", "invalid_summary"); FailedPrecondition ("not_admitted").
  StatusOr<EndedVisit> End(const Actor& actor, int64_t id,
                           const EndOfVisit& end);
  // The patient side or care staff, after the end. NotFound
  // ("summary_not_found").
  StatusOr<VisitSummary> Summary(const Actor& actor, int64_t id);

 private:
  struct Visit {
    VisitState state = VisitState::kWaiting;
    int64_t sequence = 0;  // queue order
    // From the appointment, which never changes them: the queue and the
    // estimate need no store lookups.
    int64_t clinician_user_id = 0;
    int64_t slot_ms = 0;
    int64_t checked_in_unix_ms = 0;
    int64_t last_seen_unix_ms = 0;
    int64_t admitted_unix_ms = 0;
    bool acknowledged = false;
    DeviceCheck device;
    MeetingChoices meeting;
    std::string room;
    std::vector<VisitMessage> messages;
  };
  struct Loaded {
    AppointmentRow row;
    bool patient_side = false;
    bool staff = false;
    bool own_clinician = false;
  };

  StatusOr<Loaded> Load(const Actor& actor, int64_t id, const std::string& action);
  Status Deny(const Actor& actor, const std::string& action,
              const AppointmentRow& row);
  Status Audit(const Actor& actor, const std::string& action,
               const AppointmentRow& row);
  void ExpireLocked(int64_t now);
  // The visit `id` while its patient waits; FailedPrecondition
  // ("not_waiting") otherwise.
  StatusOr<Visit*> WaitingLocked(int64_t id, int64_t now);
  VisitView ViewLocked(const AppointmentRow& row, bool for_staff, int64_t now);
  StatusOr<std::optional<VaultRecord>> FindEncounter(const Actor& actor,
                                                     const AppointmentRow& row);

  SchedulingStore& store_;
  UserStore& users_;
  Vault& vault_;
  AuditLog& audit_;
  Scheduling& scheduling_;
  VisitLinks& visit_links_;
  ConsultRooms& rooms_;
  const Clock& clock_;

  std::mutex mutex_;
  std::map<int64_t, Visit> visits_;  // by appointment id
  std::set<int64_t> guests_invited_;  // appointments with a guest link or guest
  int64_t next_sequence_ = 1;
  int64_t next_message_id_ = 1;
  // The queue each staff member last saw, so a dashboard read is audited
  // once per change rather than once per poll.
  std::map<int64_t, std::set<int64_t>> dashboard_seen_;
};

}  // namespace mc::care
