// The load generator's failure paths; its success path needs a real server
// (scripts/bench-world and the integration tests drive it).
#include "tools/loadgen/loadgen.h"

#include <gtest/gtest.h>

namespace mc::loadgen {
namespace {

TEST(Loadgen, RejectsUrlsItCannotUse) {
  for (const char* url :
       {"http://127.0.0.1:1/ws", "wss://127.0.0.1:1/ws", "ws://"}) {
    LoadgenOptions options;
    options.url = url;
    auto report = RunLoadgen(options);
    ASSERT_FALSE(report.ok()) << url;
    EXPECT_EQ(ErrorCode(report.status()), "bad_url");
  }
}

TEST(Loadgen, RejectsNonPositiveOptions) {
  LoadgenOptions options;
  options.bots = 0;
  EXPECT_EQ(ErrorCode(RunLoadgen(options).status()), "bad_options");
}

TEST(Loadgen, CountsBotsThatCannotConnectAsFailed) {
  LoadgenOptions options;
  options.url = "ws://127.0.0.1:9/ws";  // discard port: nothing listens
  options.bots = 20;
  options.seconds = 0.1;
  auto report = RunLoadgen(options);
  ASSERT_TRUE(report.ok()) << MessageOf(report.status());
  EXPECT_EQ(report->failed, 20);
  EXPECT_EQ(report->connected, 0);
  EXPECT_FALSE(report->ok());
  ASSERT_FALSE(report->error_samples.empty());
  EXPECT_NE(report->error_samples[0].find("bot-session connect"),
            std::string::npos);
  EXPECT_NE(LoadgenReportJson(*report).find("\"failed\": 20"),
            std::string::npos);
}

}  // namespace
}  // namespace mc::loadgen
