// Parameters of the UVA/Padova (S2008) virtual patients, CGM sensors and
// insulin pumps, loaded from the tables in share/uva-padova/ (see its README
// for every column's unit).
//
// Loading asserts the identities the README lists (Gpb = Gb·Vg, kp1 = EGPb +
// kp2·Gpb + kp3·Ib, ...) and that the initial state x0 is the basal steady
// state; a table that breaks one fails with invalid_argument
// "params_identity" naming the file, row, subject and column.
//
// All types here are plain values: copy them freely; safe to share read-only
// between threads.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mc::glucose {

inline constexpr int kStateSize = 13;
using State = std::array<double, kStateSize>;

// One virtual subject's model parameters. Names follow the papers and the
// table (units in share/uva-padova/README.md): glucose masses in mg/kg,
// insulin masses in pmol/kg, rates in 1/min.
struct PatientParams {
  std::string name;  // e.g. "adult#001"
  State x0{};        // basal steady state, table columns x0_1..x0_13
  double BW = 0, EGPb = 0, Gb = 0, Ib = 0, kabs = 0, kmax = 0, kmin = 0, b = 0, d = 0,
         Vg = 0, Vi = 0, Ipb = 0, Vmx = 0, Km0 = 0, k2 = 0, k1 = 0, p2u = 0, m1 = 0,
         m5 = 0, CL = 0, HEb = 0, m2 = 0, m4 = 0, m30 = 0, Ilb = 0, ki = 0, kp2 = 0,
         kp3 = 0, f = 0, Gpb = 0, ke1 = 0, ke2 = 0, Fsnc = 0, Gtb = 0, Vm0 = 0, Rdb = 0,
         PCRb = 0, kd = 0, ksc = 0, ka1 = 0, ka2 = 0, dosekempt = 0, u2ss = 0,
         isc1ss = 0, isc2ss = 0, kp1 = 0;

  // The basal pump rate that holds the steady state: u2ss·BW/6000 U/min.
  double BasalRateUPerMin() const { return u2ss * BW / 6000.0; }
};

// Therapy settings from Quest.csv.
struct Therapy {
  double carb_ratio_g_per_u = 0;            // CR
  double correction_factor_mg_dl_per_u = 0; // CF
  double age_years = 0;
  double total_daily_insulin_u = 0;         // TDI
};

enum class Cohort { kAdolescent, kAdult, kChild };

struct VirtualPatient {
  PatientParams params;
  Therapy therapy;
  Cohort cohort = Cohort::kAdult;
};

struct SensorParams {
  std::string name;
  double pacf = 0, gamma = 0, lambda = 0, delta = 0, xi = 0;
  int sample_time_min = 1;
  double min_mg_dl = 0, max_mg_dl = 0;
};

// Units as simglucose applies them (see the data README's caveat): limits on
// U/min rates, increments on pmol/min.
struct PumpParams {
  std::string name;
  double min_bolus = 0, max_bolus = 0, inc_bolus = 0;
  double min_basal = 0, max_basal = 0, inc_basal = 0;
  double sample_time_min = 1;
};

// Everything in one parameter folder.
struct ParameterSet {
  std::vector<VirtualPatient> patients;  // table order
  std::vector<SensorParams> sensors;
  std::vector<PumpParams> pumps;

  // nullptr when absent.
  const VirtualPatient* FindPatient(std::string_view name) const;
  const SensorParams* FindSensor(std::string_view name) const;
  const PumpParams* FindPump(std::string_view name) const;
};

// Parses vpatient_params.csv text. Errors: "csv_*" (shape, numbers, missing
// column), "params_identity", "params_bad_value" (a non-positive BW, Vg, Vi, ...),
// "params_duplicate" (a name twice), "params_empty" (no rows).
StatusOr<std::vector<PatientParams>> ParsePatientTable(std::string_view csv_text);

// Parses Quest.csv text and attaches therapies to `patients` by name. Errors as
// above plus "params_missing_therapy" (a patient without a Quest row).
StatusOr<std::vector<VirtualPatient>> AttachTherapies(std::vector<PatientParams> patients,
                                                      std::string_view quest_csv_text);

StatusOr<std::vector<SensorParams>> ParseSensorTable(std::string_view csv_text);
StatusOr<std::vector<PumpParams>> ParsePumpTable(std::string_view csv_text);

// Loads the four tables from `directory` (vpatient_params.csv, Quest.csv,
// sensor_params.csv, pump_params.csv). not_found "file_not_found" when one is
// missing, otherwise the parse errors above.
StatusOr<ParameterSet> LoadParameterSet(const std::string& directory);

// The parameter folder of the source tree this library was built from
// (<source>/share/uva-padova): a last-resort default for tools.
std::string BuiltInParamsDirectory();

// "adult#001" -> kAdult, etc.; invalid_argument "unknown_cohort" otherwise.
StatusOr<Cohort> CohortOfName(std::string_view patient_name);
// "adults"/"adolescents"/"children" (or singular) -> cohort.
StatusOr<Cohort> ParseCohort(std::string_view word);
std::string_view CohortName(Cohort cohort);  // "adults", ...

}  // namespace mc::glucose
