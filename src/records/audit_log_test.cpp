#include "records/audit_log.h"

#include <sqlite3.h>

#include <sstream>

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/sqlite_store.h"
#include "testing/temp_dir.h"

namespace mc {
namespace {

// Opens the database file directly, as an attacker with file access would,
// and drops the append-only triggers first.
void Tamper(const std::string& path, const std::string& sql) {
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  const std::string script =
      "DROP TRIGGER IF EXISTS audit_log_no_update;"
      "DROP TRIGGER IF EXISTS audit_log_no_delete;" + sql;
  ASSERT_EQ(sqlite3_exec(raw, script.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(raw);
  sqlite3_close(raw);
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    store_ = std::move(*SqliteStore::Open(db_path()));
    audit_ = std::make_unique<AuditLog>(*store_, std::string(32, 'k'), clock_);
    for (int index = 0; index < 5; ++index) {
      ASSERT_TRUE(audit_->Record(Actor{index, "clinician", "", "req"},
                                 {"record.read", "VaultRecord/x", "p1",
                                  AuditOutcome::kSuccess})
                      .ok());
    }
  }
  std::string db_path() const { return dir_.File("db"); }
  AuditVerifyReport Verify() {
    auto report = audit_->Verify();
    EXPECT_TRUE(report.ok()) << report.status();
    return *report;
  }
  testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AuditLog> audit_;
};

TEST_F(AuditLogTest, UntouchedChainVerifies) {
  AuditVerifyReport report = Verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.records_checked, 5);
}

TEST_F(AuditLogTest, DetectsEdit) {
  Tamper(db_path(), "UPDATE audit_log SET outcome='denied' WHERE seq=3");
  AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 3);
}

TEST_F(AuditLogTest, DetectsDeletionInTheMiddle) {
  Tamper(db_path(), "DELETE FROM audit_log WHERE seq=2");
  AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 3);
}

TEST_F(AuditLogTest, DetectsDeletionAtTheEnd) {
  Tamper(db_path(), "DELETE FROM audit_log WHERE seq=5");
  AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 5);
}

// Finding 11: cutting the newest records and rewriting the head to match
// (possible without the chain key) used to pass.
TEST_F(AuditLogTest, DetectsATruncatedTailWithARewrittenHead) {
  Tamper(db_path(),
         "DELETE FROM audit_log WHERE seq >= 4;"
         "UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit_log WHERE seq = 3);");
  AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 3);
  EXPECT_NE(report.problem.find("MAC"), std::string::npos) << report.problem;
  // And the log is not extended over the forged head.
  EXPECT_EQ(ErrorCode(audit_->Record(Actor{1, "clinician", "", "req"},
                                     {"login", "", "", AuditOutcome::kSuccess})),
            "audit_head_forged");
}

TEST_F(AuditLogTest, ACheckpointDetectsARollbackTheHeadCannot) {
  auto checkpoint = audit_->Checkpoint();
  ASSERT_TRUE(checkpoint.ok());
  EXPECT_EQ(checkpoint->seq, 5);
  auto parsed = AuditLog::ParseCheckpoint(AuditLog::CheckpointJson(*checkpoint));
  ASSERT_TRUE(parsed.ok());
  auto report = audit_->Verify(&*parsed);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->problem;

  // An older copy of the database (consistent chain, head with a valid MAC)
  // passes on its own, but not against the checkpoint.
  {
    testing::TempDir older_dir;
    auto older = SqliteStore::Open(older_dir.File("db"));
    ASSERT_TRUE(older.ok());
    AuditLog older_audit(**older, std::string(32, 'k'), clock_);
    for (int index = 0; index < 3; ++index) {
      ASSERT_TRUE(older_audit.Record(Actor{index, "clinician", "", "req"},
                                     {"record.read", "VaultRecord/x", "p1",
                                      AuditOutcome::kSuccess})
                      .ok());
    }
    auto alone = older_audit.Verify();
    ASSERT_TRUE(alone.ok() && alone->ok);
    auto against = older_audit.Verify(&*parsed);
    ASSERT_TRUE(against.ok());
    EXPECT_FALSE(against->ok);
    EXPECT_NE(against->problem.find("deleted"), std::string::npos) << against->problem;
  }
  // A checkpoint edited by hand is refused.
  AuditCheckpoint forged = *parsed;
  forged.seq = 4;
  auto refused = audit_->Verify(&forged);
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->ok);
  EXPECT_NE(refused->problem.find("checkpoint's MAC"), std::string::npos);
  EXPECT_EQ(ErrorCode(AuditLog::ParseCheckpoint("{\"seq\": 1}").status()),
            "invalid_checkpoint");
  EXPECT_EQ(ErrorCode(AuditLog::ParseCheckpoint("not json").status()), "invalid_checkpoint");
}

TEST_F(AuditLogTest, DetectsReorder) {
  Tamper(db_path(),
         "UPDATE audit_log SET seq=100 WHERE seq=2;"
         "UPDATE audit_log SET seq=2 WHERE seq=3;"
         "UPDATE audit_log SET seq=3 WHERE seq=100;");
  AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 2);
}

TEST_F(AuditLogTest, DetectsInsertion) {
  Tamper(db_path(),
         "INSERT INTO audit_log SELECT 6, time_unix_ms, actor_user_id, "
         "actor_role, action, resource, patient_pseudonym, outcome, "
         "request_id, hash, hash, purpose FROM audit_log WHERE seq=5");
  AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_bad_seq, 6);
}

TEST_F(AuditLogTest, PurposeIsCoveredByTheChain) {
  Actor actor{3, "clinician", "", "req", "", "break-glass: unconscious patient"};
  ASSERT_TRUE(audit_->Record(actor, {"record.read", "VaultRecord/x", "p1",
                                     AuditOutcome::kSuccess})
                  .ok());
  EXPECT_TRUE(Verify().ok);
  Tamper(db_path(), "UPDATE audit_log SET purpose = 'care relationship' "
                    "WHERE purpose <> ''");
  AuditVerifyReport report = Verify();
  EXPECT_FALSE(report.ok);
}

TEST_F(AuditLogTest, ExportsOneJsonLinePerRecord) {
  std::ostringstream out;
  ASSERT_TRUE(audit_->ExportJsonLines(out).ok());
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5);
  EXPECT_NE(text.find("\"action\":\"record.read\""), std::string::npos);
}

TEST_F(AuditLogTest, InvalidUtf8InAPurposeIsRepairedBeforeSealing) {
  Actor actor{3, "clinician", "", "req\xFF", "", "break-glass: K\xE4\xF6se"};
  ASSERT_TRUE(audit_->Record(actor, {"record.read", "VaultRecord/\xC0\xAF",
                                     "p1", AuditOutcome::kSuccess})
                  .ok());
  std::ostringstream out;
  ASSERT_TRUE(audit_->ExportJsonLines(out).ok());
  EXPECT_NE(out.str().find("break-glass: K\xEF\xBF\xBD\xEF\xBF\xBDse"),
            std::string::npos);
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditLogTest, ExportSurvivesInvalidUtf8StoredBeforeTheRepair) {
  Tamper(db_path(), "UPDATE audit_log SET purpose = CAST(X'E4F6' AS TEXT) WHERE seq=2");
  std::ostringstream out;
  EXPECT_TRUE(audit_->ExportJsonLines(out).ok());
}

}  // namespace
}  // namespace mc
