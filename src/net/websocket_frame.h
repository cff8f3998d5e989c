// WebSocket framing (RFC 6455 section 5), without Beast: what the realtime
// path writes and reads after Beast has done the upgrade handshake.
//
// Server frames are written unmasked, whole (FIN set, never fragmented),
// header and payload appended straight into a connection's write buffer, so
// a tick's frames for one client leave in one write. Client frames are
// parsed from a byte buffer as they arrive: they must be masked, use no
// reserved bits or opcodes, and control frames must be whole and at most
// 125 bytes. A message may come in fragments; MessageAssembler joins them
// under a size cap. No extensions are negotiated (permessage-deflate is
// off), so RSV bits are always an error.
//
// Errors are close codes (1002 protocol error, 1009 too big) with a short
// reason, which the session sends in its close frame. Pure functions and a
// thread-compatible assembler: the caller owns the buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mc::websocket_frame {

enum class Opcode : uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xa,
};

inline constexpr int kCloseNormal = 1000;
inline constexpr int kCloseGoingAway = 1001;
inline constexpr int kCloseProtocolError = 1002;
inline constexpr int kCloseTooBig = 1009;

// Bytes of the header of an unmasked frame with a payload of `size` bytes.
size_t ServerHeaderSize(size_t payload_size);

// Appends one whole unmasked frame (FIN set) to `out`.
void AppendServerFrame(std::string& out, Opcode opcode,
                       std::string_view payload);

// Appends a close frame: the code (big-endian) and up to 123 bytes of
// `reason`, cut at a UTF-8 boundary.
void AppendCloseFrame(std::string& out, int close_code,
                      std::string_view reason);

// Appends one whole masked frame, as a client sends it (the load generator
// and tests). `mask_key` is the four mask bytes.
void AppendClientFrame(std::string& out, Opcode opcode,
                       std::string_view payload, uint32_t mask_key);

struct ParsedFrame {
  bool fin = false;
  Opcode opcode = Opcode::kContinuation;
  size_t consumed = 0;  // bytes of `input` this frame took (header+payload)
};

enum class ParseResult {
  kFrame,       // one frame parsed; its payload is in `payload`
  kNeedMore,    // `input` holds no complete frame yet
  kError,       // protocol violation: close with `error_code`
};

struct ParseOutcome {
  ParseResult result = ParseResult::kNeedMore;
  ParsedFrame frame;
  int error_code = 0;
  const char* error_reason = "";
};

// Parses the first frame of `input`. Client frames (`from_client`) must be
// masked and are unmasked into `payload` (replaced); server frames must not
// be. A payload over `max_payload_bytes` is kError 1009 as soon as the
// header says so, before the payload arrives.
ParseOutcome ParseFrame(std::string_view input, bool from_client,
                        size_t max_payload_bytes, std::string& payload);

// Joins data frames into messages and answers what to do with each frame.
// REQUIRES: frames in the order they arrived on one connection.
class MessageAssembler {
 public:
  explicit MessageAssembler(size_t max_message_bytes)
      : max_message_bytes_(max_message_bytes) {}

  enum class Step {
    kNone,     // a fragment was stored; nothing to deliver yet
    kMessage,  // message() holds a complete message (binary() says which)
    kControl,  // a ping, pong or close: the caller answers it
    kError,    // close with error_code()/error_reason()
  };

  // Takes one parsed frame with its payload (moved from on kMessage).
  Step Add(const ParsedFrame& frame, std::string& payload);

  std::string& message() { return message_; }
  bool binary() const { return binary_; }
  int error_code() const { return error_code_; }
  const char* error_reason() const { return error_reason_; }

 private:
  size_t max_message_bytes_;
  std::string message_;
  bool in_message_ = false;
  bool binary_ = false;
  int error_code_ = 0;
  const char* error_reason_ = "";
};

}  // namespace mc::websocket_frame
