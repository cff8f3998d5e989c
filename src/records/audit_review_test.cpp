#include "records/audit_review.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/sqlite_store.h"
#include "testing/temp_dir.h"

namespace mc {
namespace {

class AuditReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    store_ = std::move(*SqliteStore::Open(dir_.File("db")));
    log_ = std::make_unique<AuditLog>(*store_, std::string(32, 'k'), clock_);
    review_ = std::make_unique<AuditReview>(*log_);
    Append(Actor{2, "clinician", "", "r1"}, {"record.read", "VaultRecord/a", "p1"});
    clock_.AdvanceMs(24 * 60 * 60 * 1000);
    Append(Actor{3, "nurse", "", "r2"}, {"record.write", "VaultRecord/b", "p2",
                                         AuditOutcome::kDenied});
    Actor breaking_glass{2, "clinician", "", "r3"};
    breaking_glass.purpose = "break-glass: collapsed in the waiting room";
    Append(breaking_glass, {"record.read", "VaultRecord/c", "p3"});
    Append(Actor{1, "admin", "", "r4"}, {"user.create", "User/9", ""});
  }
  void Append(const Actor& actor, const AuditEvent& event) {
    ASSERT_TRUE(log_->Record(actor, event).ok());
  }
  std::vector<AuditRow> Search(const AuditFilter& filter) {
    auto page = review_->Search(admin_, filter);
    EXPECT_TRUE(page.ok()) << page.status();
    return page.ok() ? page->rows : std::vector<AuditRow>{};
  }
  std::vector<int64_t> Seqs(const std::vector<AuditRow>& rows) {
    std::vector<int64_t> seqs;
    for (const AuditRow& row : rows) seqs.push_back(row.seq);
    return seqs;
  }

  testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AuditLog> log_;
  std::unique_ptr<AuditReview> review_;
  const Actor admin_{1, "admin", "", "req"};
};

TEST_F(AuditReviewTest, SearchIsNewestFirstAndFilters) {
  EXPECT_EQ(Seqs(Search({})), (std::vector<int64_t>{4, 3, 2, 1}));
  // The search above is itself in the log now (seq 5).
  EXPECT_EQ(Seqs(Search({.actor_user_id = 2})), (std::vector<int64_t>{3, 1}));
  EXPECT_EQ(Seqs(Search({.patient_pseudonym = "p2"})), (std::vector<int64_t>{2}));
  EXPECT_EQ(Seqs(Search({.action = "record."})), (std::vector<int64_t>{3, 2, 1}));
  EXPECT_EQ(Seqs(Search({.action = "record"})), (std::vector<int64_t>{}));
  EXPECT_EQ(Seqs(Search({.outcome = "denied"})), (std::vector<int64_t>{2}));
  EXPECT_EQ(Seqs(Search({.action = "record.", .limit = 1, .offset = 1})),
            (std::vector<int64_t>{2}));
  EXPECT_TRUE(review_->Search(admin_, {.action = "record.", .limit = 2})->more);
  EXPECT_FALSE(review_->Search(admin_, {.action = "record.", .limit = 3})->more);
  const int64_t day_two = clock_.NowUnixMs() - 1000;
  EXPECT_EQ(Seqs(Search({.action = "record.", .until_unix_ms = day_two})),
            (std::vector<int64_t>{1}));
  EXPECT_EQ(Seqs(Search({.action = "record.", .since_unix_ms = day_two})),
            (std::vector<int64_t>{3, 2}));
}

TEST_F(AuditReviewTest, ReadingTheLogIsAudited) {
  Search({.patient_pseudonym = "p3"});
  auto rows = log_->Search({.action = "audit.read"});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].actor_user_id, 1);
  EXPECT_EQ((*rows)[0].patient_pseudonym, "p3");
  EXPECT_EQ((*rows)[0].outcome, "success");
}

TEST_F(AuditReviewTest, NonReviewersAreRefusedAndAudited) {
  const Actor nurse{3, "nurse", "", "req"};
  EXPECT_EQ(ErrorCode(review_->Search(nurse, {}).status()), "access_denied");
  EXPECT_EQ(ErrorCode(review_->Verify(nurse).status()), "access_denied");
  EXPECT_EQ(ErrorCode(review_->Acknowledge(nurse, 3).status()), "access_denied");
  auto denied = log_->Search({.actor_user_id = 3, .outcome = "denied"});
  ASSERT_TRUE(denied.ok());
  ASSERT_EQ(denied->size(), 4u);  // three refusals and the seeded one
  EXPECT_EQ((*denied)[0].action, "alert.acknowledge");
  EXPECT_EQ((*denied)[1].action, "audit.verify");
  EXPECT_EQ((*denied)[2].action, "audit.read");
}

TEST_F(AuditReviewTest, RejectsBadFilters) {
  EXPECT_EQ(ErrorCode(review_->Search(admin_, {.limit = 0}).status()), "invalid_limit");
  EXPECT_EQ(ErrorCode(review_->Search(admin_, {.limit = 501}).status()), "invalid_limit");
  EXPECT_EQ(ErrorCode(review_->Search(admin_, {.offset = -1}).status()), "invalid_offset");
  EXPECT_EQ(ErrorCode(review_->Search(admin_, {.outcome = "ok"}).status()), "invalid_outcome");
  EXPECT_EQ(ErrorCode(review_->Search(admin_, {.since_unix_ms = 5, .until_unix_ms = 5}).status()),
            "invalid_range");
}

TEST_F(AuditReviewTest, VerifyRunsTheChainCheckAndIsAudited) {
  auto report = review_->Verify(admin_);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->records_checked, 4);
  EXPECT_EQ(AuditReview::VerifyWords(*report), "audit chain ok: 4 records");
  auto rows = log_->Search({.action = "audit.verify"});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 1u);
}

TEST_F(AuditReviewTest, AcknowledgesBreakGlassOnceAndOnlyBreakGlass) {
  EXPECT_EQ(ErrorCode(review_->Acknowledge(admin_, 1).status()), "alert_not_found");
  EXPECT_EQ(ErrorCode(review_->Acknowledge(admin_, 99).status()), "alert_not_found");
  auto first = review_->Acknowledge(admin_, 3);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->by_user_id, 1);
  clock_.AdvanceMs(5 * 60 * 1000);
  auto again = review_->Acknowledge(Actor{7, "admin", "", "req"}, 3);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->by_user_id, 1);
  EXPECT_EQ(again->time_unix_ms, first->time_unix_ms);
  auto acknowledged = review_->Acknowledgements();
  ASSERT_TRUE(acknowledged.ok());
  EXPECT_EQ(acknowledged->size(), 1u);
  auto rows = log_->Search({.action = "alert.acknowledge"});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].resource, "AuditEvent/3");
  EXPECT_EQ((*rows)[0].patient_pseudonym, "p3");
}

}  // namespace
}  // namespace mc
