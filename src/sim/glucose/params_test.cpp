#include "sim/glucose/params.h"

#include "gtest/gtest.h"
#include "sim/glucose/csv_table.h"
#include "sim/glucose/test_support.h"

namespace mc::glucose {
namespace {

using testing::ReadParamsFile;

std::string PatientsText() { return ReadParamsFile("vpatient_params.csv"); }

// Replaces the cell (row, column) of a CSV text (row 0 = header).
std::string ReplaceCell(const std::string& text, size_t row, const std::string& column,
                        const std::string& value) {
  auto table = CsvTable::Parse(text, "x");
  size_t col = *table->Column(column);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    start = nl == std::string::npos ? text.size() : nl + 1;
  }
  std::string& line = lines[row];
  size_t begin = 0;
  for (size_t i = 0; i < col; ++i) begin = line.find(',', begin) + 1;
  size_t end = line.find(',', begin);
  line.replace(begin, end == std::string::npos ? std::string::npos : end - begin, value);
  std::string out;
  for (auto& l : lines) out += l + "\n";
  return out;
}

void ExpectError(const Status& status, const std::string& code,
                 std::vector<std::string> fragments) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(ErrorCode(status), code) << MessageOf(status);
  for (const auto& fragment : fragments) {
    EXPECT_NE(MessageOf(status).find(fragment), std::string::npos)
        << MessageOf(status) << " lacks " << fragment;
  }
}

TEST(GlucoseParamsTest, LoadsThirtyPatientsThreeSensorsTwoPumps) {
  const ParameterSet& set = testing::Parameters();
  EXPECT_EQ(set.patients.size(), 30u);
  EXPECT_EQ(set.sensors.size(), 3u);
  EXPECT_EQ(set.pumps.size(), 2u);
  const VirtualPatient* adult = set.FindPatient("adult#001");
  ASSERT_NE(adult, nullptr);
  EXPECT_EQ(adult->cohort, Cohort::kAdult);
  EXPECT_NEAR(adult->params.Gb, 138.56, 1e-9);
  EXPECT_GT(adult->therapy.carb_ratio_g_per_u, 0);
  EXPECT_EQ(set.FindSensor("Dexcom")->sample_time_min, 3);
  EXPECT_EQ(set.FindPatient("nobody"), nullptr);
}

TEST(GlucoseParamsTest, MissingDirectoryIsNotFound) {
  auto set = LoadParameterSet("/nonexistent/dir");
  ExpectError(set.status(), "file_not_found", {"vpatient_params.csv"});
}

TEST(GlucoseParamsTest, EmptyFileFails) {
  ExpectError(ParsePatientTable("").status(), "csv_empty", {"vpatient_params.csv"});
}

TEST(GlucoseParamsTest, HeaderOnlyFails) {
  std::string text = PatientsText();
  ExpectError(ParsePatientTable(text.substr(0, text.find('\n') + 1)).status(), "params_empty",
              {});
}

TEST(GlucoseParamsTest, RaggedRowNamesLine) {
  std::string text = PatientsText() + "adult#999,1,2\n";
  ExpectError(ParsePatientTable(text).status(), "csv_ragged", {"line 32"});
}

TEST(GlucoseParamsTest, MissingColumnIsNamed) {
  std::string text = PatientsText();
  size_t at = text.find(",kp3,");
  text.replace(at, 5, ",kpX,");
  ExpectError(ParsePatientTable(text).status(), "csv_missing_column", {"kp3"});
}

TEST(GlucoseParamsTest, BadNumberNamesRowAndColumn) {
  std::string text = ReplaceCell(PatientsText(), 11, "Vmx", "abc");
  ExpectError(ParsePatientTable(text).status(), "csv_bad_number",
              {"row 11", "adult#001", "Vmx", "abc"});
}

TEST(GlucoseParamsTest, BrokenIdentityNamesRowAndColumn) {
  std::string text = ReplaceCell(PatientsText(), 11, "Gpb", "250");
  ExpectError(ParsePatientTable(text).status(), "params_identity",
              {"row 11", "adult#001", "column Gpb", "Gb*Vg"});
  text = ReplaceCell(PatientsText(), 3, "kp1", "7.5");
  ExpectError(ParsePatientTable(text).status(), "params_identity",
              {"row 3", "adolescent#003", "column kp1"});
}

TEST(GlucoseParamsTest, InitialStateMustBeBasal) {
  std::string text = ReplaceCell(PatientsText(), 2, "x0_13", "1.0");
  ExpectError(ParsePatientTable(text).status(), "params_identity",
              {"row 2", "x0_13", "Gpb"});
}

TEST(GlucoseParamsTest, NonPositiveBodyWeightFails) {
  std::string text = ReplaceCell(PatientsText(), 5, "BW", "0");
  ExpectError(ParsePatientTable(text).status(), "params_bad_value", {"row 5", "BW"});
}

TEST(GlucoseParamsTest, DuplicateNameFails) {
  std::string text = ReplaceCell(PatientsText(), 2, "Name", "adolescent#001");
  ExpectError(ParsePatientTable(text).status(), "params_duplicate", {"row 2", "adolescent#001"});
}

TEST(GlucoseParamsTest, MissingTherapyFails) {
  auto patients = ParsePatientTable(PatientsText());
  ASSERT_TRUE(patients.ok());
  std::string quest = ReadParamsFile("Quest.csv");
  quest = ReplaceCell(quest, 4, "Name", "someone#004");
  ExpectError(AttachTherapies(*patients, quest).status(), "params_missing_therapy",
              {"adolescent#004"});
}

TEST(GlucoseParamsTest, NonPositiveCarbRatioFails) {
  auto patients = ParsePatientTable(PatientsText());
  std::string quest = ReplaceCell(ReadParamsFile("Quest.csv"), 1, "CR", "0");
  ExpectError(AttachTherapies(*patients, quest).status(), "params_bad_value", {"CR"});
}

TEST(GlucoseParamsTest, UnknownCohortFails) {
  std::string text = ReplaceCell(PatientsText(), 1, "Name", "elder#001");
  auto patients = ParsePatientTable(text);
  ASSERT_TRUE(patients.ok());
  ExpectError(AttachTherapies(*patients, ReadParamsFile("Quest.csv")).status(),
              "params_missing_therapy", {"elder#001"});
  ExpectError(CohortOfName("elder#001").status(), "unknown_cohort", {"elder#001"});
  ExpectError(ParseCohort("seniors").status(), "unknown_cohort", {"seniors"});
}

TEST(GlucoseParamsTest, BadSensorSampleTimeFails) {
  std::string text = ReplaceCell(ReadParamsFile("sensor_params.csv"), 1, "sample_time", "2.5");
  ExpectError(ParseSensorTable(text).status(), "params_bad_value", {"Dexcom"});
}

TEST(GlucoseParamsTest, BadPumpIncrementFails) {
  std::string text = ReplaceCell(ReadParamsFile("pump_params.csv"), 2, "inc_basal", "0");
  ExpectError(ParsePumpTable(text).status(), "params_bad_value", {"Insulet"});
}

}  // namespace
}  // namespace mc::glucose
