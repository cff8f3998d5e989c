// Encoding: the general encoders and the incremental SnapshotWriter.
#include <algorithm>
#include <cstring>

#include "world/protocol.h"

namespace mc::world::protocol {
namespace {

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void U8(uint8_t value) { out_.push_back(static_cast<char>(value)); }
  void U16(uint16_t value) {
    const char bytes[2] = {static_cast<char>(value & 0xff),
                           static_cast<char>(value >> 8)};
    out_.append(bytes, 2);
  }
  void U32(uint32_t value) {
    const char bytes[4] = {
        static_cast<char>(value & 0xff), static_cast<char>(value >> 8),
        static_cast<char>(value >> 16), static_cast<char>(value >> 24)};
    out_.append(bytes, 4);
  }
  void U64(uint64_t value) {
    U32(value & 0xffffffffu);
    U32(value >> 32);
  }
  void F32(float value) {
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    U32(bits);
  }
  void Str8(std::string_view text) { Str(text, 0xff, 1); }
  void Str16(std::string_view text) { Str(text, 0xffff, 2); }
  void Transform(const protocol::Transform& transform) {
    const uint32_t r = transform.rotation;
    const char bytes[10] = {static_cast<char>(transform.x & 0xff),
                            static_cast<char>(transform.x >> 8),
                            static_cast<char>(transform.y & 0xff),
                            static_cast<char>(transform.y >> 8),
                            static_cast<char>(transform.z & 0xff),
                            static_cast<char>(transform.z >> 8),
                            static_cast<char>(r & 0xff),
                            static_cast<char>(r >> 8),
                            static_cast<char>(r >> 16),
                            static_cast<char>(r >> 24)};
    out_.append(bytes, 10);
  }

