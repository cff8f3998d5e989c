// Decoding (and the value encodings shared by both directions); encoding is
// in protocol_encode.cpp.
#include "world/protocol.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "fmt/format.h"

namespace mc::world::protocol {
namespace {

constexpr float kRotationRange = 0.70710678f;  // 1/sqrt(2)
constexpr uint32_t kRotationSteps = 1023;

// ---- reading ----

Status Malformed(std::string_view what) {
  return InvalidArgument("malformed_frame", fmt::format("malformed {}", what));
}

class Reader {
 public:
  explicit Reader(std::string_view frame) : data_(frame) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return offset_ == data_.size(); }

  uint8_t U8() {
    if (!Need(1)) return 0;
    return static_cast<uint8_t>(data_[offset_++]);
  }
  uint16_t U16() {
    if (!Need(2)) return 0;
    uint16_t value = static_cast<uint8_t>(data_[offset_]) |
                     (static_cast<uint8_t>(data_[offset_ + 1]) << 8);
    offset_ += 2;
    return value;
  }
  uint32_t U32() {
    uint32_t low = U16();
    uint32_t high = U16();
    return low | (high << 16);
  }
  uint64_t U64() {
    uint64_t low = U32();
    uint64_t high = U32();
    return low | (high << 32);
  }
  float F32() {
    uint32_t bits = U32();
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }
  std::string Str8() { return Bytes(U8()); }
  std::string Str16() { return Bytes(U16()); }
  protocol::Transform Transform() {
    protocol::Transform transform;
    transform.x = U16();
    transform.y = U16();
    transform.z = U16();
    transform.rotation = U32();
    return transform;
  }

