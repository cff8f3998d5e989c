#include "records/vault.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/sqlite_store.h"
#include "testing/temp_dir.h"

namespace mc {
namespace {

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto().ok());
    store_ = std::move(*SqliteStore::Open(dir_.File("db")));
    audit_ = std::make_unique<AuditLog>(*store_, std::string(32, 'a'), clock_);
    vault_ = std::make_unique<Vault>(*store_, *store_, *audit_, clock_, RandomBytes(32));
    auto pseudonym = vault_->CreateSubject(SystemActor());
    ASSERT_TRUE(pseudonym.ok()) << pseudonym.status();
    pseudonym_ = *pseudonym;
    patient_ = Actor{7, "patient", pseudonym_, "r1"};
    ASSERT_TRUE(store_->UpsertDepartment({"cardiology", "Cardiology"}).ok());
    UserRow clinician;
    clinician.login = "doc";
    clinician.role = "clinician";
    clinician.password_hash = "x";
    clinician_.user_id = *store_->CreateUser(clinician);
    ASSERT_TRUE(store_->AddAvailability({clinician_.user_id, "cardiology", 1, 0, 600, 30}).ok());
    first_appointment_ = Relate(pseudonym_);
  }
  // Books a cardiology appointment of `pseudonym` with the clinician: the
  // care relationship the policy asks for. Returns its id.
  int64_t Relate(const std::string& pseudonym) {
    AppointmentRow row;
    row.slot = "s" + std::to_string(++slots_);
    row.department = "cardiology";
    row.clinician_user_id = clinician_.user_id;
    row.start_unix_ms = clock_.NowUnixMs() + slots_ * 3600000;
    row.end_unix_ms = row.start_unix_ms + 1800000;
    row.status = "booked";
    row.patient_pseudonym = pseudonym;
    return *store_->CreateAppointment(row);
  }
  int64_t AuditCount() { return store_->AuditHead()->seq; }

  testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Vault> vault_;
  std::string pseudonym_;
  Actor clinician_{2, "clinician", "", "r0"};
  Actor patient_;
  int64_t first_appointment_ = 0;
  int slots_ = 0;
};

TEST_F(VaultTest, WritesEncryptedAndReadsBack) {
  auto record = vault_->Put(clinician_, pseudonym_, "Condition", "",
                            R"({"code":"E10","note":"synthetic"})");
  ASSERT_TRUE(record.ok()) << record.status();
  auto stored = store_->FindVaultRecord(record->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->ciphertext.find("synthetic"), std::string::npos);
  auto read = vault_->Get(patient_, record->id);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_NE(read->json.find("synthetic"), std::string::npos);
  auto updated = vault_->Put(clinician_, pseudonym_, "Condition", record->id,
                             R"({"code":"E10","note":"v2"})");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(vault_->List(clinician_, pseudonym_, "Condition")->size(), 1u);
}

TEST_F(VaultTest, EveryOperationAuditsExactlyOnce) {
  int64_t before = AuditCount();
  auto record = vault_->Put(clinician_, pseudonym_, "Condition", "", "{}");
  EXPECT_EQ(AuditCount(), before + 1);
  ASSERT_TRUE(vault_->Get(clinician_, record->id).ok());
  EXPECT_EQ(AuditCount(), before + 2);
  ASSERT_TRUE(vault_->List(patient_, pseudonym_, "").ok());
  EXPECT_EQ(AuditCount(), before + 3);
  EXPECT_FALSE(vault_->Get(Actor{9, "student", "", "r"}, record->id).ok());
  EXPECT_EQ(AuditCount(), before + 4);
  EXPECT_EQ(store_->ListAudit(before + 3, 1)->at(0).outcome, "denied");
}

TEST_F(VaultTest, KeepsEveryVersionAndRefusesStaleUpdates) {
  auto first = vault_->Put(clinician_, pseudonym_, "Observation", "", R"({"v":1})");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(vault_->Put(clinician_, pseudonym_, "Observation", first->id, R"({"v":2})", 1).ok());
  auto stale = vault_->Put(clinician_, pseudonym_, "Observation", first->id, R"({"v":3})", 1);
  EXPECT_EQ(ErrorCode(stale.status()), "version_conflict");
  auto old = vault_->GetVersion(clinician_, first->id, 1);
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(old->json, R"({"v":1})");
  EXPECT_EQ(vault_->GetVersion(clinician_, first->id, 2)->json, R"({"v":2})");
  EXPECT_EQ(ErrorCode(vault_->GetVersion(clinician_, first->id, 3).status()),
            "version_not_found");
  ASSERT_TRUE(vault_->Erase(SystemActor(), pseudonym_).ok());
  EXPECT_FALSE(vault_->GetVersion(clinician_, first->id, 1).ok());
}

