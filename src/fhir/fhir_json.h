// FHIR JSON building blocks shared by the service: resources from vault
// records, Bundles with paging links, search matching and validation of
// incoming resources.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "fhir/resource_kinds.h"
#include "records/vault.h"

namespace mc::fhir {

using SearchParams = std::vector<std::pair<std::string, std::string>>;

// `resource` with its id and meta (versionId, lastUpdated).
nlohmann::json WithMeta(nlohmann::json resource, const std::string& id, int64_t version,
                        int64_t updated_unix_ms);

// The FHIR resource a vault record holds: its document with id and meta.
// Appointments keep their appointment number as an identifier; clinical
// notes become DocumentReference. Null for record types FHIR does not know.
nlohmann::json ResourceFromRecord(const VaultRecord& record);

// The most recently updated record of `type` in `records`; null if none.
const VaultRecord* NewestOfType(const std::vector<VaultRecord>& records, const std::string& type);

// The string at JSON pointer `pointer` of `resource`; "" when it is absent
// or not a string. Stored resources are read only through this (or type
// checks), so a value stored before validation cannot throw.
std::string StringAt(const nlohmann::json& resource, std::string_view pointer);

// True when `text` is all ASCII digits (any byte, no locale surprises).
bool AllDigits(std::string_view text);

// The patient pseudonym a reference names: "Patient/<id>" or "<id>"; "" when
// it names something else.
std::string PatientIdOf(const std::string& reference);

// Checks a search's parameters against what `kind` supports; returns the
// filters (without _count/_offset/_format) and the page. InvalidArgument
// ("unknown_search_parameter", "invalid_search_parameter") with the path.
inline constexpr int kDefaultPageSize = 20;
inline constexpr int kMaxPageSize = 100;
struct SearchRequest {
  SearchParams filters;
  int count = kDefaultPageSize;
  int offset = 0;
};
StatusOr<SearchRequest> ParseSearch(const ResourceKind& kind, const SearchParams& params);

// True when `resource` passes every filter except "patient" (which decides
// whose records are read at all).
bool MatchesFilters(const ResourceKind& kind, const nlohmann::json& resource,
                    const SearchParams& filters);

// A searchset Bundle of `matches[offset, offset+count)` with total and
// self/next/previous links.
nlohmann::json SearchBundle(const std::string& base_url, const std::string& type,
                            const SearchRequest& request,
                            const std::vector<nlohmann::json>& matches);

// The checks a resource must pass to be stored: resourceType, id (for an
// update), required elements, status codes and reference shapes.
// InvalidArgument with the path of the problem.
Status ValidateResource(const ResourceKind& kind, const nlohmann::json& resource,
                        const std::string& id_for_update);

}  // namespace mc::fhir