 private:
  bool Need(size_t count) {
    if (!ok_ || data_.size() - offset_ < count) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string Bytes(size_t count) {
    if (!Need(count)) return {};
    std::string value(data_.substr(offset_, count));
    offset_ += count;
    return value;
  }
  std::string_view data_;
  size_t offset_ = 0;
  bool ok_ = true;
};

// Common tail of every decoder: the whole frame and nothing more.
Status Finish(const Reader& reader, std::string_view what) {
  if (!reader.ok()) return Malformed(fmt::format("{}: truncated", what));
  if (!reader.AtEnd())
    return Malformed(fmt::format("{}: trailing bytes", what));
  return Status();
}

Status CheckText(std::string_view text, std::string_view what) {
  if (!IsValidUtf8(text)) {
    return InvalidArgument("invalid_utf8",
                           fmt::format("{} text is not valid UTF-8", what));
  }
  return Status();
}

template <typename T>
StatusOr<T> Done(T message, const Reader& reader, std::string_view what) {
  MC_RETURN_IF_ERROR(Finish(reader, what));
  return message;
}

Status UnknownType(uint8_t type) {
  return WithCode(
      absl::Status(absl::StatusCode::kUnimplemented,
                   fmt::format("unknown message type 0x{:02x}", type)),
      "unknown_message");
}

// ---- per-message decoding ----

StatusOr<ClientMessage> DecodeClient(Reader& reader, uint8_t type) {
  switch (static_cast<MessageType>(type)) {
    case MessageType::kHello: {
      Hello hello;
      hello.min_version = reader.U16();
      hello.max_version = reader.U16();
      hello.flags = reader.U8();
      if (hello.flags & ~kFlagLowData) return Malformed("hello: unknown flags");
      return Done<ClientMessage>(hello, reader, "hello");
    }
    case MessageType::kJoin: {
      Join join{reader.Str8()};
      MC_RETURN_IF_ERROR(Finish(reader, "join"));
      MC_RETURN_IF_ERROR(CheckText(join.space, "join space"));
      return ClientMessage(std::move(join));
    }
    case MessageType::kLeave:
      return Done<ClientMessage>(Leave{}, reader, "leave");
    case MessageType::kPose: {
      Pose pose;
      pose.sequence = reader.U32();
      const uint8_t flags = reader.U8();
      pose.pose.body = reader.Transform();
      pose.pose.head = reader.Transform();
      if (flags & ~0x01) return Malformed("pose: unknown flags");
      pose.pose.has_hands = flags & 0x01;
      if (pose.pose.has_hands) {
        pose.pose.left_hand = reader.Transform();
        pose.pose.right_hand = reader.Transform();
      }
      return Done<ClientMessage>(pose, reader, "pose");
    }
    case MessageType::kChat: {
      Chat chat;
      const uint8_t scope = reader.U8();
      chat.target = reader.U32();
      chat.text = reader.Str16();
      MC_RETURN_IF_ERROR(Finish(reader, "chat"));
      if (scope > 2) return Malformed("chat: unknown scope");
      chat.scope = static_cast<ChatScope>(scope);
      MC_RETURN_IF_ERROR(CheckText(chat.text, "chat"));
      return ClientMessage(std::move(chat));
    }
    case MessageType::kSetPresence: {
      const uint8_t status = reader.U8();
      MC_RETURN_IF_ERROR(Finish(reader, "set_presence"));
      if (status > 3) return Malformed("set_presence: unknown status");
      return ClientMessage(SetPresence{static_cast<PresenceStatus>(status)});
    }
    case MessageType::kEmote: {
      Emote emote{reader.U8()};
      return Done<ClientMessage>(emote, reader, "emote");
    }
    case MessageType::kUsePortal: {
      UsePortal portal{reader.Str8()};
      MC_RETURN_IF_ERROR(Finish(reader, "use_portal"));
      MC_RETURN_IF_ERROR(CheckText(portal.portal, "use_portal portal"));
      return ClientMessage(std::move(portal));
    }
    case MessageType::kSignal: {
      Signal signal;
      const uint8_t kind = reader.U8();
      signal.peer = reader.U32();
      signal.payload = reader.Str16();
      MC_RETURN_IF_ERROR(Finish(reader, "signal"));
      if (kind > 3) return Malformed("signal: unknown kind");
      signal.kind = static_cast<SignalKind>(kind);
      MC_RETURN_IF_ERROR(CheckText(signal.payload, "signal payload"));
      return ClientMessage(std::move(signal));
    }
    case MessageType::kPing: {
      Ping ping{reader.U32()};
      return Done<ClientMessage>(ping, reader, "ping");
    }
    case MessageType::kSettings: {
      Settings settings{reader.U8()};
      MC_RETURN_IF_ERROR(Finish(reader, "settings"));
      if (settings.flags & ~kFlagLowData)
        return Malformed("settings: unknown flags");
      return ClientMessage(settings);
    }
    case MessageType::kSimAction: {
      const uint8_t action = reader.U8();
      const uint32_t amount = reader.U32();
      if (action > kMaxSimAction)
        return Malformed("sim_action: unknown action");
      SimAction sim{static_cast<SimActionKind>(action), amount};
      if (sim.action == SimActionKind::kTherapy) {
        sim.carb_ratio = reader.U16();
        sim.correction_factor = reader.U16();
        sim.basal_rate = reader.U16();
      }
      MC_RETURN_IF_ERROR(Finish(reader, "sim_action"));
      if (sim.action == SimActionKind::kTherapy && amount != 0)
        return Malformed("sim_action: therapy amount must be 0");
      if (sim.action == SimActionKind::kInvite && amount != 0)
        return Malformed("sim_action: invite amount must be 0");
      return ClientMessage(sim);
    }
    case MessageType::kAcceptInvite: {
      AcceptInvite accept{reader.Str8()};
      MC_RETURN_IF_ERROR(Finish(reader, "accept_invite"));
      MC_RETURN_IF_ERROR(CheckText(accept.code, "accept_invite code"));
      return ClientMessage(std::move(accept));
    }
    case MessageType::kAvatarStyle: {
      AvatarStyle style;
      style.colour = reader.U8();
      style.shape = reader.U8();
      return Done<ClientMessage>(style, reader, "avatar_style");
    }
    case MessageType::kActivity: {
      Activity activity{reader.U8()};
      MC_RETURN_IF_ERROR(Finish(reader, "activity"));
      if (activity.flags & ~kActivityFlags)
        return Malformed("activity: unknown flags");
      return ClientMessage(activity);
    }
    default:
      return UnknownType(type);
  }
}

void ReadPosition(Reader& reader, bool delta, int32_t* out) {
  for (int axis = 0; axis < 3; ++axis) {
    out[axis] = delta ? static_cast<int8_t>(reader.U8()) : reader.U16();
  }
}

Status ReadRecord(Reader& reader, SnapshotRecord& record) {
  record.entity = reader.U32();
  record.flags = reader.U8();
  const uint8_t flags = record.flags;
  if (flags & kRecordLeft) {
    if (flags != kRecordLeft)
      return Malformed("snapshot: left record with fields");
    return Status();
  }
  const bool delta = flags & kRecordDelta;
  if (flags & kRecordEntered) {
    constexpr uint8_t kFull = kRecordBodyPosition | kRecordBodyRotation |
                              kRecordHeadPosition | kRecordHeadRotation;
    if (delta || (flags & kFull) != kFull) {
      return Malformed("snapshot: entered record without full state");
    }
    const uint8_t kind = reader.U8();
    const uint8_t status = reader.U8();
    record.name = reader.Str8();
    if (kind > 3 || status > 3)
      return Malformed("snapshot: bad kind or status");
    record.kind = static_cast<EntityKind>(kind);
    record.status = static_cast<PresenceStatus>(status);
    MC_RETURN_IF_ERROR(CheckText(record.name, "snapshot name"));
  }
  if (delta && !(flags & (kRecordBodyPosition | kRecordHeadPosition))) {
    return Malformed("snapshot: delta record without positions");
  }
  if (flags & kRecordBodyPosition)
    ReadPosition(reader, delta, record.body_position);
  if (flags & kRecordBodyRotation) record.body_rotation = reader.U32();
  if (flags & kRecordHeadPosition)
    ReadPosition(reader, delta, record.head_position);
  if (flags & kRecordHeadRotation) record.head_rotation = reader.U32();
  if (flags & kRecordHands) {
    const uint8_t hands = reader.U8();
    if (hands > 1) return Malformed("snapshot: bad hands byte");
    record.has_hands = hands == 1;
    if (record.has_hands) {
      record.left_hand = reader.Transform();
      record.right_hand = reader.Transform();
    }
  }
  if (!reader.ok()) return Malformed("snapshot: truncated");
  return Status();
}

StatusOr<ServerMessage> DecodeSimState(Reader& reader) {
  SimState state;
  state.t_min = reader.U32();
  state.flags = reader.U8();
  const uint8_t patient = reader.U8();
  for (uint16_t* field :
       {&state.speed, &state.bg, &state.cgm, &state.liver_egp, &state.gut_ra,
        &state.muscle_fat_uid, &state.brain_fsnc, &state.kidney_e,
        &state.insulin_on_board, &state.uneaten_meal, &state.gmi,
        &state.time_in_range}) {
    *field = reader.U16();
  }
  state.trace_start_min = reader.U32();
  const uint16_t points = reader.U16();
  for (uint16_t i = 0; i < points && reader.ok(); ++i) {
    SimTracePoint point;
    point.bg = reader.U16();
    point.cgm = reader.U16();
    state.trace.push_back(point);
  }
  const uint8_t events = reader.U8();
  for (uint8_t i = 0; i < events && reader.ok(); ++i) {
    SimEvent event;
    event.t_min = reader.U32();
    const uint8_t kind = reader.U8();
    event.amount = reader.U16();
    if (kind > static_cast<uint8_t>(SimEventKind::kJump))
      return Malformed("sim_state: unknown event kind");
    event.kind = static_cast<SimEventKind>(kind);
    state.events.push_back(event);
  }
  MC_RETURN_IF_ERROR(Finish(reader, "sim_state"));
  if (state.flags & ~(kSimPaused | kSimWalking))
    return Malformed("sim_state: unknown flags");
  if (patient > static_cast<uint8_t>(SimPatient::kAdult))
    return Malformed("sim_state: unknown patient");
  state.patient = static_cast<SimPatient>(patient);
  return ServerMessage(std::move(state));
}

StatusOr<ServerMessage> DecodeSimLog(Reader& reader) {
  SimLog log;
  log.owner = reader.Str8();
  log.flags = reader.U8();
  const uint8_t entries = reader.U8();
  for (uint8_t i = 0; i < entries && reader.ok(); ++i) {
    SimLogEntry entry;
    entry.t_min = reader.U32();
    const uint8_t kind = reader.U8();
    entry.amount = reader.U32();
    entry.actor = reader.Str8();
    if (!reader.ok()) break;
    if (kind > kMaxSimLogKind) return Malformed("sim_log: unknown entry kind");
    entry.kind = static_cast<SimLogKind>(kind);
    MC_RETURN_IF_ERROR(CheckText(entry.actor, "sim_log actor"));
    log.entries.push_back(std::move(entry));
  }
  MC_RETURN_IF_ERROR(Finish(reader, "sim_log"));
  if (log.flags & ~kSimLogYours) return Malformed("sim_log: unknown flags");
  MC_RETURN_IF_ERROR(CheckText(log.owner, "sim_log owner"));
  return ServerMessage(std::move(log));
}

StatusOr<ServerMessage> DecodeServer(Reader& reader, uint8_t type) {
  switch (static_cast<MessageType>(type)) {
    case MessageType::kWelcome: {
      Welcome welcome;
      welcome.version = reader.U16();
      welcome.server_time_ms = reader.U64();
      welcome.entity = reader.U32();
      welcome.tick_interval_ms = reader.U16();
      welcome.byte_budget_per_second = reader.U32();
      return Done<ServerMessage>(welcome, reader, "welcome");
    }
    case MessageType::kJoined: {
      Joined joined;
      joined.space = reader.Str8();
      joined.bounds.min = {reader.F32(), reader.F32(), reader.F32()};
      joined.bounds.max = {reader.F32(), reader.F32(), reader.F32()};
      joined.spawn = reader.Transform();
      MC_RETURN_IF_ERROR(Finish(reader, "joined"));
      MC_RETURN_IF_ERROR(CheckText(joined.space, "joined space"));
      return ServerMessage(std::move(joined));
    }
    case MessageType::kLeft: {
      Left left;
      left.space = reader.Str8();
      const uint8_t reason = reader.U8();
      MC_RETURN_IF_ERROR(Finish(reader, "left"));
      if (reason > 2) return Malformed("left: unknown reason");
      left.reason = static_cast<LeftReason>(reason);
      MC_RETURN_IF_ERROR(CheckText(left.space, "left space"));
      return ServerMessage(std::move(left));
    }
    case MessageType::kSnapshot: {
      Snapshot snapshot;
      snapshot.tick = reader.U32();
      snapshot.ack_sequence = reader.U32();
      const uint16_t count = reader.U16();
      if (!reader.ok()) return Malformed("snapshot: truncated");
      snapshot.records.reserve(std::min<size_t>(count, 1024));
      for (uint16_t i = 0; i < count; ++i) {
        SnapshotRecord record;
        MC_RETURN_IF_ERROR(ReadRecord(reader, record));
        snapshot.records.push_back(std::move(record));
      }
      return Done<ServerMessage>(std::move(snapshot), reader, "snapshot");
    }
    case MessageType::kChatMessage: {
      ChatMessage chat;
      const uint8_t scope = reader.U8();
      chat.from = reader.U32();
      chat.from_name = reader.Str8();
      chat.text = reader.Str16();
      MC_RETURN_IF_ERROR(Finish(reader, "chat_message"));
      if (scope > 2) return Malformed("chat_message: unknown scope");
      chat.scope = static_cast<ChatScope>(scope);
      MC_RETURN_IF_ERROR(CheckText(chat.from_name, "chat_message name"));
      MC_RETURN_IF_ERROR(CheckText(chat.text, "chat_message"));
      return ServerMessage(std::move(chat));
    }
    case MessageType::kPresence: {
      Presence presence;
      presence.entity = reader.U32();
      const uint8_t status = reader.U8();
      MC_RETURN_IF_ERROR(Finish(reader, "presence"));
      if (status > 3) return Malformed("presence: unknown status");
      presence.status = static_cast<PresenceStatus>(status);
      return ServerMessage(presence);
    }
    case MessageType::kEmoted: {
      Emoted emoted;
      emoted.entity = reader.U32();
      emoted.emote = reader.U8();
      return Done<ServerMessage>(emoted, reader, "emoted");
    }
    case MessageType::kSignalRelay: {
      SignalRelay relay;
      const uint8_t kind = reader.U8();
      relay.from = reader.U32();
      relay.payload = reader.Str16();
      MC_RETURN_IF_ERROR(Finish(reader, "signal_relay"));
      if (kind > 3) return Malformed("signal_relay: unknown kind");
      relay.kind = static_cast<SignalKind>(kind);
      MC_RETURN_IF_ERROR(CheckText(relay.payload, "signal_relay payload"));
      return ServerMessage(std::move(relay));
    }
    case MessageType::kError: {
      Error error;
      error.in_reply_to = reader.U8();
      error.code = reader.Str8();
      error.message = reader.Str16();
      MC_RETURN_IF_ERROR(Finish(reader, "error"));
      MC_RETURN_IF_ERROR(CheckText(error.code, "error code"));
      MC_RETURN_IF_ERROR(CheckText(error.message, "error message"));
      return ServerMessage(std::move(error));
    }
    case MessageType::kPong: {
      Pong pong;
      pong.nonce = reader.U32();
      pong.server_time_ms = reader.U64();
      return Done<ServerMessage>(pong, reader, "pong");
    }
    case MessageType::kCorrection: {
      Correction correction;
      correction.sequence = reader.U32();
      correction.body = reader.Transform();
      return Done<ServerMessage>(correction, reader, "correction");
    }
    case MessageType::kSimState:
      return DecodeSimState(reader);
    case MessageType::kSimInvite: {
      SimInvite invite;
      invite.code = reader.Str8();
      invite.expires_in_s = reader.U32();
      MC_RETURN_IF_ERROR(Finish(reader, "sim_invite"));
      MC_RETURN_IF_ERROR(CheckText(invite.code, "sim_invite code"));
      return ServerMessage(std::move(invite));
    }
    case MessageType::kSimLog:
      return DecodeSimLog(reader);
    case MessageType::kAvatarInfo: {
      AvatarInfo info;
      info.entity = reader.U32();
      info.style.colour = reader.U8();
      info.style.shape = reader.U8();
      info.activity = reader.U8();
      MC_RETURN_IF_ERROR(Finish(reader, "avatar_info"));
      if (info.activity & ~kActivityFlags)
        return Malformed("avatar_info: unknown activity flags");
      return ServerMessage(info);
    }
    case MessageType::kSignalRefused: {
      SignalRefused refused;
      const uint8_t kind = reader.U8();
      refused.peer = reader.U32();
      refused.code = reader.Str8();
      refused.message = reader.Str16();
      MC_RETURN_IF_ERROR(Finish(reader, "signal_refused"));
      if (kind > 3) return Malformed("signal_refused: unknown kind");
      refused.kind = static_cast<SignalKind>(kind);
      MC_RETURN_IF_ERROR(CheckText(refused.code, "signal_refused code"));
      MC_RETURN_IF_ERROR(CheckText(refused.message, "signal_refused message"));
      return ServerMessage(std::move(refused));
    }
    default:
      return UnknownType(type);
  }
}

}  // namespace

uint16_t QuantizeAxis(float value, float min, float max) {
  if (!(max > min)) return 0;
  if (!(value > min)) return 0;  // also NaN
  if (value >= max) return 0xffff;
  const float scaled = (value - min) / (max - min) * 65535.0f + 0.5f;
  return static_cast<uint16_t>(std::min(scaled, 65535.0f));
}

float DequantizeAxis(uint16_t quantized, float min, float max) {
  return min + (max - min) * (static_cast<float>(quantized) / 65535.0f);
}

QuantizedPosition QuantizePosition(const Vec3& position, const Box3& bounds) {
  return {QuantizeAxis(position.x, bounds.min.x, bounds.max.x),
          QuantizeAxis(position.y, bounds.min.y, bounds.max.y),
          QuantizeAxis(position.z, bounds.min.z, bounds.max.z)};
}

Vec3 DequantizePosition(uint16_t x, uint16_t y, uint16_t z,
                        const Box3& bounds) {
  return {DequantizeAxis(x, bounds.min.x, bounds.max.x),
          DequantizeAxis(y, bounds.min.y, bounds.max.y),
          DequantizeAxis(z, bounds.min.z, bounds.max.z)};
}

uint32_t PackRotation(const Quat& rotation) {
  float c[4] = {rotation.x, rotation.y, rotation.z, rotation.w};
  float length =
      std::sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2] + c[3] * c[3]);
  if (!(length > 1e-6f) || !std::isfinite(length)) {
    c[0] = c[1] = c[2] = 0;
    c[3] = 1;
    length = 1;
  }
  int largest = 0;
  for (int i = 0; i < 4; ++i) {
    c[i] /= length;
    if (std::fabs(c[i]) > std::fabs(c[largest])) largest = i;
  }
  const float sign = c[largest] < 0 ? -1.0f : 1.0f;
  uint32_t packed = static_cast<uint32_t>(largest) << 30;
  int shift = 20;
  for (int i = 0; i < 4; ++i) {
    if (i == largest) continue;
    float value = std::clamp(c[i] * sign, -kRotationRange, kRotationRange);
    const float unit = (value + kRotationRange) / (2 * kRotationRange);
    const uint32_t q = static_cast<uint32_t>(unit * kRotationSteps + 0.5f);
    packed |= std::min(q, kRotationSteps) << shift;
    shift -= 10;
  }
  return packed;
}

