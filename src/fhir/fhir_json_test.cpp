#include "fhir/fhir_json.h"

#include <gtest/gtest.h>

namespace mc::fhir {
namespace {

using nlohmann::json;

// Stored records may predate validation: an element of the wrong type never
// matches (found by fuzz/fhir_search_fuzzer.cpp; it used to throw).
TEST(FhirJsonTest, FiltersTolerateWronglyTypedElements) {
  const json resource = {{"resourceType", "Practitioner"},
                         {"id", 7},
                         {"name", {{{"text", 3}}}},
                         {"practitioner", {{"reference", false}}}};
  const ResourceKind& kind = *FindResourceKind("Practitioner");
  EXPECT_FALSE(MatchesFilters(kind, resource, {{"name", "ada"}}));
  EXPECT_FALSE(MatchesFilters(kind, resource, {{"_id", "7"}}));
  EXPECT_FALSE(MatchesFilters(kind, resource, {{"practitioner", "7"}}));
  const json bundle = SearchBundle("http://h/fhir", "Practitioner",
                                   SearchRequest{}, {resource});
  EXPECT_EQ(bundle["entry"][0]["fullUrl"], "http://h/fhir/Practitioner/");
}

TEST(FhirJsonTest, FiltersReadStringElements) {
  const json resource = {{"resourceType", "Practitioner"},
                         {"id", "7"},
                         {"name", {{{"text", "Ada Lovelace"}}}}};
  const ResourceKind& kind = *FindResourceKind("Practitioner");
  EXPECT_TRUE(MatchesFilters(kind, resource, {{"name", "LOVE"}, {"_id", "7"}}));
  EXPECT_FALSE(MatchesFilters(kind, resource, {{"_id", "8"}}));
}

}  // namespace
}  // namespace mc::fhir
