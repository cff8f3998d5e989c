// Writers for simulation traces (CSV, SVG plot) and trial results (per-patient
// and per-arm metrics as CSV and JSON, report.html with inline SVG plots: AGP
// per arm, time-in-range bars, paired differences with 95% CI). No external
// assets or scripts. Pure functions of their inputs plus the file writes.
#pragma once

#include <ostream>
#include <string>

#include "core/status.h"
#include "sim/glucose/simulation.h"
#include "sim/glucose/trial.h"

namespace mc::glucose {

// Columns: t_min,bg_mg_dl,plasma_glucose_mg_dl,cgm_mg_dl,meal_g,
// insulin_u_per_min, then the 13 states Qsto1..Gs.
void WriteTraceCsv(const Trace& trace, std::ostream& out);
// A self-contained SVG: BG, CGM, meals and insulin over time.
void WriteTraceSvg(const Trace& trace, const std::string& title, std::ostream& out);

// The trial's outputs as text (what WriteTrialOutputs writes to files).
// Everything but report.html's line on wall time and threads depends only on
// the trial's options, so the same options give the same text.
struct TrialOutputs {
  std::string patients_csv, patients_json, arms_csv, arms_json, report_html;
};
TrialOutputs RenderTrialOutputs(const TrialResult& result);

// Writes patients.csv, patients.json, arms.csv, arms.json and report.html
// into `directory` (created if missing). Errors: unavailable "write_failed".
Status WriteTrialOutputs(const TrialResult& result, const std::string& directory);

// Writes `text` to `path`; unavailable "write_failed" naming the path.
Status WriteTextFile(const std::string& path, const std::string& text);

}  // namespace mc::glucose
