#include "sim/glucose/params.h"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "fmt/format.h"
#include "sim/glucose/csv_table.h"

namespace mc::glucose {
namespace {

struct Field {
  const char* column;
  double PatientParams::*member;
};

constexpr Field kPatientFields[] = {
    {"BW", &PatientParams::BW},       {"EGPb", &PatientParams::EGPb},
    {"Gb", &PatientParams::Gb},       {"Ib", &PatientParams::Ib},
    {"kabs", &PatientParams::kabs},   {"kmax", &PatientParams::kmax},
    {"kmin", &PatientParams::kmin},   {"b", &PatientParams::b},
    {"d", &PatientParams::d},         {"Vg", &PatientParams::Vg},
    {"Vi", &PatientParams::Vi},       {"Ipb", &PatientParams::Ipb},
    {"Vmx", &PatientParams::Vmx},     {"Km0", &PatientParams::Km0},
    {"k2", &PatientParams::k2},       {"k1", &PatientParams::k1},
    {"p2u", &PatientParams::p2u},     {"m1", &PatientParams::m1},
    {"m5", &PatientParams::m5},       {"CL", &PatientParams::CL},
    {"HEb", &PatientParams::HEb},     {"m2", &PatientParams::m2},
    {"m4", &PatientParams::m4},       {"m30", &PatientParams::m30},
    {"Ilb", &PatientParams::Ilb},     {"ki", &PatientParams::ki},
    {"kp2", &PatientParams::kp2},     {"kp3", &PatientParams::kp3},
    {"f", &PatientParams::f},         {"Gpb", &PatientParams::Gpb},
    {"ke1", &PatientParams::ke1},     {"ke2", &PatientParams::ke2},
    {"Fsnc", &PatientParams::Fsnc},   {"Gtb", &PatientParams::Gtb},
    {"Vm0", &PatientParams::Vm0},     {"Rdb", &PatientParams::Rdb},
    {"PCRb", &PatientParams::PCRb},   {"kd", &PatientParams::kd},
    {"ksc", &PatientParams::ksc},     {"ka1", &PatientParams::ka1},
    {"ka2", &PatientParams::ka2},     {"dosekempt", &PatientParams::dosekempt},
    {"u2ss", &PatientParams::u2ss},   {"isc1ss", &PatientParams::isc1ss},
    {"isc2ss", &PatientParams::isc2ss}, {"kp1", &PatientParams::kp1},
};

// Parameters that divide or scale the model and must be > 0.
constexpr const char* kPositive[] = {"BW", "Vg", "Vi", "Km0", "kmax", "kabs", "b", "d",
                                     "ki", "kd", "ka1", "ka2", "ksc", "p2u", "f"};

constexpr double kIdentityTolerance = 1e-9;  // relative; the README reports < 1e-11

bool Close(double expected, double found) {
  double scale = std::max({std::fabs(expected), std::fabs(found), 1e-6});
  return std::fabs(expected - found) <= kIdentityTolerance * scale;
}

std::string StateColumn(int index) {
  // The table writes x0_ 1 .. x0_ 9 with a literal space.
  return index < 9 ? fmt::format("x0_ {}", index + 1) : fmt::format("x0_{}", index + 1);
}

Status IdentityError(size_t row, const std::string& name, std::string_view column,
                     std::string_view formula, double expected, double found) {
  return InvalidArgument(
      "params_identity",
      fmt::format("vpatient_params.csv: row {} ({}), column {}: expected {} = {:.12g}, "
                  "found {:.12g}",
                  row + 1, name, column, formula, expected, found));
}

Status CheckIdentities(size_t row, const PatientParams& p) {
  struct Check {
    const char* column;
    const char* formula;
    double expected;
    double found;
  };
  const double gtb = (p.Fsnc - p.EGPb + p.k1 * p.Gpb) / p.k2;
  const double isc1 = p.u2ss / (p.kd + p.ka1);
  const Check checks[] = {
      {"Gpb", "Gb*Vg", p.Gb * p.Vg, p.Gpb},
      {"Ipb", "Ib*Vi", p.Ib * p.Vi, p.Ipb},
      {"m30", "HEb*m1/(1-HEb)", p.HEb * p.m1 / (1 - p.HEb), p.m30},
      {"Ilb", "m2*Ipb/(m1+m30)", p.m2 * p.Ipb / (p.m1 + p.m30), p.Ilb},
      {"kp1", "EGPb+kp2*Gpb+kp3*Ib", p.EGPb + p.kp2 * p.Gpb + p.kp3 * p.Ib, p.kp1},
      {"Gtb", "(Fsnc-EGPb+k1*Gpb)/k2", gtb, p.Gtb},
      {"Vm0", "(EGPb-Fsnc)*(Km0+Gtb)/Gtb", (p.EGPb - p.Fsnc) * (p.Km0 + p.Gtb) / p.Gtb, p.Vm0},
      {"isc1ss", "u2ss/(kd+ka1)", isc1, p.isc1ss},
      {"isc2ss", "kd*isc1ss/ka2", p.kd * p.isc1ss / p.ka2, p.isc2ss},
      {"u2ss", "(m2+m4)*Ipb-m1*Ilb", (p.m2 + p.m4) * p.Ipb - p.m1 * p.Ilb, p.u2ss},
  };
  for (const Check& check : checks) {
    if (!Close(check.expected, check.found)) {
      return IdentityError(row, p.name, check.column, check.formula, check.expected,
                           check.found);
    }
  }
  // x0 must be the basal steady state.
  const State basal = {0, 0, 0, p.Gpb, p.Gtb, p.Ipb, 0, p.Ib, p.Ib, p.Ilb,
                       p.isc1ss, p.isc2ss, p.Gpb};
  static constexpr const char* kBasalFormula[] = {
      "0", "0", "0", "Gpb", "Gtb", "Ipb", "0", "Ib", "Ib", "Ilb", "isc1ss", "isc2ss", "Gpb"};
  for (int i = 0; i < kStateSize; ++i) {
    if (!Close(basal[i], p.x0[i])) {
      return IdentityError(row, p.name, StateColumn(i), kBasalFormula[i], basal[i], p.x0[i]);
    }
  }
  return Status();
}

StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("file_not_found", fmt::format("cannot open {}", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

const VirtualPatient* ParameterSet::FindPatient(std::string_view name) const {
  for (const auto& patient : patients) {
    if (patient.params.name == name) return &patient;
  }
  return nullptr;
}

const SensorParams* ParameterSet::FindSensor(std::string_view name) const {
  for (const auto& sensor : sensors) {
    if (sensor.name == name) return &sensor;
  }
  return nullptr;
}

const PumpParams* ParameterSet::FindPump(std::string_view name) const {
  for (const auto& pump : pumps) {
    if (pump.name == name) return &pump;
  }
  return nullptr;
}

StatusOr<std::vector<PatientParams>> ParsePatientTable(std::string_view csv_text) {
  MC_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(csv_text, "vpatient_params.csv"));
  MC_ASSIGN_OR_RETURN(size_t name_column, table.Column("Name"));
  std::array<size_t, kStateSize> state_columns{};
  for (int i = 0; i < kStateSize; ++i) {
    MC_ASSIGN_OR_RETURN(state_columns[i], table.Column(StateColumn(i)));
  }
  std::array<size_t, std::size(kPatientFields)> field_columns{};
  for (size_t i = 0; i < std::size(kPatientFields); ++i) {
    MC_ASSIGN_OR_RETURN(field_columns[i], table.Column(kPatientFields[i].column));
  }
  if (table.row_count() == 0) {
    return InvalidArgument("params_empty", "vpatient_params.csv: no subjects");
  }
  std::vector<PatientParams> patients;
  std::set<std::string> names;
  for (size_t row = 0; row < table.row_count(); ++row) {
    PatientParams p;
    p.name = table.Text(row, name_column);
    if (p.name.empty() || !names.insert(p.name).second) {
      return InvalidArgument(
          "params_duplicate",
          fmt::format("vpatient_params.csv: row {}, column Name: \"{}\" is empty or repeated",
                      row + 1, p.name));
    }
    for (int i = 0; i < kStateSize; ++i) {
      MC_ASSIGN_OR_RETURN(p.x0[i], table.Number(row, state_columns[i]));
    }
    for (size_t i = 0; i < std::size(kPatientFields); ++i) {
      MC_ASSIGN_OR_RETURN(p.*kPatientFields[i].member, table.Number(row, field_columns[i]));
    }
    for (const char* column : kPositive) {
      for (const Field& field : kPatientFields) {
        if (std::string_view(field.column) == column && !(p.*field.member > 0)) {
          return InvalidArgument(
              "params_bad_value",
              fmt::format("vpatient_params.csv: row {} ({}), column {}: must be > 0, found {}",
                          row + 1, p.name, column, p.*field.member));
        }
      }
    }
    if (!(p.b < 1) || !(p.HEb < 1)) {
      return InvalidArgument(
          "params_bad_value",
          fmt::format("vpatient_params.csv: row {} ({}), column {}: must be < 1", row + 1,
                      p.name, p.b < 1 ? "HEb" : "b"));
    }
    MC_RETURN_IF_ERROR(CheckIdentities(row, p));
    patients.push_back(std::move(p));
  }
  return patients;
}

StatusOr<std::vector<VirtualPatient>> AttachTherapies(std::vector<PatientParams> patients,
                                                      std::string_view quest_csv_text) {
  MC_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(quest_csv_text, "Quest.csv"));
  MC_ASSIGN_OR_RETURN(size_t name_column, table.Column("Name"));
  MC_ASSIGN_OR_RETURN(size_t cr_column, table.Column("CR"));
  MC_ASSIGN_OR_RETURN(size_t cf_column, table.Column("CF"));
  MC_ASSIGN_OR_RETURN(size_t age_column, table.Column("Age"));
  MC_ASSIGN_OR_RETURN(size_t tdi_column, table.Column("TDI"));
  std::vector<VirtualPatient> result;
  for (auto& params : patients) {
    bool found = false;
    VirtualPatient patient;
    for (size_t row = 0; row < table.row_count(); ++row) {
      if (table.Text(row, name_column) != params.name) continue;
      MC_ASSIGN_OR_RETURN(patient.therapy.carb_ratio_g_per_u, table.Number(row, cr_column));
      MC_ASSIGN_OR_RETURN(patient.therapy.correction_factor_mg_dl_per_u,
                          table.Number(row, cf_column));
      MC_ASSIGN_OR_RETURN(patient.therapy.age_years, table.Number(row, age_column));
      MC_ASSIGN_OR_RETURN(patient.therapy.total_daily_insulin_u, table.Number(row, tdi_column));
      if (!(patient.therapy.carb_ratio_g_per_u > 0) ||
          !(patient.therapy.correction_factor_mg_dl_per_u > 0)) {
        return InvalidArgument(
            "params_bad_value",
            fmt::format("Quest.csv: row {} ({}), column {}: must be > 0", row + 1, params.name,
                        patient.therapy.carb_ratio_g_per_u > 0 ? "CF" : "CR"));
      }
      found = true;
      break;
    }
    if (!found) {
      return InvalidArgument("params_missing_therapy",
                             fmt::format("Quest.csv: no row for subject {}", params.name));
    }
    MC_ASSIGN_OR_RETURN(patient.cohort, CohortOfName(params.name));
    patient.params = std::move(params);
    result.push_back(std::move(patient));
  }
  return result;
}

StatusOr<std::vector<SensorParams>> ParseSensorTable(std::string_view csv_text) {
  MC_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(csv_text, "sensor_params.csv"));
  const char* columns[] = {"Name", "PACF", "gamma", "lambda", "delta",
                           "xi",   "sample_time", "min", "max"};
  size_t index[9];
  for (int i = 0; i < 9; ++i) {
    MC_ASSIGN_OR_RETURN(index[i], table.Column(columns[i]));
  }
  std::vector<SensorParams> sensors;
  for (size_t row = 0; row < table.row_count(); ++row) {
    SensorParams s;
    s.name = table.Text(row, index[0]);
    double values[8];
    for (int i = 0; i < 8; ++i) {
    MC_ASSIGN_OR_RETURN(values[i], table.Number(row, index[i + 1]));
  }
    s.pacf = values[0];
    s.gamma = values[1];
    s.lambda = values[2];
    s.delta = values[3];
    s.xi = values[4];
    s.sample_time_min = static_cast<int>(values[5]);
    s.min_mg_dl = values[6];
    s.max_mg_dl = values[7];
    if (s.sample_time_min < 1 || s.sample_time_min != values[5] || s.sample_time_min > 150 ||
        !(s.delta != 0) || !(s.min_mg_dl < s.max_mg_dl)) {
      return InvalidArgument(
          "params_bad_value",
          fmt::format("sensor_params.csv: row {} ({}): sample_time must be a whole number of "
                      "minutes in 1..150, delta non-zero and min < max",
                      row + 1, s.name));
    }
    sensors.push_back(std::move(s));
  }
  return sensors;
}

StatusOr<std::vector<PumpParams>> ParsePumpTable(std::string_view csv_text) {
  MC_ASSIGN_OR_RETURN(CsvTable table, CsvTable::Parse(csv_text, "pump_params.csv"));
  const char* columns[] = {"Name",      "min_bolus", "max_bolus", "inc_bolus",
                           "min_basal", "max_basal", "inc_basal", "sample_time"};
  size_t index[8];
  for (int i = 0; i < 8; ++i) {
    MC_ASSIGN_OR_RETURN(index[i], table.Column(columns[i]));
  }
  std::vector<PumpParams> pumps;
  for (size_t row = 0; row < table.row_count(); ++row) {
    PumpParams p;
    p.name = table.Text(row, index[0]);
    double* targets[] = {&p.min_bolus, &p.max_bolus, &p.inc_bolus, &p.min_basal,
                         &p.max_basal, &p.inc_basal, &p.sample_time_min};
    for (int i = 0; i < 7; ++i) {
    MC_ASSIGN_OR_RETURN(*targets[i], table.Number(row, index[i + 1]));
  }
    if (!(p.inc_bolus > 0) || !(p.inc_basal > 0) || p.min_bolus > p.max_bolus ||
        p.min_basal > p.max_basal) {
      return InvalidArgument(
          "params_bad_value",
          fmt::format("pump_params.csv: row {} ({}): increments must be > 0 and min <= max",
                      row + 1, p.name));
    }
    pumps.push_back(std::move(p));
  }
  return pumps;
}

StatusOr<ParameterSet> LoadParameterSet(const std::string& directory) {
  ParameterSet set;
  MC_ASSIGN_OR_RETURN(std::string patients_text, ReadText(directory + "/vpatient_params.csv"));
  MC_ASSIGN_OR_RETURN(std::string quest_text, ReadText(directory + "/Quest.csv"));
  MC_ASSIGN_OR_RETURN(std::string sensor_text, ReadText(directory + "/sensor_params.csv"));
  MC_ASSIGN_OR_RETURN(std::string pump_text, ReadText(directory + "/pump_params.csv"));
  MC_ASSIGN_OR_RETURN(std::vector<PatientParams> patients, ParsePatientTable(patients_text));
  MC_ASSIGN_OR_RETURN(set.patients, AttachTherapies(std::move(patients), quest_text));
  MC_ASSIGN_OR_RETURN(set.sensors, ParseSensorTable(sensor_text));
  MC_ASSIGN_OR_RETURN(set.pumps, ParsePumpTable(pump_text));
  return set;
}

std::string BuiltInParamsDirectory() {
#ifdef METACLINIC_SOURCE_DIR
  return std::string(METACLINIC_SOURCE_DIR) + "/share/uva-padova";
#else
  return "share/uva-padova";
#endif
}

StatusOr<Cohort> CohortOfName(std::string_view patient_name) {
  if (patient_name.starts_with("adolescent#")) return Cohort::kAdolescent;
  if (patient_name.starts_with("adult#")) return Cohort::kAdult;
  if (patient_name.starts_with("child#")) return Cohort::kChild;
  return InvalidArgument("unknown_cohort",
                         fmt::format("subject \"{}\" is not adolescent#, adult# or child#",
                                     patient_name));
}

StatusOr<Cohort> ParseCohort(std::string_view word) {
  if (word == "adults" || word == "adult") return Cohort::kAdult;
  if (word == "adolescents" || word == "adolescent") return Cohort::kAdolescent;
  if (word == "children" || word == "child") return Cohort::kChild;
  return InvalidArgument("unknown_cohort",
                         fmt::format("unknown cohort \"{}\" (adults, adolescents, children)",
                                     word));
}

std::string_view CohortName(Cohort cohort) {
  switch (cohort) {
    case Cohort::kAdolescent: return "adolescents";
    case Cohort::kAdult: return "adults";
    case Cohort::kChild: return "children";
  }
  return "adults";
}

}  // namespace mc::glucose