TEST_F(VaultTest, SearchAuditsOnceForManyPatients) {
  auto other = vault_->CreateSubject(SystemActor());
  Relate(*other);
  ASSERT_TRUE(vault_->Put(clinician_, pseudonym_, "Observation", "", "{}").ok());
  ASSERT_TRUE(vault_->Put(clinician_, *other, "Observation", "", "{}").ok());
  ASSERT_TRUE(vault_->Put(clinician_, *other, "Condition", "", "{}").ok());
  const int64_t before = AuditCount();
  Actor why = clinician_;
  why.purpose = "care relationship: cardiology";
  auto found = vault_->Search(why, {pseudonym_, *other}, "Observation",
                              {"record.search", "Observation", "", AuditOutcome::kSuccess});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->size(), 2u);
  EXPECT_EQ(AuditCount(), before + 1);
  auto rows = store_->ListAudit(before, 10);
  EXPECT_EQ(rows->back().purpose, "care relationship: cardiology");
  EXPECT_EQ(ErrorCode(vault_->Search(Actor{9, "student", "", "r"}, {pseudonym_}, "",
                                     {"record.search", "", "", AuditOutcome::kSuccess})
                          .status()),
            "access_denied");
}

TEST_F(VaultTest, PolicyDenials) {
  auto record = vault_->Put(clinician_, pseudonym_, "Condition", "", "{}");
  Actor other_patient{8, "patient", "someone-else", "r"};
  EXPECT_EQ(ErrorCode(vault_->Get(other_patient, record->id).status()), "access_denied");
  EXPECT_EQ(ErrorCode(vault_->Put(patient_, pseudonym_, "Condition", "", "{}").status()),
            "access_denied");
  EXPECT_EQ(ErrorCode(vault_->Erase(clinician_, pseudonym_)), "access_denied");
  EXPECT_EQ(ErrorCode(vault_->CreateSubject(Actor{9, "student", "", ""}).status()),
            "access_denied");
}

// The vault applies the care policy itself: a role is not enough.
TEST_F(VaultTest, CareStaffNeedACareRelationship) {
  auto stranger = vault_->CreateSubject(SystemActor());
  ASSERT_TRUE(stranger.ok());
  auto record = vault_->Put(SystemActor(), *stranger, "Condition", "", "{}");
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(ErrorCode(vault_->Get(clinician_, record->id).status()), "access_denied");
  EXPECT_EQ(ErrorCode(vault_->List(clinician_, *stranger, "").status()), "access_denied");
  EXPECT_EQ(ErrorCode(vault_->Put(clinician_, *stranger, "Condition", "", "{}").status()),
            "access_denied");
  Actor admin{3, "admin", "", "r"};
  EXPECT_EQ(ErrorCode(vault_->List(admin, *stranger, "").status()), "access_denied");
  Actor glass = clinician_;
  glass.break_glass_reason = "unconscious patient in the emergency room";
  auto opened = vault_->Get(glass, record->id);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(store_->ListAudit(AuditCount() - 1, 1)->back().purpose,
            "break-glass: unconscious patient in the emergency room");
}

// Finding 8: a cancelled booking ends the relationship; a fulfilled visit
// keeps it for 90 days.
TEST_F(VaultTest, CareRelationshipEnds) {
  auto record = vault_->Put(clinician_, pseudonym_, "Condition", "", "{}");
  ASSERT_TRUE(record.ok());
  ASSERT_TRUE(store_->CloseAppointment(first_appointment_, "cancelled", 1).ok());
  EXPECT_EQ(ErrorCode(vault_->Get(clinician_, record->id).status()), "access_denied");
  const int64_t visit = Relate(pseudonym_);
  ASSERT_TRUE(store_->CloseAppointment(visit, "fulfilled", 1).ok());
  clock_.AdvanceMs(89LL * 24 * 3600 * 1000);
  EXPECT_TRUE(vault_->Get(clinician_, record->id).ok());
  clock_.AdvanceMs(2LL * 24 * 3600 * 1000);
  EXPECT_EQ(ErrorCode(vault_->Get(clinician_, record->id).status()), "access_denied");
  const int64_t noshow = Relate(pseudonym_);
  ASSERT_TRUE(store_->CloseAppointment(noshow, "noshow", 1).ok());
  EXPECT_EQ(ErrorCode(vault_->Get(clinician_, record->id).status()), "access_denied");
}

