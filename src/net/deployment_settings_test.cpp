#include "net/deployment_settings.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/sqlite_store.h"
#include "testing/temp_dir.h"

namespace mc {
namespace {

Actor Admin() { return Actor{1, "admin", "", "r1"}; }

class DeploymentSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    store_ = std::move(*SqliteStore::Open(dir_.File("db")));
    audit_ = std::make_unique<AuditLog>(*store_, std::string(32, 'c'), clock_);
    defaults_.crisis_lines = {{"Emergency", "call 112"}};
    defaults_.rtc.stun_urls = {"stun:config.example.org:3478"};
    settings_ = Fresh();
  }

  std::unique_ptr<DeploymentSettings> Fresh() {
    auto settings = std::make_unique<DeploymentSettings>(*store_, audit_.get(), clock_, defaults_);
    EXPECT_TRUE(settings->Load().ok());
    return settings;
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> actions;
    auto rows = store_->ListAudit(0, 100);
    EXPECT_TRUE(rows.ok());
    if (!rows.ok()) return actions;
    for (const AuditRow& row : *rows) actions.push_back(row.action + " " + row.outcome);
    return actions;
  }

  testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AuditLog> audit_;
  DeploymentValues defaults_;
  std::unique_ptr<DeploymentSettings> settings_;
};

TEST_F(DeploymentSettingsTest, ConfiguredValuesApplyUntilTheConsoleOverridesThem) {
  EXPECT_EQ(settings_->Current()->crisis_lines.at(0).how, "call 112");
  auto before = settings_->Current();
  ASSERT_TRUE(settings_->SetCrisisLines(Admin(), {{"Crisis line", "call 0800 000 000"}}).ok());
  // Readers holding the old snapshot keep it; the next reader sees the change.
  EXPECT_EQ(before->crisis_lines.at(0).label, "Emergency");
  EXPECT_EQ(settings_->Current()->crisis_lines.at(0).label, "Crisis line");
  EXPECT_EQ(settings_->Current()->rtc.stun_urls, defaults_.rtc.stun_urls);
  // Kept across a restart, and reset back to the configured value.
  auto restarted = Fresh();
  EXPECT_EQ(restarted->Current()->crisis_lines.at(0).label, "Crisis line");
  auto described = restarted->Describe(Admin());
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(described->crisis_lines.source, SettingSource::kConsole);
  EXPECT_EQ(described->rtc.source, SettingSource::kConfig);
  ASSERT_TRUE(restarted->Reset(Admin(), "crisis_lines").ok());
  EXPECT_EQ(restarted->Current()->crisis_lines.at(0).label, "Emergency");
  EXPECT_EQ(ErrorCode(restarted->Reset(Admin(), "crisis_lines")), "setting_not_found");
  EXPECT_EQ(ErrorCode(restarted->Reset(Admin(), "nonsense")), "setting_not_found");
  EXPECT_EQ(Fresh()->Current()->crisis_lines.at(0).label, "Emergency");
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"settings.crisis_lines success",
                                                      "settings.reset success"}));
}

TEST_F(DeploymentSettingsTest, OnlyOperatorsChangeOrReadThemAndRefusalsAreAudited) {
  const Actor clinician{2, "clinician", "", "r2"};
  EXPECT_EQ(ErrorCode(settings_->SetCrisisLines(clinician, {})), "access_denied");
  EXPECT_EQ(ErrorCode(settings_->Describe(clinician).status()), "access_denied");
  EXPECT_EQ(ErrorCode(settings_->SetRtc(clinician, {})), "access_denied");
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"settings denied", "settings denied",
                                                      "settings denied"}));
}

