#include "net/websocket_frame.h"

#include <algorithm>

namespace mc::websocket_frame {
namespace {

constexpr uint8_t kFinBit = 0x80;
constexpr uint8_t kReservedBits = 0x70;
constexpr uint8_t kMaskBit = 0x80;
constexpr size_t kMaxControlPayload = 125;

void AppendHeader(std::string& out, Opcode opcode, size_t payload_size,
                  bool masked) {
  const uint8_t mask = masked ? kMaskBit : 0;
  out.push_back(static_cast<char>(kFinBit | static_cast<uint8_t>(opcode)));
  if (payload_size < 126) {
    out.push_back(static_cast<char>(mask | payload_size));
  } else if (payload_size <= 0xffff) {
    out.push_back(static_cast<char>(mask | 126));
    out.push_back(static_cast<char>(payload_size >> 8));
    out.push_back(static_cast<char>(payload_size & 0xff));
  } else {
    out.push_back(static_cast<char>(mask | 127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<uint64_t>(payload_size) >>
                                       shift) & 0xff));
    }
  }
}

bool IsControl(Opcode opcode) { return static_cast<uint8_t>(opcode) >= 0x8; }

bool IsKnown(uint8_t opcode) {
  return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xa);
}

ParseOutcome Error(int code, const char* reason) {
  ParseOutcome outcome;
  outcome.result = ParseResult::kError;
  outcome.error_code = code;
  outcome.error_reason = reason;
  return outcome;
}

}  // namespace

size_t ServerHeaderSize(size_t payload_size) {
  if (payload_size < 126) return 2;
  return payload_size <= 0xffff ? 4 : 10;
}

void AppendServerFrame(std::string& out, Opcode opcode,
                       std::string_view payload) {
  AppendHeader(out, opcode, payload.size(), false);
  out.append(payload);
}

void AppendCloseFrame(std::string& out, int close_code,
                      std::string_view reason) {
  size_t cut = std::min<size_t>(reason.size(), kMaxControlPayload - 2);
  while (cut > 0 && cut < reason.size() &&
         (static_cast<uint8_t>(reason[cut]) & 0xc0) == 0x80) {
    --cut;  // not inside a UTF-8 sequence
  }
  std::string payload;
  payload.push_back(static_cast<char>((close_code >> 8) & 0xff));
  payload.push_back(static_cast<char>(close_code & 0xff));
  payload.append(reason.substr(0, cut));
  AppendServerFrame(out, Opcode::kClose, payload);
}

void AppendClientFrame(std::string& out, Opcode opcode,
                       std::string_view payload, uint32_t mask_key) {
  AppendHeader(out, opcode, payload.size(), true);
  const uint8_t key[4] = {
      static_cast<uint8_t>(mask_key >> 24), static_cast<uint8_t>(mask_key >> 16),
      static_cast<uint8_t>(mask_key >> 8), static_cast<uint8_t>(mask_key)};
  out.append(reinterpret_cast<const char*>(key), 4);
  const size_t start = out.size();
  out.append(payload);
  for (size_t i = 0; i < payload.size(); ++i) out[start + i] ^= key[i & 3];
}

ParseOutcome ParseFrame(std::string_view input, bool from_client,
                        size_t max_payload_bytes, std::string& payload) {
  ParseOutcome outcome;
  if (input.size() < 2) return outcome;
  const auto* bytes = reinterpret_cast<const uint8_t*>(input.data());
  if (bytes[0] & kReservedBits) {
    return Error(kCloseProtocolError, "reserved bits set");
  }
  const uint8_t opcode = bytes[0] & 0x0f;
  if (!IsKnown(opcode)) return Error(kCloseProtocolError, "unknown opcode");
  const bool masked = bytes[1] & kMaskBit;
  if (masked != from_client) {
    return Error(kCloseProtocolError,
                 from_client ? "client frames must be masked"
                             : "server frames must not be masked");
  }
  uint64_t length = bytes[1] & 0x7f;
  size_t header = 2;
  if (length == 126) {
    if (input.size() < 4) return outcome;
    length = (uint64_t{bytes[2]} << 8) | bytes[3];
    header = 4;
  } else if (length == 127) {
    if (input.size() < 10) return outcome;
    length = 0;
    for (size_t i = 2; i < 10; ++i) length = (length << 8) | bytes[i];
    header = 10;
  }
  const bool fin = bytes[0] & kFinBit;
  if (IsControl(static_cast<Opcode>(opcode)) &&
      (!fin || length > kMaxControlPayload)) {
    return Error(kCloseProtocolError, "invalid control frame");
  }
  if (length > max_payload_bytes) return Error(kCloseTooBig, "message too big");
  const size_t mask_size = masked ? 4 : 0;
  if (input.size() < header + mask_size + length) return outcome;
  const uint8_t* key = bytes + header;
  payload.assign(input.data() + header + mask_size, length);
  if (masked) {
    for (size_t i = 0; i < length; ++i) payload[i] ^= key[i & 3];
  }
  outcome.result = ParseResult::kFrame;
  outcome.frame.fin = fin;
  outcome.frame.opcode = static_cast<Opcode>(opcode);
  outcome.frame.consumed = header + mask_size + length;
  return outcome;
}

MessageAssembler::Step MessageAssembler::Add(const ParsedFrame& frame,
                                             std::string& payload) {
  auto fail = [this](int code, const char* reason) {
    error_code_ = code;
    error_reason_ = reason;
    return Step::kError;
  };
  if (IsControl(frame.opcode)) return Step::kControl;
  if (frame.opcode == Opcode::kContinuation) {
    if (!in_message_) {
      return fail(kCloseProtocolError, "continuation without a message");
    }
    if (message_.size() + payload.size() > max_message_bytes_) {
      return fail(kCloseTooBig, "message too big");
    }
    message_.append(payload);
  } else {
    if (in_message_) {
      return fail(kCloseProtocolError, "new message inside a fragmented one");
    }
    binary_ = frame.opcode == Opcode::kBinary;
    if (frame.fin) {
      message_.swap(payload);
      return Step::kMessage;
    }
    in_message_ = true;
    message_ = payload;
  }
  if (!frame.fin) return Step::kNone;
  in_message_ = false;
  return Step::kMessage;
}

}  // namespace mc::websocket_frame
