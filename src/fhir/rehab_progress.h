// A patient's rehabilitation progress from their stored Observations
// (docs/api.md "Rehabilitation", progress): the recorded sets put back
// together from the four Observations each (their .../rehab-set extension,
// rehab_observations.h), and adherence: data days in the last 30 (a UTC day
// with at least one set), flagged below 16, the remote-monitoring minimum.
//
// Pure: the caller reads the Observations through the Vault (audited).
// No threading concerns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mc::fhir {

inline constexpr int kAdherenceWindowDays = 30;
inline constexpr int kAdherenceMinimumDays = 16;

struct RehabSetSummary {
  std::string set_id;
  std::string started_at;  // ISO date-time
  int64_t started_unix_ms = 0;
  std::string careplan_id;
  std::string activity_id;
  std::string exercise;
  std::string side;
  std::optional<double> target_deg;
  int rep_count = 0;
  int partial_count = 0;
  std::optional<double> rom_min_deg;  // both or neither: no confident frame
  std::optional<double> rom_max_deg;
  double low_confidence_ms = 0;
  std::optional<int> pain_before;
  std::optional<int> pain_after;
};

// The sets among `observations` (FHIR Observation resources; others are
// skipped), oldest first.
std::vector<RehabSetSummary> RehabSets(const std::vector<nlohmann::json>& observations);

struct Adherence {
  int window_days = kAdherenceWindowDays;
  int data_days = 0;
  int minimum_days = kAdherenceMinimumDays;
  bool below_minimum = true;
  std::string words;  // "12 of 30 days with exercise data: below the 16 ..."
};

// Data days among `sets` in the 30 UTC days ending with the day of
// `now_unix_ms` (today counts).
Adherence AdherenceOf(const std::vector<RehabSetSummary>& sets, int64_t now_unix_ms);

// {set_id, at, careplan_id, activity_id, exercise, side, target_deg,
//  rep_count, partial_count, rom_deg: {min, max} | null, low_confidence_ms,
//  pain_before, pain_after}
nlohmann::json SetSummaryJson(const RehabSetSummary& set);

}  // namespace mc::fhir