TEST_F(DeploymentSettingsTest, EveryBadValueHasItsCode) {
  const std::string long_label(61, 'a');
  const std::pair<CrisisLine, const char*> lines[] = {
      {{"", "call 112"}, "invalid_crisis_line"},
      {{long_label, "call 112"}, "invalid_crisis_line"},
      {{"Emergency", ""}, "invalid_crisis_line"},
      {{"Emergency", std::string(121, '1')}, "invalid_crisis_line"},
      {{"Emergency", "call someone"}, "invalid_crisis_line"},
      {{"Emer:gency", "call 112"}, "invalid_crisis_line"},
      {{"Emergency", "call\n112"}, "invalid_crisis_line"},
      {{"Emergency", "call \xff 112"}, "invalid_crisis_line"},
  };
  for (const auto& [line, code] : lines) {
    EXPECT_EQ(ErrorCode(settings_->SetCrisisLines(Admin(), {line})), code) << line.label << line.how;
  }
  EXPECT_TRUE(settings_->SetCrisisLines(Admin(), {{"Chat", "https://chat.example.org"}}).ok());
  EXPECT_EQ(ErrorCode(settings_->SetCrisisLines(Admin(), std::vector<CrisisLine>(9, {"A", "112"}))),
            "too_many_crisis_lines");
  using Change = DeploymentSettings::RtcChange;
  const std::pair<Change, const char*> rtc[] = {
      {{{"turn:x.example.org"}, {}, {}}, "invalid_stun_url"},
      {{{"stun:"}, {}, {}}, "invalid_stun_url"},
      {{{"stun:a b"}, {}, {}}, "invalid_stun_url"},
      {{{"stun:" + std::string(300, 'a')}, {}, {}}, "invalid_stun_url"},
      {{{}, {"stun:x.example.org"}, std::string(20, 's')}, "invalid_turn_url"},
      {{std::vector<std::string>(9, "stun:x.example.org"), {}, {}}, "too_many_urls"},
      {{{}, {"turn:x.example.org"}, {}}, "turn_secret_required"},
      {{{}, {"turn:x.example.org"}, std::string("short")}, "invalid_turn_secret"},
      {{{}, {"turn:x.example.org"}, std::string(20, ' ')}, "invalid_turn_secret"},
  };
  for (const auto& [change, code] : rtc) EXPECT_EQ(ErrorCode(settings_->SetRtc(Admin(), change)), code) << code;
  // Nothing refused was kept.
  EXPECT_EQ(settings_->Current()->rtc.stun_urls, defaults_.rtc.stun_urls);
}

TEST_F(DeploymentSettingsTest, TheTurnSecretIsKeptUnlessReplaced) {
  const std::string secret = "a-long-turn-secret-0123";
  ASSERT_TRUE(settings_->SetRtc(Admin(), {{}, {"turns:turn.example.org:5349"}, secret}).ok());
  ASSERT_TRUE(settings_->SetRtc(Admin(), {{"stun:new.example.org"}, {"turn:turn.example.org"}, {}}).ok());
  auto restarted = Fresh();
  EXPECT_EQ(restarted->Current()->rtc.turn_secret, secret);
  EXPECT_EQ(restarted->Current()->rtc.stun_urls, std::vector<std::string>{"stun:new.example.org"});
  // Removing the secret needs the TURN servers gone too.
  EXPECT_EQ(ErrorCode(restarted->SetRtc(Admin(), {{}, {"turn:turn.example.org"}, std::string()})),
            "turn_secret_required");
  ASSERT_TRUE(restarted->SetRtc(Admin(), {{}, {}, std::string()}).ok());
  EXPECT_TRUE(restarted->Current()->rtc.turn_secret.empty());
  // The audit rows name the section, never the values.
  auto rows = store_->ListAudit(0, 100);
  ASSERT_TRUE(rows.ok());
  for (const AuditRow& row : *rows) {
    EXPECT_EQ(row.resource, "Setting/rtc");
    EXPECT_EQ(row.purpose.find(secret), std::string::npos);
  }
}

TEST_F(DeploymentSettingsTest, ConfigurationFormParsesToTheSameChecks) {
  auto line = ParseCrisisLine("  Crisis line : call 0800 000 000 ");
  ASSERT_TRUE(line.ok());
  EXPECT_EQ(line->label, "Crisis line");
  EXPECT_EQ(line->how, "call 0800 000 000");
  EXPECT_EQ(ErrorCode(ParseCrisisLine("no colon").status()), "invalid_crisis_line");
  EXPECT_EQ(ErrorCode(ParseCrisisLine(": 112").status()), "invalid_crisis_line");
}

}  // namespace
}  // namespace mc
