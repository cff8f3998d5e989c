#include "media/janus_external.h"

#include <gtest/gtest.h>

namespace mc::media {
namespace {

TEST(ParseJanusUrl, ReadsHostPortAndPath) {
  auto http = ParseJanusUrl("http://10.0.0.5:8088/janus", "http");
  ASSERT_TRUE(http.ok());
  EXPECT_EQ(http->host, "10.0.0.5");
  EXPECT_EQ(http->port, 8088);
  EXPECT_EQ(http->path, "/janus");
  auto ws = ParseJanusUrl("ws://media.internal:8188", "ws");
  ASSERT_TRUE(ws.ok());
  EXPECT_EQ(ws->host, "media.internal");
  EXPECT_EQ(ws->port, 8188);
  EXPECT_EQ(ws->path, "/janus");
  EXPECT_EQ(ParseJanusUrl("http://10.0.0.5:8088/rtc", "http")->path, "/rtc");
}

TEST(ParseJanusUrl, RefusesWhatItCannotUse) {
  for (const char* bad : {"https://10.0.0.5:8089/janus", "ws://10.0.0.5:8188", "http://10.0.0.5/janus",
                          "http://:8088", "http://10.0.0.5:0", "http://10.0.0.5:99999",
                          "http://user:pw@10.0.0.5:8088", "http://10.0.0.5:8088/janus?x=1",
                          "http://bad_host!:8088", ""}) {
    auto parsed = ParseJanusUrl(bad, "http");
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.ok() ? "" : ErrorCode(parsed.status()), "invalid_janus_url") << bad;
  }
}

TEST(ResolveJanusHost, TakesDottedAddressesAndLocalNames) {
  JanusEndpoint endpoint{"10.1.2.3", 0, 8088, "/janus"};
  ASSERT_TRUE(ResolveJanusHost(endpoint).ok());
  EXPECT_EQ(endpoint.ipv4, 0x0a010203u);
  JanusEndpoint local{"localhost", 0, 8088, "/janus"};
  ASSERT_TRUE(ResolveJanusHost(local).ok());
  EXPECT_EQ(local.ipv4 >> 24, 127u);
  JanusEndpoint nowhere{"no-such-host.invalid", 0, 8088, "/janus"};
  EXPECT_EQ(ErrorCode(ResolveJanusHost(nowhere)), "janus_unresolved");
}

TEST(CheckJanusSecret, RefusesSamplesAndShortOnesWithoutSayingThem) {
  for (const char* sample : {"janusoverlord", "supersecret", "janusrocks"}) {
    const Status status = CheckJanusSecret("media.janus_admin_key", sample);
    EXPECT_EQ(ErrorCode(status), "weak_janus_secret");
    EXPECT_EQ(MessageOf(status).find(sample), std::string::npos);
  }
  EXPECT_EQ(ErrorCode(CheckJanusSecret("media.janus_token_secret", "short-secret")),
            "weak_janus_secret");
  EXPECT_TRUE(CheckJanusSecret("media.janus_token_secret",
                               "9f2c4e0b7a1d6f3e8c5b2a9d4e7f1c3b").ok());
}

}  // namespace
}  // namespace mc::media
