// The realtime wire protocol (WebSocket /ws, binary frames): message types,
// their decoded forms, and the codec. docs/protocol.md is the byte-by-byte
// specification; tests/vectors/protocol/ holds the golden vectors that this
// codec and the browser client both test against.
//
// Every frame is one message: a one-byte type, then that type's fields,
// little-endian, with nothing after the last field. Client->server types are
// 0x01..0x3f, server->client types 0x81..0xbf.
//
// Positions travel quantized against the bounds of the space the sender is
// in (16 bits per axis; spaces are at most 655 m on a side, so a step is at
// most 1 cm); rotations travel as 32-bit "smallest three". The codec works on
// quantized values; world.h turns them into metres.
//
// Decoding never reads past the frame and rejects anything it does not fully
// understand. Decode errors carry one of three stable codes, each mapped to a
// WebSocket close code by CloseCodeForDecodeError:
//   "malformed_frame"  truncated, trailing bytes, bad enum    -> 1002
//   "unknown_message"  a type this version does not define   -> 1003
//   "invalid_utf8"     a text field that is not UTF-8        -> 1007
// All functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"
#include "world/geometry.h"

namespace mc::world::protocol {

// The versions this codec speaks; see docs/protocol.md "Compatibility".
inline constexpr uint16_t kVersion = 7;
inline constexpr uint16_t kMinVersion = 1;
// The first version with sim_action / sim_state (the body explorer).
inline constexpr uint16_t kSimulationVersion = 2;
// The first version with sim_action "therapy" (a clinician's own settings).
inline constexpr uint16_t kTherapyVersion = 3;
// The first version with personal sessions: accept_invite, sim_invite,
// sim_log and sim_action "insulin_confirmed" / "invite".
inline constexpr uint16_t kSharedSessionVersion = 4;
// The first version with avatar_style / activity / avatar_info: chosen
// appearance and the typing and speaking indicators.
inline constexpr uint16_t kAvatarVersion = 5;
// The first version with activity bits voice, muted and seated (proximity
// voice and sitting down).
inline constexpr uint16_t kVoiceVersion = 6;
// The first version with signal_refused: a refused signal names its peer
// (earlier versions get `error`, and match it to the last signal sent).
inline constexpr uint16_t kSignalRefusedVersion = 7;

enum class MessageType : uint8_t {
  // client -> server
  kHello = 0x01,
  kJoin = 0x02,
  kLeave = 0x03,
  kPose = 0x04,
  kChat = 0x05,
  kSetPresence = 0x06,
  kEmote = 0x07,
  kUsePortal = 0x08,
  kSignal = 0x09,
  kPing = 0x0a,
  kSettings = 0x0b,
  kSimAction = 0x0c,     // version 2
  kAcceptInvite = 0x0d,  // version 4
  kAvatarStyle = 0x0e,   // version 5
  kActivity = 0x0f,      // version 5
  // server -> client
  kWelcome = 0x81,
  kJoined = 0x82,
  kLeft = 0x83,
  kSnapshot = 0x84,
  kChatMessage = 0x85,
  kPresence = 0x86,
  kEmoted = 0x87,
  kSignalRelay = 0x88,
  kError = 0x89,
  kPong = 0x8a,
  kCorrection = 0x8b,
  kSimState = 0x8c,    // version 2
  kSimInvite = 0x8d,   // version 4
  kSimLog = 0x8e,      // version 4
  kAvatarInfo = 0x8f,  // version 5
  kSignalRefused = 0x90,  // version 7
};

// ---- quantization -------------------------------------------------------

// Largest extent of a space on any axis so that a 16-bit step is <= 1 cm.
inline constexpr float kMaxSpaceExtentM = 655.0f;

// `value` clamped into [min, max] and mapped onto 0..65535.
uint16_t QuantizeAxis(float value, float min, float max);
float DequantizeAxis(uint16_t quantized, float min, float max);

// Smallest three: bits 31-30 index (x,y,z,w = 0..3) of the largest
// component, which is made positive and dropped; the other three, in x,y,z,w
// order, as 10-bit values over [-1/sqrt2, +1/sqrt2]. Zero-length input packs
// as the identity.
uint32_t PackRotation(const Quat& rotation);
Quat UnpackRotation(uint32_t packed);

// A position quantized inside some space's bounds plus a packed rotation.
struct Transform {
  uint16_t x = 0;
  uint16_t y = 0;
  uint16_t z = 0;
  uint32_t rotation = 0;
  bool operator==(const Transform&) const = default;
};

struct QuantizedPosition {
  uint16_t x = 0, y = 0, z = 0;
};
QuantizedPosition QuantizePosition(const Vec3& position, const Box3& bounds);
Vec3 DequantizePosition(uint16_t x, uint16_t y, uint16_t z, const Box3& bounds);

// ---- enums carried on the wire -----------------------------------------

enum class ChatScope : uint8_t { kSpace = 0, kNearby = 1, kDirect = 2 };
enum class PresenceStatus : uint8_t {
  kAvailable = 0,
  kAway = 1,
  kBusy = 2,
  kInCall = 3
};
enum class SignalKind : uint8_t { kOffer = 0, kAnswer = 1, kIce = 2, kBye = 3 };
enum class EntityKind : uint8_t {
  kPerson = 0,
  kStaff = 1,
  kGuest = 2,
  kBot = 3
};
enum class LeftReason : uint8_t {
  kRequested = 0,  // the client sent Leave (or joined another space)
  kPortal = 1,     // the client went through a portal
  kRemoved = 2,    // membership revoked or the space was closed
};

// sim_action's action (version 2); `amount` is in the unit named.
enum class SimActionKind : uint8_t {
  kEat = 0,                // grams of carbohydrate
  kInsulin = 1,            // tenths of a unit
  kSkipInsulin = 2,        // amount 0
  kWalk = 3,               // minutes
  kPause = 4,              // amount 0
  kResume = 5,             // amount 0
  kSetSpeed = 6,           // simulated seconds per wall second
  kJumpAhead = 7,          // simulated minutes
  kChoosePatient = 8,      // a SimPatient; restarts the session
  kTherapy = 9,            // version 3: amount 0, then the three fields below
  kInsulinConfirmed = 10,  // version 4: tenths of a unit, danger confirmed
  kInvite = 11,            // version 4: amount 0; answered with SimInvite
};
inline constexpr uint8_t kMaxSimAction = 11;
// A therapy field the sender leaves at the virtual patient's own value.
inline constexpr uint16_t kTherapyUnset = 0xffff;
enum class SimPatient : uint8_t { kChild = 0, kAdolescent = 1, kAdult = 2 };
// sim_state event kinds, as glucose::SessionEventKind.
enum class SimEventKind : uint8_t {
  kMeal = 0,
  kInsulin = 1,
  kSkippedInsulin = 2,
  kWalk = 3,
  kJump = 4,
};

// sim_log entry kinds (version 4): 0..9 are the SimActionKind accepted
// (insulin_confirmed is logged as kInsulin), then people coming and going.
enum class SimLogKind : uint8_t {
  kEat = 0,
  kInsulin = 1,
  kSkipInsulin = 2,
  kWalk = 3,
  kPause = 4,
  kResume = 5,
  kSetSpeed = 6,
  kJumpAhead = 7,
  kChoosePatient = 8,
  kTherapy = 9,
  kJoined = 10,
  kLeft = 11,
  kInvited = 12,
};
inline constexpr uint8_t kMaxSimLogKind = 12;

// Avatar appearance (version 5): indices into the browser's palette and
// body shapes. The codec carries any u8; the world refuses values at or
// above these counts with "invalid_avatar_style" (tests/vectors/protocol/
// index.json "limits" holds the same numbers for the browser).
inline constexpr uint8_t kAvatarColourCount = 8;
inline constexpr uint8_t kAvatarShapeCount = 3;
// activity / avatar_info flag bits: typing and speaking (version 5); voice
// (takes part in proximity voice), muted (voice on, microphone off) and
// seated (version 6).
inline constexpr uint8_t kActivityTyping = 0x01;
inline constexpr uint8_t kActivitySpeaking = 0x02;
inline constexpr uint8_t kActivityVoice = 0x04;
inline constexpr uint8_t kActivityMuted = 0x08;
inline constexpr uint8_t kActivitySeated = 0x10;
inline constexpr uint8_t kActivityFlagsV5 = kActivityTyping | kActivitySpeaking;
inline constexpr uint8_t kActivityFlags =
    kActivityFlagsV5 | kActivityVoice | kActivityMuted | kActivitySeated;

// Proximity voice (version 6): a person may open voice with those within
// kVoiceRadiusM; the server relays their signaling up to kVoiceReleaseM (the
// browser hangs up beyond it), and the browser keeps at most kVoiceMaxPeers
// connections (the nearest).
inline constexpr float kVoiceRadiusM = 8.0f;
inline constexpr float kVoiceReleaseM = 10.0f;
inline constexpr int kVoiceMaxPeers = 6;

// Hello/Settings flag bits.
inline constexpr uint8_t kFlagLowData = 0x01;

// ---- client -> server ---------------------------------------------------

struct Hello {
  uint16_t min_version = kMinVersion;
  uint16_t max_version = kVersion;
  uint8_t flags = 0;
};
struct Join {
  std::string space;  // <= 255 bytes
};
struct Leave {};
struct AvatarPose {
  Transform body;
  Transform head;
  bool has_hands = false;
  Transform left_hand;
  Transform right_hand;
  bool operator==(const AvatarPose&) const = default;
};
struct Pose {
  uint32_t sequence = 0;
  AvatarPose pose;
};
struct Chat {
  ChatScope scope = ChatScope::kSpace;
  uint32_t target = 0;  // entity id for kDirect, else 0
  std::string text;     // UTF-8
};
struct SetPresence {
  PresenceStatus status = PresenceStatus::kAvailable;
};
struct Emote {
  uint8_t emote = 0;
};
struct UsePortal {
  std::string portal;
};
struct Signal {
  SignalKind kind = SignalKind::kOffer;
  uint32_t peer = 0;
  std::string payload;  // UTF-8 (SDP or an ICE candidate as JSON)
};
struct Ping {
  uint32_t nonce = 0;
};
struct Settings {
  uint8_t flags = 0;
};

// Drives the glucose simulation of the client's space (version 2).
struct SimAction {
  SimActionKind action = SimActionKind::kEat;
  uint32_t amount = 0;
  // kTherapy only (on the wire after `amount`), kTherapyUnset when not set:
  uint16_t carb_ratio = kTherapyUnset;         // g per unit x10 (10..1500)
  uint16_t correction_factor = kTherapyUnset;  // mg/dL per unit x10 (10..5000)
  uint16_t basal_rate = kTherapyUnset;         // U/h x100 (0..2000)
};

// Accepts an invite to someone's body-explorer session (version 4): the
// sender becomes a member of it and joins it.
struct AcceptInvite {
  std::string code;  // as SimInvite gave it, <= 255 bytes
};

// The sender's chosen appearance (version 5); kept for the session and
// relayed as avatar_info. 0/0 is the default everyone starts with.
struct AvatarStyle {
  uint8_t colour = 0;  // < kAvatarColourCount
  uint8_t shape = 0;   // < kAvatarShapeCount
  bool operator==(const AvatarStyle&) const = default;
};
// The sender is typing in chat / speaking (version 5); kActivity* bits.
struct Activity {
  uint8_t flags = 0;
};

using ClientMessage =
    std::variant<Hello, Join, Leave, Pose, Chat, SetPresence, Emote, UsePortal,
                 Signal, Ping, Settings, SimAction, AcceptInvite, AvatarStyle,
                 Activity>;

// ---- server -> client ---------------------------------------------------

struct Welcome {
  uint16_t version = kVersion;
  uint64_t server_time_ms = 0;  // Unix ms
  uint32_t entity = 0;          // the client's own entity id
  uint16_t tick_interval_ms = 50;
  uint32_t byte_budget_per_second = 0;
};
struct Joined {
  std::string space;
  Box3 bounds;
  Transform spawn;  // the client's starting body transform
};
struct Left {
  std::string space;
  LeftReason reason = LeftReason::kRequested;
};

// Snapshot record flag bits (docs/protocol.md "Snapshot").
inline constexpr uint8_t kRecordBodyPosition = 0x01;
inline constexpr uint8_t kRecordBodyRotation = 0x02;
inline constexpr uint8_t kRecordHeadPosition = 0x04;
inline constexpr uint8_t kRecordHeadRotation = 0x08;
inline constexpr uint8_t kRecordHands = 0x10;
inline constexpr uint8_t kRecordDelta = 0x20;
inline constexpr uint8_t kRecordEntered = 0x40;
inline constexpr uint8_t kRecordLeft = 0x80;

// One snapshot record, decoded. Positions of a delta record are signed
// differences from the last values sent for that entity.
struct SnapshotRecord {
  uint32_t entity = 0;
  uint8_t flags = 0;
  // kRecordEntered only:
  EntityKind kind = EntityKind::kPerson;
  PresenceStatus status = PresenceStatus::kAvailable;
  std::string name;
  // Fields named by `flags`:
  int32_t body_position[3] = {0, 0, 0};
  uint32_t body_rotation = 0;
  int32_t head_position[3] = {0, 0, 0};
  uint32_t head_rotation = 0;
  bool has_hands = false;  // kRecordHands: whether hands follow
  Transform left_hand;
  Transform right_hand;
};
struct Snapshot {
  uint32_t tick = 0;
  uint32_t ack_sequence = 0;  // newest Pose sequence applied for this client
  std::vector<SnapshotRecord> records;
};
struct ChatMessage {
  ChatScope scope = ChatScope::kSpace;
  uint32_t from = 0;
  std::string from_name;
  std::string text;
};
struct Presence {
  uint32_t entity = 0;
  PresenceStatus status = PresenceStatus::kAvailable;
};
struct Emoted {
  uint32_t entity = 0;
  uint8_t emote = 0;
};
struct SignalRelay {
  SignalKind kind = SignalKind::kOffer;
  uint32_t from = 0;
  std::string payload;
};
struct Error {
  uint8_t in_reply_to = 0;  // the message type that failed, or 0
  std::string code;         // stable, e.g. "staff_only"
  std::string message;      // for people
};
struct Pong {
  uint32_t nonce = 0;
  uint64_t server_time_ms = 0;
};
struct Correction {
  uint32_t sequence = 0;  // the Pose that was corrected
  Transform body;         // where the server put the body instead
};

// sim_state flag bits.
inline constexpr uint8_t kSimPaused = 0x01;
inline constexpr uint8_t kSimWalking = 0x02;

// One glucose simulation's whole state (version 2), fixed-point: mg/dL and
// grams x10, fluxes (mg/kg/min) x1000, insulin on board (U) x100, GMI (%)
// x100, time in range in per mille. Values beyond a u16 are clamped.
struct SimTracePoint {
  uint16_t bg = 0;   // mg/dL x10
  uint16_t cgm = 0;  // mg/dL x10
  bool operator==(const SimTracePoint&) const = default;
};
struct SimEvent {
  uint32_t t_min = 0;
  SimEventKind kind = SimEventKind::kMeal;
  uint16_t amount = 0;  // grams, units or minutes x10
  bool operator==(const SimEvent&) const = default;
};
struct SimState {
  uint32_t t_min = 0;
  uint8_t flags = 0;
  SimPatient patient = SimPatient::kAdolescent;
  uint16_t speed = 0;
  uint16_t bg = 0;
  uint16_t cgm = 0;
  uint16_t liver_egp = 0;
  uint16_t gut_ra = 0;
  uint16_t muscle_fat_uid = 0;
  uint16_t brain_fsnc = 0;
  uint16_t kidney_e = 0;
  uint16_t insulin_on_board = 0;
  uint16_t uneaten_meal = 0;
  uint16_t gmi = 0;
  uint16_t time_in_range = 0;
  uint32_t trace_start_min = 0;      // of trace[0]; then every 5 minutes
  std::vector<SimTracePoint> trace;  // <= 65535
  std::vector<SimEvent> events;      // <= 255
  bool operator==(const SimState&) const = default;
};

// The answer to sim_action "invite" (version 4): a single-use code that
// lets one other signed-in person into the sender's session.
struct SimInvite {
  std::string code;
  uint32_t expires_in_s = 0;
  bool operator==(const SimInvite&) const = default;
};

// sim_log flag bits.
inline constexpr uint8_t kSimLogYours = 0x01;  // the recipient owns it

// Who did what in this session (version 4), oldest first.
struct SimLogEntry {
  uint32_t t_min = 0;  // simulated minute it happened at
  SimLogKind kind = SimLogKind::kEat;
  uint32_t amount = 0;  // the action's amount, as in sim_action
  std::string actor;    // display name, <= 64 bytes
  bool operator==(const SimLogEntry&) const = default;
};
struct SimLog {
  std::string owner;  // whose session ("" for a shared space)
  uint8_t flags = 0;
  std::vector<SimLogEntry> entries;  // <= 255
  bool operator==(const SimLog&) const = default;
};

// One avatar's appearance and activity (version 5), sent on join for the
// others in the space and to the space when it changes.
struct AvatarInfo {
  uint32_t entity = 0;
  AvatarStyle style;
  uint8_t activity = 0;  // kActivity* bits
  bool operator==(const AvatarInfo&) const = default;
};

// A signal the server did not relay (version 7), naming the peer it was for,
// so the browser shows the refusal against that person. Same codes as the
// `error` an older session gets instead.
struct SignalRefused {
  SignalKind kind = SignalKind::kOffer;
  uint32_t peer = 0;
  std::string code;     // stable, e.g. "voice_out_of_range"
  std::string message;  // for people
  bool operator==(const SignalRefused&) const = default;
};

using ServerMessage =
    std::variant<Welcome, Joined, Left, Snapshot, ChatMessage, Presence, Emoted,
                 SignalRelay, Error, Pong, Correction, SimState, SimInvite,
                 SimLog, AvatarInfo, SignalRefused>;

// ---- codec ---------------------------------------------------------------

// The message in `frame`, or a decode error (see the top of this file).
// A server->client type sent by a client is "unknown_message".
StatusOr<ClientMessage> DecodeClientMessage(std::string_view frame);
StatusOr<ServerMessage> DecodeServerMessage(std::string_view frame);

// The WebSocket close code for a decode error (1002, 1003 or 1007).
int CloseCodeForDecodeError(const Status& status);

// Encoders. REQUIRES: strings fit their length prefix (str8 <= 255 bytes,
// str16 <= 65535); longer ones are truncated at a UTF-8 boundary.
std::string Encode(const ClientMessage& message);
std::string Encode(const ServerMessage& message);

// The encoded size of `record` inside a snapshot.
size_t RecordSize(const SnapshotRecord& record);

// Builds a Snapshot frame record by record, so the world can stop at a byte
// budget without building the records twice.
class SnapshotWriter {
 public:
  SnapshotWriter() = default;
  // Starts a frame; `expected_bytes` reserves room for it up front.
  void Reset(uint32_t tick, uint32_t ack_sequence, size_t expected_bytes = 0);
  void Add(const SnapshotRecord& record);
  size_t size() const { return frame_.size(); }
  uint16_t record_count() const { return record_count_; }
  // The finished frame; the writer must be Reset before reuse.
  std::string Finish();
  // The same, swapped into `out`: out's old buffer becomes the writer's, so
  // a caller that keeps passing the same string allocates nothing.
  void Finish(std::string& out);

  static constexpr size_t kHeaderSize = 11;  // type, tick, ack, count

 private:
  std::string frame_;
  uint16_t record_count_ = 0;
};

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValidUtf8(std::string_view text);

// The wire name of a message type ("pose", "snapshot", ...), "unknown" else.
std::string_view MessageTypeName(uint8_t type);

}  // namespace mc::world::protocol
