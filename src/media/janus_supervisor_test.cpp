// The supervised Janus, for real (Debian's janus, installed by
// scripts/install-deps): it starts from the configuration the server
// writes, answers only requests carrying a token this server signed, keeps
// room creation to the admin key, has no Admin API, comes back by itself
// after SIGKILL, and is gone after Stop.
#include "media/janus_supervisor.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "media/janus_http.h"
#include "media/janus_tokens.h"
#include "testing/temp_dir.h"

namespace mc::media {
namespace {

using nlohmann::json;

class JanusSupervisorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    auto install = FindJanus();
    ASSERT_TRUE(install.ok()) << MessageOf(install.status());
    settings_ = NewJanusSettings(dir_.path() + "/janus");
    supervisor_ = std::make_unique<JanusSupervisor>(
        *install, settings_, [this] { ready_calls_.fetch_add(1); });
    ASSERT_TRUE(supervisor_->Start().ok());
  }

  std::string Token() {
    return MintJanusCoreToken(settings_.token_secret, std::time(nullptr) + 60);
  }
  StatusOr<json> Post(const std::string& path, json body) {
    body["transaction"] = RandomHex(6);
    return JanusHttp(settings_.http_port, path, body);
  }
  // A session with the VideoRoom attached: "/janus/<session>/<handle>".
  std::string Handle() {
    auto session = Post("/janus", {{"janus", "create"}, {"token", Token()}});
    EXPECT_TRUE(session.ok());
    const std::string path =
        "/janus/" + std::to_string((*session)["data"]["id"].get<uint64_t>());
    auto handle = Post(path, {{"janus", "attach"},
                              {"plugin", "janus.plugin.videoroom"},
                              {"token", Token()}});
    EXPECT_TRUE(handle.ok());
    return path + "/" +
           std::to_string((*handle)["data"]["id"].get<uint64_t>());
  }

  mc::testing::TempDir dir_;
  JanusSettings settings_;
  std::atomic<int> ready_calls_{0};
  std::unique_ptr<JanusSupervisor> supervisor_;
};

TEST_F(JanusSupervisorTest, AnswersOnlySignedRequestsAndKeepsRoomsToTheServer) {
  EXPECT_TRUE(supervisor_->ready());
  for (int i = 0; i < 100 && ready_calls_.load() < 1; ++i) ::usleep(20 * 1000);
  EXPECT_EQ(ready_calls_.load(), 1);
  auto unsigned_request = Post("/janus", {{"janus", "create"}});
  ASSERT_TRUE(unsigned_request.ok());
  EXPECT_EQ((*unsigned_request)["janus"], "error");
  auto forged = Post("/janus", {{"janus", "create"},
                                {"token", MintJanusCoreToken("guess", std::time(nullptr) + 60)}});
  EXPECT_EQ((*forged)["janus"], "error");
  auto expired = Post("/janus", {{"janus", "create"},
                                 {"token", MintJanusCoreToken(settings_.token_secret, std::time(nullptr) - 5)}});
  EXPECT_EQ((*expired)["janus"], "error");

  const std::string handle = Handle();
  auto without_key = Post(handle, {{"janus", "message"},
                                   {"token", Token()},
                                   {"body", {{"request", "create"}, {"room", 7}}}});
  ASSERT_TRUE(without_key.ok());
  EXPECT_NE((*without_key)["plugindata"]["data"]["videoroom"], "created");
  auto with_key = Post(handle, {{"janus", "message"},
                                {"token", Token()},
                                {"body", {{"request", "create"},
                                          {"room", 7},
                                          {"admin_key", settings_.room_admin_key}}}});
  ASSERT_TRUE(with_key.ok());
  EXPECT_EQ((*with_key)["plugindata"]["data"]["videoroom"], "created");

  // The sample config's secret means nothing here, and nothing else loads.
  std::ifstream config(settings_.directory + "/janus.jcfg");
  const std::string text((std::istreambuf_iterator<char>(config)), {});
  EXPECT_EQ(text.find("janusoverlord"), std::string::npos);
  EXPECT_NE(text.find(settings_.admin_secret), std::string::npos);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(settings_.directory + "/plugins"),
                          std::filesystem::directory_iterator()),
            1);
}

TEST_F(JanusSupervisorTest, ComesBackAfterSigkillAndStopsWithTheServer) {
  const pid_t first = supervisor_->pid();
  ASSERT_GT(first, 0);
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  // Not ready for a moment, then ready again with a new process.
  for (int i = 0; i < 100 && supervisor_->pid() == first; ++i) ::usleep(50 * 1000);
  ASSERT_TRUE(supervisor_->WaitReady(15000));
  EXPECT_NE(supervisor_->pid(), first);
  EXPECT_EQ(supervisor_->restarts(), 1);
  // on_ready runs just after ready turns true.
  for (int i = 0; i < 100 && ready_calls_.load() < 2; ++i) ::usleep(20 * 1000);
  EXPECT_EQ(ready_calls_.load(), 2);
  EXPECT_TRUE(Post("/janus", {{"janus", "create"}, {"token", Token()}}).ok());

  const pid_t second = supervisor_->pid();
  supervisor_->Stop();
  EXPECT_FALSE(supervisor_->ready());
  EXPECT_NE(::kill(second, 0), 0);  // gone
  EXPECT_FALSE(JanusHttp(settings_.http_port, "/janus/info", nullptr, 300).ok());
}

}  // namespace
}  // namespace mc::media