 private:
  void Str(std::string_view text, size_t limit, int prefix_bytes) {
    if (text.size() > limit) {
      size_t cut = limit;
      // Back up to a UTF-8 boundary so a truncated text stays valid.
      while (cut > 0 && (static_cast<uint8_t>(text[cut]) & 0xc0) == 0x80) --cut;
      text = text.substr(0, cut);
    }
    if (prefix_bytes == 1) {
      U8(static_cast<uint8_t>(text.size()));
    } else {
      U16(static_cast<uint16_t>(text.size()));
    }
    out_.append(text);
  }
  std::string& out_;
};

void WritePosition(Writer& writer, bool delta, const int32_t* position) {
  for (int axis = 0; axis < 3; ++axis) {
    if (delta) {
      writer.U8(static_cast<uint8_t>(static_cast<int8_t>(position[axis])));
    } else {
      writer.U16(static_cast<uint16_t>(position[axis]));
    }
  }
}

void WriteRecord(Writer& writer, const SnapshotRecord& record) {
  writer.U32(record.entity);
  writer.U8(record.flags);
  const uint8_t flags = record.flags;
  if (flags & kRecordLeft) return;
  const bool delta = flags & kRecordDelta;
  if (flags & kRecordEntered) {
    writer.U8(static_cast<uint8_t>(record.kind));
    writer.U8(static_cast<uint8_t>(record.status));
    writer.Str8(record.name);
  }
  if (flags & kRecordBodyPosition)
    WritePosition(writer, delta, record.body_position);
  if (flags & kRecordBodyRotation) writer.U32(record.body_rotation);
  if (flags & kRecordHeadPosition)
    WritePosition(writer, delta, record.head_position);
  if (flags & kRecordHeadRotation) writer.U32(record.head_rotation);
  if (flags & kRecordHands) {
    writer.U8(record.has_hands ? 1 : 0);
    if (record.has_hands) {
      writer.Transform(record.left_hand);
      writer.Transform(record.right_hand);
    }
  }
}

struct ClientEncoder {
  Writer& w;
  void operator()(const Hello& m) {
    w.U8(0x01);
    w.U16(m.min_version);
    w.U16(m.max_version);
    w.U8(m.flags);
  }
  void operator()(const Join& m) {
    w.U8(0x02);
    w.Str8(m.space);
  }
  void operator()(const Leave&) { w.U8(0x03); }
  void operator()(const Pose& m) {
    w.U8(0x04);
    w.U32(m.sequence);
    w.U8(m.pose.has_hands ? 0x01 : 0x00);
    w.Transform(m.pose.body);
    w.Transform(m.pose.head);
    if (m.pose.has_hands) {
      w.Transform(m.pose.left_hand);
      w.Transform(m.pose.right_hand);
    }
  }
  void operator()(const Chat& m) {
    w.U8(0x05);
    w.U8(static_cast<uint8_t>(m.scope));
    w.U32(m.target);
    w.Str16(m.text);
  }
  void operator()(const SetPresence& m) {
    w.U8(0x06);
    w.U8(static_cast<uint8_t>(m.status));
  }
  void operator()(const Emote& m) {
    w.U8(0x07);
    w.U8(m.emote);
  }
  void operator()(const UsePortal& m) {
    w.U8(0x08);
    w.Str8(m.portal);
  }
  void operator()(const Signal& m) {
    w.U8(0x09);
    w.U8(static_cast<uint8_t>(m.kind));
    w.U32(m.peer);
    w.Str16(m.payload);
  }
  void operator()(const Ping& m) {
    w.U8(0x0a);
    w.U32(m.nonce);
  }
  void operator()(const Settings& m) {
    w.U8(0x0b);
    w.U8(m.flags);
  }
  void operator()(const SimAction& m) {
    w.U8(0x0c);
    w.U8(static_cast<uint8_t>(m.action));
    w.U32(m.amount);
    if (m.action == SimActionKind::kTherapy) {
      w.U16(m.carb_ratio);
      w.U16(m.correction_factor);
      w.U16(m.basal_rate);
    }
  }
  void operator()(const AcceptInvite& m) {
    w.U8(0x0d);
    w.Str8(m.code);
  }
  void operator()(const AvatarStyle& m) {
    w.U8(0x0e);
    w.U8(m.colour);
    w.U8(m.shape);
  }
  void operator()(const Activity& m) {
    w.U8(0x0f);
    w.U8(m.flags);
  }
};

struct ServerEncoder {
  Writer& w;
  void operator()(const Welcome& m) {
    w.U8(0x81);
    w.U16(m.version);
    w.U64(m.server_time_ms);
    w.U32(m.entity);
    w.U16(m.tick_interval_ms);
    w.U32(m.byte_budget_per_second);
  }
  void operator()(const Joined& m) {
    w.U8(0x82);
    w.Str8(m.space);
    for (const Vec3* v : {&m.bounds.min, &m.bounds.max}) {
      w.F32(v->x);
      w.F32(v->y);
      w.F32(v->z);
    }
    w.Transform(m.spawn);
  }
  void operator()(const Left& m) {
    w.U8(0x83);
    w.Str8(m.space);
    w.U8(static_cast<uint8_t>(m.reason));
  }
  void operator()(const Snapshot& m) {
    w.U8(0x84);
    w.U32(m.tick);
    w.U32(m.ack_sequence);
    w.U16(static_cast<uint16_t>(m.records.size()));
    for (const auto& record : m.records) WriteRecord(w, record);
  }
  void operator()(const ChatMessage& m) {
    w.U8(0x85);
    w.U8(static_cast<uint8_t>(m.scope));
    w.U32(m.from);
    w.Str8(m.from_name);
    w.Str16(m.text);
  }
  void operator()(const Presence& m) {
    w.U8(0x86);
    w.U32(m.entity);
    w.U8(static_cast<uint8_t>(m.status));
  }
  void operator()(const Emoted& m) {
    w.U8(0x87);
    w.U32(m.entity);
    w.U8(m.emote);
  }
  void operator()(const SignalRelay& m) {
    w.U8(0x88);
    w.U8(static_cast<uint8_t>(m.kind));
    w.U32(m.from);
    w.Str16(m.payload);
  }
  void operator()(const Error& m) {
    w.U8(0x89);
    w.U8(m.in_reply_to);
    w.Str8(m.code);
    w.Str16(m.message);
  }
  void operator()(const Pong& m) {
    w.U8(0x8a);
    w.U32(m.nonce);
    w.U64(m.server_time_ms);
  }
  void operator()(const Correction& m) {
    w.U8(0x8b);
    w.U32(m.sequence);
    w.Transform(m.body);
  }
  void operator()(const SimState& m) {
    w.U8(0x8c);
    w.U32(m.t_min);
    w.U8(m.flags);
    w.U8(static_cast<uint8_t>(m.patient));
    for (uint16_t field :
         {m.speed, m.bg, m.cgm, m.liver_egp, m.gut_ra, m.muscle_fat_uid,
          m.brain_fsnc, m.kidney_e, m.insulin_on_board, m.uneaten_meal, m.gmi,
          m.time_in_range}) {
      w.U16(field);
    }
    w.U32(m.trace_start_min);
    const size_t points = std::min<size_t>(m.trace.size(), 0xffff);
    w.U16(static_cast<uint16_t>(points));
    for (size_t i = 0; i < points; ++i) {
      w.U16(m.trace[i].bg);
      w.U16(m.trace[i].cgm);
    }
    const size_t events = std::min<size_t>(m.events.size(), 0xff);
    w.U8(static_cast<uint8_t>(events));
    for (size_t i = 0; i < events; ++i) {
      w.U32(m.events[i].t_min);
      w.U8(static_cast<uint8_t>(m.events[i].kind));
      w.U16(m.events[i].amount);
    }
  }
  void operator()(const SignalRefused& m) {
    w.U8(0x90);
    w.U8(static_cast<uint8_t>(m.kind));
    w.U32(m.peer);
    w.Str8(m.code);
    w.Str16(m.message);
  }
  void operator()(const AvatarInfo& m) {
    w.U8(0x8f);
    w.U32(m.entity);
    w.U8(m.style.colour);
    w.U8(m.style.shape);
    w.U8(m.activity);
  }
  void operator()(const SimInvite& m) {
    w.U8(0x8d);
    w.Str8(m.code);
    w.U32(m.expires_in_s);
  }
  void operator()(const SimLog& m) {
    w.U8(0x8e);
    w.Str8(m.owner);
    w.U8(m.flags);
    const size_t entries = std::min<size_t>(m.entries.size(), 0xff);
    w.U8(static_cast<uint8_t>(entries));
    for (size_t i = 0; i < entries; ++i) {
      w.U32(m.entries[i].t_min);
      w.U8(static_cast<uint8_t>(m.entries[i].kind));
      w.U32(m.entries[i].amount);
      w.Str8(m.entries[i].actor);
    }
  }
};

}  // namespace

