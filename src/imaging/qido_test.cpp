#include "imaging/qido.h"

#include <gtest/gtest.h>

namespace mc::imaging {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

nlohmann::json Index() {
  return {{"study", "1.2.3"},
          {"patient", {{"id", "abc123"}, {"name", "Demo^Robin"}}},
          {"study_attributes",
           {{"date", "20261101"},
            {"time", "093015"},
            {"id", "S1"},
            {"accession", "ACC-7"},
            {"referring", "Heart^Alex"},
            {"description", "CT chest"}}},
          {"series",
           {{{"uid", "1.2.3.4"},
             {"modality", "CT"},
             {"description", "Axial 1mm"},
             {"instances", nlohmann::json::array()}}}}};
}

bool Matches(const Pairs& pairs) {
  auto query = ParseQidoQuery(pairs);
  EXPECT_TRUE(query.ok()) << query.status();
  return query.ok() && StudyMatches(Index(), *query);
}

std::string CodeOf(const Pairs& pairs) {
  return ErrorCode(ParseQidoQuery(pairs).status());
}

TEST(QidoTest, WildcardsFollowPs34) {
  EXPECT_TRUE(WildcardMatch("Demo*", "Demo^Robin", false));
  EXPECT_TRUE(WildcardMatch("*Rob?n", "Demo^Robin", false));
  EXPECT_TRUE(WildcardMatch("*", "", false));
  EXPECT_TRUE(WildcardMatch("demo*", "Demo^Robin", true));
  EXPECT_FALSE(WildcardMatch("demo*", "Demo^Robin", false));
  EXPECT_FALSE(WildcardMatch("Demo", "Demo^Robin", false));
  EXPECT_FALSE(WildcardMatch("?", "", false));
  EXPECT_TRUE(WildcardMatch("a*b*c", "axxbyyc", false));
  EXPECT_FALSE(WildcardMatch("a*b*c", "axxbyy", false));
}

TEST(QidoTest, StudyLevelRequiredKeys) {
  EXPECT_TRUE(Matches({{"PatientName", "demo*"}}));  // PN: any case
  EXPECT_FALSE(Matches({{"PatientName", "Robin"}}));
  EXPECT_TRUE(Matches({{"PatientName", "Robin"}, {"fuzzymatching", "true"}}));
  EXPECT_TRUE(Matches({{"00100010", "*Rob?n"}}));
  EXPECT_TRUE(Matches({{"PatientID", "abc*"}}));
  EXPECT_FALSE(Matches({{"PatientID", "ABC*"}}));  // LO: case matters
  EXPECT_TRUE(Matches({{"AccessionNumber", "ACC-7"}}));
  EXPECT_FALSE(Matches({{"AccessionNumber", "ACC-8"}}));
  EXPECT_TRUE(Matches({{"ReferringPhysicianName", "heart*"}}));
  EXPECT_TRUE(Matches({{"StudyID", "S1"}}));
  EXPECT_TRUE(Matches({{"StudyDescription", "CT*"}}));
  EXPECT_TRUE(Matches({{"StudyTime", "09-10"}}));
  EXPECT_TRUE(Matches({{"StudyTime", "093015"}}));
  EXPECT_FALSE(Matches({{"StudyTime", "0931-"}}));
  EXPECT_TRUE(Matches({{"StudyTime", "-0930"}}));  // up to 09:30:59
  EXPECT_TRUE(Matches({{"StudyDate", "20261101"}, {"ModalitiesInStudy", "MR,CT"}}));
  EXPECT_FALSE(Matches({{"StudyDate", "20261102-"}}));
  // Empty values are universal matching: everything matches.
  EXPECT_TRUE(Matches({{"PatientName", ""}, {"00100020", ""}, {"StudyDate", ""}}));
  EXPECT_TRUE(Matches({{"PatientName", "*"}}));
}

TEST(QidoTest, IncludefieldAndIgnoredKeys) {
  auto query = ParseQidoQuery({{"includefield", "00081030,00080060"},
                               {"includefield", "all"},
                               {"PatientWeight", "70"},
                               {"00101010", "040Y"}});
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->include_fields.size(), 3u);
  EXPECT_EQ(query->ignored, (std::vector<std::string>{"PatientWeight", "00101010"}));
  EXPECT_TRUE(StudyMatches(Index(), *query));
}

TEST(QidoTest, PatientIdShortcutOnlyWithoutWildcards) {
  EXPECT_EQ(ParseQidoQuery({{"PatientID", "abc123"}})->patient_id, "abc123");
  EXPECT_EQ(ParseQidoQuery({{"PatientID", "abc*"}})->patient_id, "");
}

TEST(QidoTest, SeriesLevelKeys) {
  const nlohmann::json series = Index()["series"][0];
  auto query = ParseQidoQuery({{"SeriesDescription", "axial*"}, {"Modality", "CT"}});
  ASSERT_TRUE(query.ok());
  EXPECT_FALSE(SeriesMatches(series, *query));  // LO: case matters
  query = ParseQidoQuery({{"0008103E", "Axial*"}, {"Modality", "CT"}});
  EXPECT_TRUE(SeriesMatches(series, *query));
  EXPECT_TRUE(StudyMatches(Index(), *query));  // a series key leaves the study alone
}

TEST(QidoTest, MalformedValuesHaveStableCodes) {
  EXPECT_EQ(CodeOf({{"StudyDate", "2026"}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"StudyDate", "-"}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"StudyTime", "9"}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"StudyTime", "0930.5"}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"fuzzymatching", "yes"}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"includefield", "patient name"}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"includefield", ""}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"PatientName", std::string(65, 'a')}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"PatientName", "a\\b"}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"StudyInstanceUID", "1.2.x"}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"limit", "0"}}), "invalid_query");
  EXPECT_EQ(CodeOf({{"foo", "1"}}), "unsupported_query_parameter");
  EXPECT_EQ(CodeOf({{"patientName", "x"}}), "unsupported_query_parameter");
}

}  // namespace
}  // namespace mc::imaging
