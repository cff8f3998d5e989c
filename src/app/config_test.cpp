#include "app/config.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace mc {
namespace {

StatusOr<ServeConfig> Resolve(std::vector<const char*> arguments,
                              const std::string& toml_file) {
  CLI::App app;
  std::vector<std::string> flags;
  AddServeFlags(app, flags);
  arguments.insert(arguments.begin(), "serve");
  app.parse(static_cast<int>(arguments.size()), arguments.data());
  return ResolveServeConfig(app, flags, toml_file, false);
}

TEST(ConfigTest, DefaultsFileFlagsEnvironmentInOrder) {
  testing::TempDir dir;
  const std::string toml = dir.File("metaclinic.toml");
  std::ofstream(toml) << "[server]\nport = 9000\nhost = \"127.0.0.2\"\n"
                         "[sessions]\nidle_timeout_minutes = 5\n";
  auto from_file = Resolve({}, toml);
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ(from_file->port, 9000);
  EXPECT_EQ(from_file->session_idle_minutes, 5);
  EXPECT_EQ(from_file->body_limit_bytes, 1024 * 1024);

  auto from_flag = Resolve({"--port", "9001"}, toml);
  EXPECT_EQ(from_flag->port, 9001);
  EXPECT_EQ(from_flag->host, "127.0.0.2");

  setenv("METACLINIC_PORT", "9002", 1);
  auto from_env = Resolve({"--port", "9001"}, toml);
  unsetenv("METACLINIC_PORT");
  EXPECT_EQ(from_env->port, 9002);
}

TEST(ConfigTest, BadValuesNameTheSettingAndSource) {
  testing::TempDir dir;
  auto bad_flag = Resolve({"--port", "70000"}, "");
  EXPECT_EQ(ErrorCode(bad_flag.status()), "invalid_config");
  EXPECT_NE(MessageOf(bad_flag.status()).find("server.port (--port)"), std::string::npos);
  const std::string toml = dir.File("bad.toml");
  std::ofstream(toml) << "[server\nport=1";
  EXPECT_EQ(ErrorCode(Resolve({}, toml).status()), "invalid_config");
  std::ofstream(toml) << "[log]\nlevel = \"loud\"\n";
  EXPECT_EQ(ErrorCode(Resolve({}, toml).status()), "invalid_config");
}

TEST(ConfigTest, CrisisLinesAreLabelledAndBounded) {
  auto lines = Resolve({"--crisis-lines", "Emergency: call 112; Crisis line: call 0800 000 000"}, "");
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->safety_crisis_lines.size(), 2u);
  EXPECT_EQ(lines->safety_crisis_lines[1], "Crisis line: call 0800 000 000");
  for (const char* bad : {"no label here", ": 112", "Emergency:", "a: 112;b: 112;c: 112;d: 112;e: 112;f: 112;g: 112;h: 112;i: 112",
                          "Line: \x01"}) {
    std::string text = bad;
    EXPECT_EQ(ErrorCode(Resolve({"--crisis-lines", text.c_str()}, "").status()), "invalid_config") << bad;
  }
}

TEST(ConfigTest, AnExternalJanusNeedsItsAddressesAndFreshSecrets) {
  testing::TempDir dir;
  const std::string toml = dir.File("janus.toml");
  std::ofstream(toml) << "[media]\njanus = \"external\"\n"
                         "janus_url = \"http://10.0.0.5:8088/janus\"\n"
                         "janus_ws_url = \"ws://10.0.0.5:8188\"\n"
                         "janus_token_secret = \"5f0c7d1e9a3b2c4d6e8f0a1b2c3d4e5f\"\n"
                         "janus_admin_key = \"a1b2c3d4e5f60718293a4b5c6d7e8f90\"\n";
  auto external = Resolve({}, toml);
  ASSERT_TRUE(external.ok()) << external.status();
  EXPECT_EQ(external->media_janus, "external");
  EXPECT_EQ(external->media_janus_ws_url, "ws://10.0.0.5:8188");
  // One missing: the error names it.
  auto missing = Resolve({"--janus", "external", "--janus-url", "http://10.0.0.5:8088/janus"}, "");
  EXPECT_EQ(ErrorCode(missing.status()), "invalid_config");
  EXPECT_NE(MessageOf(missing.status()).find("needs media.janus_ws_url"), std::string::npos);
  // Set without external: refused, so nobody thinks it is used.
  auto unused = Resolve({"--janus-url", "http://10.0.0.5:8088/janus"}, "");
  EXPECT_NE(MessageOf(unused.status()).find("set media.janus = \"external\""), std::string::npos);
  // The packaged sample secret, a short one, TLS and a URL without a port are refused at start.
  auto sample = Resolve({"--janus-admin-key", "janusoverlord"}, toml);
  EXPECT_EQ(ErrorCode(sample.status()), "invalid_config");
  EXPECT_NE(MessageOf(sample.status()).find("media.janus_admin_key (--janus-admin-key)"), std::string::npos);
  EXPECT_EQ(MessageOf(sample.status()).find("janusoverlord"), std::string::npos);
  for (std::vector<const char*> bad : {std::vector<const char*>{"--janus-token-secret", "short"},
                                       {"--janus-url", "https://10.0.0.5:8089/janus"},
                                       {"--janus-ws-url", "ws://10.0.0.5"}}) {
    EXPECT_EQ(ErrorCode(Resolve(bad, toml).status()), "invalid_config") << bad[0];
  }
}

TEST(ConfigTest, Loopback) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("10.1.2.3"));
}

}  // namespace
}  // namespace mc