Quat UnpackRotation(uint32_t packed) {
  const int largest = static_cast<int>(packed >> 30);
  float c[4];
  float sum = 0;
  int shift = 20;
  for (int i = 0; i < 4; ++i) {
    if (i == largest) continue;
    const uint32_t q = (packed >> shift) & 0x3ff;
    shift -= 10;
    c[i] = static_cast<float>(q) / kRotationSteps * (2 * kRotationRange) -
           kRotationRange;
    sum += c[i] * c[i];
  }
  c[largest] = std::sqrt(std::max(0.0f, 1.0f - sum));
  return {c[0], c[1], c[2], c[3]};
}

StatusOr<ClientMessage> DecodeClientMessage(std::string_view frame) {
  if (frame.empty()) return Malformed("frame: empty");
  Reader reader(frame.substr(1));
  return DecodeClient(reader, static_cast<uint8_t>(frame[0]));
}

StatusOr<ServerMessage> DecodeServerMessage(std::string_view frame) {
  if (frame.empty()) return Malformed("frame: empty");
  Reader reader(frame.substr(1));
  return DecodeServer(reader, static_cast<uint8_t>(frame[0]));
}

int CloseCodeForDecodeError(const Status& status) {
  const std::string code = ErrorCode(status);
  if (code == "unknown_message") return 1003;
  if (code == "invalid_utf8") return 1007;
  return 1002;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    const uint8_t c = static_cast<uint8_t>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra;
    uint32_t code;
    if ((c & 0xe0) == 0xc0) {
      extra = 1;
      code = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      code = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (n - i <= static_cast<size_t>(extra)) return false;
    for (int k = 1; k <= extra; ++k) {
      const uint8_t next = static_cast<uint8_t>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    static constexpr uint32_t kMinimum[4] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[extra] || code > 0x10ffff ||
        (code >= 0xd800 && code <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::string_view MessageTypeName(uint8_t type) {
  switch (static_cast<MessageType>(type)) {
    case MessageType::kHello:
      return "hello";
    case MessageType::kJoin:
      return "join";
    case MessageType::kLeave:
      return "leave";
    case MessageType::kPose:
      return "pose";
    case MessageType::kChat:
      return "chat";
    case MessageType::kSetPresence:
      return "set_presence";
    case MessageType::kEmote:
      return "emote";
    case MessageType::kUsePortal:
      return "use_portal";
    case MessageType::kSignal:
      return "signal";
    case MessageType::kPing:
      return "ping";
    case MessageType::kSettings:
      return "settings";
    case MessageType::kSimAction:
      return "sim_action";
    case MessageType::kAcceptInvite:
      return "accept_invite";
    case MessageType::kAvatarStyle:
      return "avatar_style";
    case MessageType::kActivity:
      return "activity";
    case MessageType::kWelcome:
      return "welcome";
    case MessageType::kJoined:
      return "joined";
    case MessageType::kLeft:
      return "left";
    case MessageType::kSnapshot:
      return "snapshot";
    case MessageType::kChatMessage:
      return "chat_message";
    case MessageType::kPresence:
      return "presence";
    case MessageType::kEmoted:
      return "emoted";
    case MessageType::kSignalRelay:
      return "signal_relay";
    case MessageType::kError:
      return "error";
    case MessageType::kPong:
      return "pong";
    case MessageType::kCorrection:
      return "correction";
    case MessageType::kSimState:
      return "sim_state";
    case MessageType::kSimInvite:
      return "sim_invite";
    case MessageType::kAvatarInfo:
      return "avatar_info";
    case MessageType::kSignalRefused:
      return "signal_refused";
    case MessageType::kSimLog:
      return "sim_log";
  }
  return "unknown";
}

}  // namespace mc::world::protocol
