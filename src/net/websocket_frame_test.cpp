// The framing against RFC 6455's own examples (section 5.7) and each
// error path.
#include "net/websocket_frame.h"

#include <gtest/gtest.h>

namespace mc::websocket_frame {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

TEST(WebSocketFrame, WritesTheRfcUnmaskedHello) {
  std::string out;
  AppendServerFrame(out, Opcode::kText, "Hello");
  EXPECT_EQ(out, Bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}));
}

TEST(WebSocketFrame, WritesExtendedLengths) {
  std::string out;
  AppendServerFrame(out, Opcode::kBinary, std::string(256, 'x'));
  EXPECT_EQ(out.substr(0, 4), Bytes({0x82, 0x7e, 0x01, 0x00}));
  EXPECT_EQ(out.size(), 4u + 256);
  EXPECT_EQ(ServerHeaderSize(256), 4u);
  out.clear();
  AppendServerFrame(out, Opcode::kBinary, std::string(65536, 'x'));
  EXPECT_EQ(out.substr(0, 10),
            Bytes({0x82, 0x7f, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00}));
  EXPECT_EQ(ServerHeaderSize(65536), 10u);
  EXPECT_EQ(ServerHeaderSize(125), 2u);
}

TEST(WebSocketFrame, ParsesTheRfcMaskedHello) {
  const std::string input =
      Bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58});
  std::string payload;
  ParseOutcome outcome = ParseFrame(input, true, 1024, payload);
  ASSERT_EQ(outcome.result, ParseResult::kFrame);
  EXPECT_EQ(payload, "Hello");
  EXPECT_TRUE(outcome.frame.fin);
  EXPECT_EQ(outcome.frame.opcode, Opcode::kText);
  EXPECT_EQ(outcome.frame.consumed, input.size());
  // Every prefix is incomplete, never an error.
  for (size_t size = 0; size < input.size(); ++size) {
    EXPECT_EQ(ParseFrame(input.substr(0, size), true, 1024, payload).result,
              ParseResult::kNeedMore)
        << size;
  }
}

TEST(WebSocketFrame, ClientFramesRoundTrip) {
  std::string wire;
  AppendClientFrame(wire, Opcode::kBinary, std::string(300, '\x7f'),
                    0x01020304);
  AppendClientFrame(wire, Opcode::kPing, "p", 0xa0b0c0d0);
  std::string payload;
  ParseOutcome first = ParseFrame(wire, true, 1024, payload);
  ASSERT_EQ(first.result, ParseResult::kFrame);
  EXPECT_EQ(payload, std::string(300, '\x7f'));
  ParseOutcome second = ParseFrame(
      std::string_view(wire).substr(first.frame.consumed), true, 1024, payload);
  ASSERT_EQ(second.result, ParseResult::kFrame);
  EXPECT_EQ(second.frame.opcode, Opcode::kPing);
  EXPECT_EQ(payload, "p");
}

TEST(WebSocketFrame, RefusesWhatTheProtocolForbids) {
  std::string payload;
  struct Case {
    std::string input;
    int code;
  } cases[] = {
      {Bytes({0x82, 0x01, 'x'}), kCloseProtocolError},        // not masked
      {Bytes({0xc2, 0x80, 0, 0, 0, 0}), kCloseProtocolError},  // RSV1
      {Bytes({0x83, 0x80, 0, 0, 0, 0}), kCloseProtocolError},  // opcode 3
      {Bytes({0x09, 0x80, 0, 0, 0, 0}), kCloseProtocolError},  // split ping
      {Bytes({0x89, 0xfe, 0x00, 0x7e}), kCloseProtocolError},  // ping of 126
      {Bytes({0x82, 0xfe, 0x04, 0x01}), kCloseTooBig},         // 1025 > 1024
      {Bytes({0x82, 0xff, 0x80, 0, 0, 0, 0, 0, 0, 0}), kCloseTooBig},
  };
  for (const Case& c : cases) {
    ParseOutcome outcome = ParseFrame(c.input, true, 1024, payload);
    EXPECT_EQ(outcome.result, ParseResult::kError);
    EXPECT_EQ(outcome.error_code, c.code);
  }
  // A server frame must not be masked.
  EXPECT_EQ(ParseFrame(Bytes({0x82, 0x80, 0, 0, 0, 0}), false, 1024, payload)
                .result,
            ParseResult::kError);
}

TEST(WebSocketFrame, CloseFramesCarryTheCodeAndACutReason) {
  std::string out;
  AppendCloseFrame(out, 1008, std::string(200, 'r'));
  EXPECT_EQ(out.substr(0, 4), Bytes({0x88, 0x7d, 0x03, 0xf0}));
  EXPECT_EQ(out.size(), 2u + 125);
  out.clear();
  // 61 two-byte characters: the cut keeps whole characters only.
  std::string umlauts;
  for (int i = 0; i < 70; ++i) umlauts += "\xc3\xa4";
  AppendCloseFrame(out, 1000, umlauts);
  EXPECT_EQ(out.size(), 2u + 2 + 122);
}

TEST(WebSocketFrame, AssemblesFragmentsUnderTheCap) {
  MessageAssembler assembler(8);
  std::string part = "abc";
  EXPECT_EQ(assembler.Add({false, Opcode::kBinary, 0}, part),
            MessageAssembler::Step::kNone);
  part = "def";
  EXPECT_EQ(assembler.Add({true, Opcode::kContinuation, 0}, part),
            MessageAssembler::Step::kMessage);
  EXPECT_EQ(assembler.message(), "abcdef");
  EXPECT_TRUE(assembler.binary());
  part = "ping";
  EXPECT_EQ(assembler.Add({true, Opcode::kPing, 0}, part),
            MessageAssembler::Step::kControl);
  part = "t";
  EXPECT_EQ(assembler.Add({true, Opcode::kText, 0}, part),
            MessageAssembler::Step::kMessage);
  EXPECT_FALSE(assembler.binary());

  part = "12345";
  EXPECT_EQ(assembler.Add({false, Opcode::kBinary, 0}, part),
            MessageAssembler::Step::kNone);
  part = "6789";
  EXPECT_EQ(assembler.Add({true, Opcode::kContinuation, 0}, part),
            MessageAssembler::Step::kError);
  EXPECT_EQ(assembler.error_code(), kCloseTooBig);
}

TEST(WebSocketFrame, RefusesFragmentsOutOfOrder) {
  MessageAssembler assembler(64);
  std::string part = "x";
  EXPECT_EQ(assembler.Add({true, Opcode::kContinuation, 0}, part),
            MessageAssembler::Step::kError);
  MessageAssembler other(64);
  EXPECT_EQ(other.Add({false, Opcode::kBinary, 0}, part),
            MessageAssembler::Step::kNone);
  EXPECT_EQ(other.Add({true, Opcode::kBinary, 0}, part),
            MessageAssembler::Step::kError);
  EXPECT_EQ(other.error_code(), kCloseProtocolError);
}

}  // namespace
}  // namespace mc::websocket_frame