// A colleague invited to a case review reaches the patient's images and the
// review while it is open, and nothing else; the audit names the review.
TEST_F(VaultTest, CaseReviewOpensImagesToInvitedColleagues) {
  UserRow colleague_row;
  colleague_row.login = "endo";
  colleague_row.role = "clinician";
  colleague_row.password_hash = "x";
  const Actor colleague{*store_->CreateUser(colleague_row), "clinician", "", "r2"};
  auto images = vault_->Put(clinician_, pseudonym_, "DicomStudyIndex", "", "{}");
  auto review = vault_->Put(clinician_, pseudonym_, "CaseReview", "", "{}");
  auto condition = vault_->Put(clinician_, pseudonym_, "Condition", "", "{}");
  ASSERT_TRUE(images.ok() && review.ok() && condition.ok());
  EXPECT_EQ(ErrorCode(vault_->Get(colleague, images->id).status()), "access_denied");
  CaseReviewRow row{"0123456789abcdef0123456789abcdef", pseudonym_, review->id,
                    clinician_.user_id, clock_.NowUnixMs(), clock_.NowUnixMs() + 3600000,
                    "scheduled", clock_.NowUnixMs(), {colleague.user_id}};
  ASSERT_TRUE(store_->CreateCaseReview(row).ok());
  EXPECT_TRUE(vault_->Get(colleague, images->id).ok());
  EXPECT_EQ(store_->ListAudit(AuditCount() - 1, 1)->back().purpose,
            "invited to case review 0123456789abcdef0123456789abcdef");
  EXPECT_TRUE(vault_->Update(colleague, review->id, [](nlohmann::json&) { return Status(); }).ok());
  Actor visitor{0, "guest", "", "r3"};
  visitor.guest_purpose = "review:0123456789abcdef0123456789abcdef";
  EXPECT_TRUE(vault_->Get(visitor, images->id).ok());
  EXPECT_EQ(store_->ListAudit(AuditCount() - 1, 1)->back().purpose,
            "visitor of case review 0123456789abcdef0123456789abcdef");
  EXPECT_EQ(ErrorCode(vault_->Get(visitor, condition->id).status()), "access_denied");
  EXPECT_EQ(*vault_->policy().SearchablePatients(visitor, "ImagingStudy"),
            std::vector<std::string>{pseudonym_});
  visitor.guest_purpose = "review:ffff456789abcdef0123456789abcdef";
  EXPECT_EQ(ErrorCode(vault_->Get(visitor, images->id).status()), "access_denied");
  EXPECT_EQ(ErrorCode(vault_->Get(colleague, condition->id).status()), "access_denied");
  EXPECT_EQ(ErrorCode(vault_->Put(colleague, pseudonym_, "DicomStudyIndex", "", "{}").status()),
            "access_denied");
  EXPECT_EQ(*vault_->policy().SearchablePatients(colleague, "DicomStudyIndex"),
            std::vector<std::string>{pseudonym_});
  EXPECT_TRUE(vault_->policy().SearchablePatients(colleague, "Condition")->empty());
  clock_.AdvanceMs(3600000);  // the meeting is over
  EXPECT_EQ(ErrorCode(vault_->Get(colleague, images->id).status()), "access_denied");
  ASSERT_TRUE(store_->CreateCaseReview({"1123456789abcdef0123456789abcdef", pseudonym_,
                                        review->id, clinician_.user_id, clock_.NowUnixMs(),
                                        clock_.NowUnixMs() + 3600000, "scheduled",
                                        clock_.NowUnixMs(), {colleague.user_id}})
                  .ok());
  EXPECT_TRUE(vault_->Get(colleague, images->id).ok());
  ASSERT_TRUE(store_->CloseCaseReview("1123456789abcdef0123456789abcdef").ok());
  EXPECT_EQ(ErrorCode(vault_->Get(colleague, images->id).status()), "access_denied");
  EXPECT_EQ(ErrorCode(store_->CloseCaseReview("f123456789abcdef0123456789abcdef")), "review_not_found");
  EXPECT_EQ(ErrorCode(store_->CreateCaseReview({"2123456789abcdef0123456789abcdef", pseudonym_,
                                                review->id, clinician_.user_id, 1, 2,
                                                "scheduled", 1, {99999}})),
            "unknown_member");
}

