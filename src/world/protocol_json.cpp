#include "world/protocol_json.h"

namespace mc::world::protocol {
namespace {

using nlohmann::json;

json TransformJson(const Transform& t) {
  return {{"x", t.x}, {"y", t.y}, {"z", t.z}, {"rotation", t.rotation}};
}

json PoseJson(const AvatarPose& pose) {
  json out = {{"body", TransformJson(pose.body)},
              {"head", TransformJson(pose.head)}};
  if (pose.has_hands) {
    out["left_hand"] = TransformJson(pose.left_hand);
    out["right_hand"] = TransformJson(pose.right_hand);
  }
  return out;
}

json Vec(const Vec3& v) { return json::array({v.x, v.y, v.z}); }

json RecordJson(const SnapshotRecord& r) {
  json out = {{"entity", r.entity}, {"flags", r.flags}};
  if (r.flags & kRecordLeft) return out;
  if (r.flags & kRecordEntered) {
    out["kind"] = static_cast<int>(r.kind);
    out["status"] = static_cast<int>(r.status);
    out["name"] = r.name;
  }
  auto position = [](const int32_t* p) {
    return json::array({p[0], p[1], p[2]});
  };
  if (r.flags & kRecordBodyPosition)
    out["body_position"] = position(r.body_position);
  if (r.flags & kRecordBodyRotation) out["body_rotation"] = r.body_rotation;
  if (r.flags & kRecordHeadPosition)
    out["head_position"] = position(r.head_position);
  if (r.flags & kRecordHeadRotation) out["head_rotation"] = r.head_rotation;
  if (r.flags & kRecordHands) {
    out["has_hands"] = r.has_hands;
    if (r.has_hands) {
      out["left_hand"] = TransformJson(r.left_hand);
      out["right_hand"] = TransformJson(r.right_hand);
    }
  }
  return out;
}

struct ClientJson {
  json operator()(const Hello& m) {
    return {{"type", "hello"},
            {"min_version", m.min_version},
            {"max_version", m.max_version},
            {"flags", m.flags}};
  }
  json operator()(const Join& m) {
    return {{"type", "join"}, {"space", m.space}};
  }
  json operator()(const Leave&) { return {{"type", "leave"}}; }
  json operator()(const Pose& m) {
    return {
        {"type", "pose"}, {"sequence", m.sequence}, {"pose", PoseJson(m.pose)}};
  }
  json operator()(const Chat& m) {
    return {{"type", "chat"},
            {"scope", static_cast<int>(m.scope)},
            {"target", m.target},
            {"text", m.text}};
  }
  json operator()(const SetPresence& m) {
    return {{"type", "set_presence"}, {"status", static_cast<int>(m.status)}};
  }
  json operator()(const Emote& m) {
    return {{"type", "emote"}, {"emote", m.emote}};
  }
  json operator()(const UsePortal& m) {
    return {{"type", "use_portal"}, {"portal", m.portal}};
  }
  json operator()(const Signal& m) {
    return {{"type", "signal"},
            {"kind", static_cast<int>(m.kind)},
            {"peer", m.peer},
            {"payload", m.payload}};
  }
  json operator()(const Ping& m) {
    return {{"type", "ping"}, {"nonce", m.nonce}};
  }
  json operator()(const Settings& m) {
    return {{"type", "settings"}, {"flags", m.flags}};
  }
  json operator()(const SimAction& m) {
    json out = {{"type", "sim_action"},
                {"action", static_cast<int>(m.action)},
                {"amount", m.amount}};
    if (m.action == SimActionKind::kTherapy) {
      out["carb_ratio"] = m.carb_ratio;
      out["correction_factor"] = m.correction_factor;
      out["basal_rate"] = m.basal_rate;
    }
    return out;
  }
  json operator()(const AcceptInvite& m) {
    return {{"type", "accept_invite"}, {"code", m.code}};
  }
  json operator()(const AvatarStyle& m) {
    return {{"type", "avatar_style"}, {"colour", m.colour}, {"shape", m.shape}};
  }
  json operator()(const Activity& m) {
    return {{"type", "activity"}, {"flags", m.flags}};
  }
};

struct ServerJson {
  json operator()(const Welcome& m) {
    return {{"type", "welcome"},
            {"version", m.version},
            {"server_time_ms", m.server_time_ms},
            {"entity", m.entity},
            {"tick_interval_ms", m.tick_interval_ms},
            {"byte_budget_per_second", m.byte_budget_per_second}};
  }
  json operator()(const Joined& m) {
    return {
        {"type", "joined"},
        {"space", m.space},
        {"bounds", {{"min", Vec(m.bounds.min)}, {"max", Vec(m.bounds.max)}}},
        {"spawn", TransformJson(m.spawn)}};
  }
  json operator()(const Left& m) {
    return {{"type", "left"},
            {"space", m.space},
            {"reason", static_cast<int>(m.reason)}};
  }
  json operator()(const Snapshot& m) {
    json records = json::array();
    for (const auto& r : m.records) records.push_back(RecordJson(r));
    return {{"type", "snapshot"},
            {"tick", m.tick},
            {"ack_sequence", m.ack_sequence},
            {"records", records}};
  }
  json operator()(const ChatMessage& m) {
    return {{"type", "chat_message"},
            {"scope", static_cast<int>(m.scope)},
            {"from", m.from},
            {"from_name", m.from_name},
            {"text", m.text}};
  }
  json operator()(const Presence& m) {
    return {{"type", "presence"},
            {"entity", m.entity},
            {"status", static_cast<int>(m.status)}};
  }
  json operator()(const Emoted& m) {
    return {{"type", "emoted"}, {"entity", m.entity}, {"emote", m.emote}};
  }
  json operator()(const SignalRelay& m) {
    return {{"type", "signal_relay"},
            {"kind", static_cast<int>(m.kind)},
            {"from", m.from},
            {"payload", m.payload}};
  }
  json operator()(const Error& m) {
    return {{"type", "error"},
            {"in_reply_to", m.in_reply_to},
            {"code", m.code},
            {"message", m.message}};
  }
  json operator()(const Pong& m) {
    return {{"type", "pong"},
            {"nonce", m.nonce},
            {"server_time_ms", m.server_time_ms}};
  }
  json operator()(const Correction& m) {
    return {{"type", "correction"},
            {"sequence", m.sequence},
            {"body", TransformJson(m.body)}};
  }
  json operator()(const SimState& m) {
    json trace = json::array();
    for (const SimTracePoint& p : m.trace) trace.push_back({p.bg, p.cgm});
    json events = json::array();
    for (const SimEvent& e : m.events) {
      events.push_back({{"t_min", e.t_min},
                        {"kind", static_cast<int>(e.kind)},
                        {"amount", e.amount}});
    }
    return {{"type", "sim_state"},
            {"t_min", m.t_min},
            {"flags", m.flags},
            {"patient", static_cast<int>(m.patient)},
            {"speed", m.speed},
            {"bg", m.bg},
            {"cgm", m.cgm},
            {"liver_egp", m.liver_egp},
            {"gut_ra", m.gut_ra},
            {"muscle_fat_uid", m.muscle_fat_uid},
            {"brain_fsnc", m.brain_fsnc},
            {"kidney_e", m.kidney_e},
            {"insulin_on_board", m.insulin_on_board},
            {"uneaten_meal", m.uneaten_meal},
            {"gmi", m.gmi},
            {"time_in_range", m.time_in_range},
            {"trace_start_min", m.trace_start_min},
            {"trace", trace},
            {"events", events}};
  }
  json operator()(const SignalRefused& m) {
    return {{"type", "signal_refused"},
            {"kind", static_cast<int>(m.kind)},
            {"peer", m.peer},
            {"code", m.code},
            {"message", m.message}};
  }
  json operator()(const AvatarInfo& m) {
    return {{"type", "avatar_info"},
            {"entity", m.entity},
            {"colour", m.style.colour},
            {"shape", m.style.shape},
            {"activity", m.activity}};
  }
  json operator()(const SimInvite& m) {
    return {{"type", "sim_invite"},
            {"code", m.code},
            {"expires_in_s", m.expires_in_s}};
  }
  json operator()(const SimLog& m) {
    json entries = json::array();
    for (const SimLogEntry& e : m.entries) {
      entries.push_back({{"t_min", e.t_min},
                         {"kind", static_cast<int>(e.kind)},
                         {"amount", e.amount},
                         {"actor", e.actor}});
    }
    return {{"type", "sim_log"},
            {"owner", m.owner},
            {"flags", m.flags},
            {"entries", entries}};
  }
};

}  // namespace

json ToJson(const ClientMessage& message) {
  return std::visit(ClientJson{}, message);
}
json ToJson(const ServerMessage& message) {
  return std::visit(ServerJson{}, message);
}

}  // namespace mc::world::protocol
