#include "world/protocol.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "core/crypto.h"
#include "world/protocol_json.h"

namespace mc::world::protocol {
namespace {

using nlohmann::json;

std::string SourceDir() {
  if (const char* dir = std::getenv("METACLINIC_SOURCE_DIR")) return dir;
  return METACLINIC_SOURCE_DIR_FALLBACK;
}

std::string VectorDir() { return SourceDir() + "/tests/vectors/protocol"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Unhex(std::string hex) {
  std::string clean;
  for (char c : hex) {
    if (std::isxdigit(static_cast<unsigned char>(c))) clean.push_back(c);
  }
  auto bytes = HexDecode(clean);
  EXPECT_TRUE(bytes.ok()) << hex;
  return bytes.ok() ? *bytes : std::string();
}

// ---- quantization ----

TEST(Quantization, PositionStepIsAtMostOneCentimetreOnTheLargestSpace) {
  const float min = -327.5f, max = 327.5f;  // 655 m
  std::mt19937 random(7);
  std::uniform_real_distribution<float> position(min, max);
  for (int i = 0; i < 10000; ++i) {
    const float value = position(random);
    const float back = DequantizeAxis(QuantizeAxis(value, min, max), min, max);
    EXPECT_LE(std::fabs(back - value), 0.005f + 1e-4f) << value;
  }
}

TEST(Quantization, ClampsOutsideBoundsAndNan) {
  EXPECT_EQ(QuantizeAxis(-5, 0, 10), 0);
  EXPECT_EQ(QuantizeAxis(50, 0, 10), 0xffff);
  EXPECT_EQ(QuantizeAxis(std::nanf(""), 0, 10), 0);
  EXPECT_EQ(QuantizeAxis(10, 0, 10), 0xffff);
}

TEST(Quantization, SmallestThreeRoundTripsWithinAFractionOfADegree) {
  std::mt19937 random(11);
  std::normal_distribution<float> normal;
  for (int i = 0; i < 10000; ++i) {
    Quat q{normal(random), normal(random), normal(random), normal(random)};
    const float length =
        std::sqrt(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w);
    q = {q.x / length, q.y / length, q.z / length, q.w / length};
    const Quat back = UnpackRotation(PackRotation(q));
    const float dot =
        std::fabs(q.x * back.x + q.y * back.y + q.z * back.z + q.w * back.w);
    const float angle_deg =
        2 * std::acos(std::min(1.0f, dot)) * 180 / 3.14159265f;
    EXPECT_LT(angle_deg, 0.5f);
  }
}

TEST(Quantization, ZeroQuaternionPacksAsIdentity) {
  const Quat back = UnpackRotation(PackRotation({0, 0, 0, 0}));
  EXPECT_NEAR(back.w, 1, 1e-3);
  EXPECT_EQ(PackRotation({0, 0, 0, 0}), PackRotation({0, 0, 0, 1}));
}

TEST(Utf8, AcceptsValidAndRejectsBrokenSequences) {
  EXPECT_TRUE(IsValidUtf8("hello"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

// ---- decode errors: one test per path ----

void ExpectDecodeError(std::string_view frame, std::string_view code,
                       int close_code) {
  auto decoded = DecodeClientMessage(frame);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(ErrorCode(decoded.status()), code) << MessageOf(decoded.status());
  EXPECT_EQ(CloseCodeForDecodeError(decoded.status()), close_code);
}

TEST(Decode, EmptyFrameIsMalformed) {
  ExpectDecodeError("", "malformed_frame", 1002);
}

TEST(Decode, UnknownTypeIsUnsupported) {
  ExpectDecodeError(std::string("\x3f", 1), "unknown_message", 1003);
}

TEST(Decode, ServerTypeFromClientIsUnsupported) {
  ExpectDecodeError(Encode(ServerMessage(Pong{1, 2})), "unknown_message", 1003);
}

TEST(Decode, TruncatedPoseIsMalformed) {
  std::string frame = Encode(ClientMessage(Pose{}));
  frame.pop_back();
  ExpectDecodeError(frame, "malformed_frame", 1002);
}

TEST(Decode, TrailingBytesAreMalformed) {
  ExpectDecodeError(Encode(ClientMessage(Ping{5})) + "x", "malformed_frame",
                    1002);
}

TEST(Decode, UnknownPoseFlagsAreMalformed) {
  std::string frame = Encode(ClientMessage(Pose{}));
  frame[5] = 0x02;
  ExpectDecodeError(frame, "malformed_frame", 1002);
}

// docs/protocol.md: hello's flag bits other than bit 0 must be 0 (close 1002).
TEST(Decode, UndefinedHelloFlagsAreMalformed) {
  Hello hello;
  hello.min_version = 1;
  hello.max_version = 1;
  hello.flags = 0x80;
  ExpectDecodeError(Encode(ClientMessage(hello)), "malformed_frame", 1002);
  hello.flags = 0x01;
  EXPECT_TRUE(DecodeClientMessage(Encode(ClientMessage(hello))).ok());
}

TEST(Decode, UnknownChatScopeIsMalformed) {
  std::string frame = Encode(ClientMessage(Chat{ChatScope::kSpace, 0, "hi"}));
  frame[1] = 7;
  ExpectDecodeError(frame, "malformed_frame", 1002);
}

TEST(Decode, InvalidUtf8IsInconsistentData) {
  ExpectDecodeError(Encode(ClientMessage(Chat{ChatScope::kSpace, 0, "\xc3("})),
                    "invalid_utf8", 1007);
}

TEST(Decode, UnknownPresenceSignalAndSettingsValuesAreMalformed) {
  ExpectDecodeError(std::string("\x06\x09", 2), "malformed_frame", 1002);
  std::string signal = Encode(ClientMessage(Signal{SignalKind::kIce, 2, "{}"}));
  signal[1] = 9;
  ExpectDecodeError(signal, "malformed_frame", 1002);
  ExpectDecodeError(std::string("\x0b\x80", 2), "malformed_frame", 1002);
}

TEST(Decode, StringLongerThanFrameIsMalformed) {
  ExpectDecodeError(std::string("\x02\x10"
                                "abc",
                                5),
                    "malformed_frame", 1002);
}

TEST(Decode, SnapshotLeftRecordWithFieldsIsMalformed) {
  Snapshot snapshot;
  SnapshotRecord record;
  record.entity = 3;
  record.flags = kRecordLeft | kRecordBodyRotation;
  snapshot.records.push_back(record);
  auto decoded = DecodeServerMessage(Encode(ServerMessage(snapshot)));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(ErrorCode(decoded.status()), "malformed_frame");
}

TEST(Decode, SnapshotCountLargerThanRecordsIsMalformed) {
  std::string frame = Encode(ServerMessage(Snapshot{1, 2, {}}));
  frame[9] = 5;
  EXPECT_FALSE(DecodeServerMessage(frame).ok());
}

TEST(Encode, LongStringsAreCutAtACharacterBoundary) {
  std::string name(254, 'a');
  name += "\xc3\xa9";  // 256 bytes: the é straddles the 255 limit
  auto decoded = DecodeClientMessage(Encode(ClientMessage(Join{name})));
  ASSERT_TRUE(decoded.ok()) << MessageOf(decoded.status());
  EXPECT_EQ(std::get<Join>(*decoded).space, std::string(254, 'a'));
}

TEST(SnapshotWriter, MatchesTheGeneralEncoderAndRecordSize) {
  SnapshotRecord entered;
  entered.entity = 9;
  entered.flags = kRecordEntered | kRecordBodyPosition | kRecordBodyRotation |
                  kRecordHeadPosition | kRecordHeadRotation;
  entered.name = "Ada";
  SnapshotRecord delta;
  delta.entity = 10;
  delta.flags = kRecordDelta | kRecordBodyPosition;
  delta.body_position[0] = -3;
  SnapshotWriter writer;
  writer.Reset(7, 8);
  writer.Add(entered);
  writer.Add(delta);
  EXPECT_EQ(writer.size(), SnapshotWriter::kHeaderSize + RecordSize(entered) +
                               RecordSize(delta));
  const std::string frame = writer.Finish();
  EXPECT_EQ(frame, Encode(ServerMessage(Snapshot{7, 8, {entered, delta}})));
}

// ---- golden vectors ----

TEST(GoldenVectors, EveryValidVectorDecodesToItsFieldsAndReencodesToItsBytes) {
  const json index = json::parse(ReadFile(VectorDir() + "/index.json"));
  ASSERT_EQ(index["version"], kVersion);
  int checked = 0;
  for (const json& vector : index["valid"]) {
    SCOPED_TRACE(vector["name"].get<std::string>());
    const std::string bytes =
        Unhex(ReadFile(VectorDir() + "/" + vector["file"].get<std::string>()));
    if (vector["direction"] == "client") {
      auto decoded = DecodeClientMessage(bytes);
      ASSERT_TRUE(decoded.ok()) << MessageOf(decoded.status());
      EXPECT_EQ(ToJson(*decoded), vector["message"]);
      EXPECT_EQ(Encode(*decoded), bytes);
    } else {
      auto decoded = DecodeServerMessage(bytes);
      ASSERT_TRUE(decoded.ok()) << MessageOf(decoded.status());
      EXPECT_EQ(ToJson(*decoded), vector["message"]);
      EXPECT_EQ(Encode(*decoded), bytes);
    }
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

TEST(GoldenVectors, AvatarLimitsMatchTheBrowsers) {
  const json limits =
      json::parse(ReadFile(VectorDir() + "/index.json"))["limits"];
  EXPECT_EQ(limits["avatar_colours"], kAvatarColourCount);
  EXPECT_EQ(limits["avatar_shapes"], kAvatarShapeCount);
  EXPECT_EQ(limits["activity_typing"], kActivityTyping);
  EXPECT_EQ(limits["activity_speaking"], kActivitySpeaking);
  EXPECT_EQ(limits["activity_voice"], kActivityVoice);
  EXPECT_EQ(limits["activity_muted"], kActivityMuted);
  EXPECT_EQ(limits["activity_seated"], kActivitySeated);
  EXPECT_EQ(limits["voice_radius_m"].get<float>(), kVoiceRadiusM);
  EXPECT_EQ(limits["voice_release_m"].get<float>(), kVoiceReleaseM);
  EXPECT_EQ(limits["voice_max_peers"], kVoiceMaxPeers);
}

TEST(GoldenVectors, QuantizationExamplesMatch) {
  const json index = json::parse(ReadFile(VectorDir() + "/index.json"));
  for (const json& example : index["rotations"]) {
    const auto& q = example["quaternion"];
    EXPECT_EQ(PackRotation({q[0], q[1], q[2], q[3]}),
              example["packed"].get<uint32_t>())
        << example.dump();
  }
  for (const json& example : index["positions"]) {
    EXPECT_EQ(QuantizeAxis(example["value"], example["min"], example["max"]),
              example["quantized"].get<uint16_t>())
        << example.dump();
  }
}

TEST(GoldenVectors, EveryInvalidVectorFailsWithItsCodeAndCloseCode) {
  const json index = json::parse(ReadFile(VectorDir() + "/index.json"));
  int checked = 0;
  for (const json& vector : index["invalid"]) {
    SCOPED_TRACE(vector["name"].get<std::string>());
    const std::string bytes =
        Unhex(ReadFile(VectorDir() + "/" + vector["file"].get<std::string>()));
    const Status status = vector["direction"] == "client"
                              ? DecodeClientMessage(bytes).status()
                              : DecodeServerMessage(bytes).status();
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(ErrorCode(status), vector["error"]);
    EXPECT_EQ(CloseCodeForDecodeError(status), vector["close_code"]);
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

}  // namespace
}  // namespace mc::world::protocol