// A named record is created once; its id is checked.
TEST_F(VaultTest, CreateNamedRecords) {
  auto created = vault_->CreateNamed(clinician_, pseudonym_, "DicomStudyIndex", "dicom-study-abc123", "{}");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->id, "dicom-study-abc123");
  EXPECT_EQ(vault_->Locate("dicom-study-abc123")->pseudonym, pseudonym_);
  EXPECT_EQ(ErrorCode(vault_->CreateNamed(clinician_, pseudonym_, "DicomStudyIndex",
                                          "dicom-study-abc123", "{}")
                          .status()),
            "record_exists");
  EXPECT_EQ(ErrorCode(vault_->CreateNamed(clinician_, pseudonym_, "X", "Bad Id", "{}").status()),
            "invalid_record");
}

// The patient's consent hides a type from the department: a list leaves
// those records out, a read of one is refused.
TEST_F(VaultTest, ConsentHidesTypesFromTheDepartment) {
  auto observation = vault_->Put(clinician_, pseudonym_, "Observation", "", "{}");
  ASSERT_TRUE(vault_->Put(clinician_, pseudonym_, "Condition", "", "{}").ok());
  ASSERT_TRUE(store_->ReplaceConsentRules(
      "consent-1", {{"consent-1", pseudonym_, "cardiology", "Observation"}}).ok());
  auto listed = vault_->List(clinician_, pseudonym_, "");
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().type, "Condition");
  EXPECT_EQ(ErrorCode(vault_->Get(clinician_, observation->id).status()), "access_denied");
}

TEST_F(VaultTest, PatientWritesOnlyOwnSelfServiceRecords) {
  EXPECT_TRUE(vault_->Put(patient_, pseudonym_, "Appointment", "", "{}").ok());
  auto other = vault_->CreateSubject(SystemActor());
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(ErrorCode(vault_->Put(patient_, *other, "Appointment", "", "{}")
                          .status()),
            "access_denied");
}

TEST_F(VaultTest, RejectsInvalidRecords) {
  EXPECT_EQ(ErrorCode(vault_->Put(clinician_, pseudonym_, "", "", "{}").status()),
            "invalid_record");
  EXPECT_EQ(ErrorCode(vault_->Put(clinician_, pseudonym_, "X", "", "[1]").status()),
            "invalid_record");
  EXPECT_EQ(ErrorCode(vault_->Put(clinician_, pseudonym_, "X", "", "{bad").status()),
            "invalid_record");
}

TEST_F(VaultTest, ErasureShredsAndLeavesTombstone) {
  auto record = vault_->Put(clinician_, pseudonym_, "Condition", "", "{}");
  ASSERT_TRUE(vault_->Erase(patient_, pseudonym_).ok());
  auto subject = store_->FindVaultSubject(pseudonym_);
  ASSERT_TRUE(subject.ok());
  EXPECT_TRUE(subject->wrapped_key.empty());
  EXPECT_NE(subject->erased_unix_ms, 0);
  EXPECT_EQ(ErrorCode(vault_->Get(clinician_, record->id).status()), "record_not_found");
  EXPECT_EQ(ErrorCode(vault_->List(clinician_, pseudonym_, "").status()), "subject_erased");
  EXPECT_TRUE(audit_->Verify()->ok);
}

TEST_F(VaultTest, RotationRewrapsKeys) {
  auto record = vault_->Put(clinician_, pseudonym_, "Condition", "", R"({"a":1})");
  const std::string new_kek = RandomBytes(32);
  ASSERT_TRUE(vault_->RotateKek(new_kek).ok());
  EXPECT_EQ(store_->FindVaultSubject(pseudonym_)->kek_id, Vault::KekId(new_kek));
  Vault reopened(*store_, *store_, *audit_, clock_, new_kek);
  EXPECT_EQ(reopened.Get(clinician_, record->id)->json, R"({"a":1})");
  Vault stale(*store_, *store_, *audit_, clock_, RandomBytes(32));
  EXPECT_EQ(ErrorCode(stale.Get(clinician_, record->id).status()), "decrypt_failed");
}

}  // namespace
}  // namespace mc