std::string Encode(const ClientMessage& message) {
  std::string out;
  Writer writer(out);
  std::visit(ClientEncoder{writer}, message);
  return out;
}

std::string Encode(const ServerMessage& message) {
  std::string out;
  Writer writer(out);
  std::visit(ServerEncoder{writer}, message);
  return out;
}

size_t RecordSize(const SnapshotRecord& record) {
  const uint8_t flags = record.flags;
  size_t size = 5;
  if (flags & kRecordLeft) return size;
  const size_t position = (flags & kRecordDelta) ? 3 : 6;
  if (flags & kRecordEntered)
    size += 3 + std::min<size_t>(record.name.size(), 255);
  if (flags & kRecordBodyPosition) size += position;
  if (flags & kRecordBodyRotation) size += 4;
  if (flags & kRecordHeadPosition) size += position;
  if (flags & kRecordHeadRotation) size += 4;
  if (flags & kRecordHands) size += record.has_hands ? 21 : 1;
  return size;
}

void SnapshotWriter::Reset(uint32_t tick, uint32_t ack_sequence,
                           size_t expected_bytes) {
  frame_.clear();
  frame_.reserve(std::max<size_t>(expected_bytes, kHeaderSize));
  record_count_ = 0;
  Writer writer(frame_);
  writer.U8(0x84);
  writer.U32(tick);
  writer.U32(ack_sequence);
  writer.U16(0);
}

void SnapshotWriter::Add(const SnapshotRecord& record) {
  Writer writer(frame_);
  WriteRecord(writer, record);
  ++record_count_;
}

std::string SnapshotWriter::Finish() {
  std::string out;
  Finish(out);
  return out;
}

void SnapshotWriter::Finish(std::string& out) {
  frame_[9] = static_cast<char>(record_count_ & 0xff);
  frame_[10] = static_cast<char>(record_count_ >> 8);
  out.swap(frame_);
}

}  // namespace mc::world::protocol
