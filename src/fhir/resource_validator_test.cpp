#include "fhir/resource_validator.h"

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "core/paths.h"
#include "fhir/fhir_test_support.h"

namespace mc::fhir {
namespace {

using nlohmann::json;

json Observation() {
  return {{"resourceType", "Observation"},
          {"status", "final"},
          {"code", {{"coding", {{{"system", "http://loinc.org"}, {"code", "4548-4"}}}}}},
          {"subject", {{"reference", "Patient/p1"}}},
          {"effectiveDateTime", "2026-10-01T09:00:00Z"},
          {"valueQuantity", {{"value", 7.2}, {"unit", "%"}}}};
}

// The error path of validating `resource`; "ok" when it is valid.
std::string Problem(const json& resource) {
  const Status status = SchemaValidator().Validate(resource);
  if (status.ok()) return "ok";
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  return ErrorPath(status);
}

TEST(ResourceValidatorTest, LoadsOnceAndValidatesQuickly) {
  const auto started = std::chrono::steady_clock::now();
  auto loaded = ResourceValidator::Load(ShareDir() + "/fhir/fhir.schema.json");
  const auto load_ms = std::chrono::duration<double, std::milli>(
                           std::chrono::steady_clock::now() - started)
                           .count();
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const json resource = Observation();
  constexpr int kRounds = 200;
  const auto validating = std::chrono::steady_clock::now();
  for (int round = 0; round < kRounds; ++round) ASSERT_TRUE((*loaded)->Validate(resource).ok());
  const auto validate_us = std::chrono::duration<double, std::micro>(
                               std::chrono::steady_clock::now() - validating)
                               .count() /
                           kRounds;
  std::cout << "[ timing ] schema load " << load_ms << " ms, one Observation " << validate_us
            << " us\n";
  EXPECT_LT(validate_us, 20000);
  EXPECT_EQ(ResourceValidator::Load("/nonexistent/fhir.schema.json").status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(ResourceValidatorTest, AcceptsValidResourcesLikeTheDemos) {
  EXPECT_EQ(Problem(Observation()), "ok");
  EXPECT_EQ(Problem({{"resourceType", "Patient"},
                     {"active", true},
                     {"name", {{{"use", "official"}, {"family", "Demo"}, {"given", {"Ana"}},
                                {"text", "Ana Demo"}}}},
                     {"birthDate", "1990-01-01"}}),
            "ok");
  EXPECT_EQ(Problem({{"resourceType", "Condition"},
                     {"clinicalStatus", {{"coding", {{{"code", "active"}}}}}},
                     {"code", {{"text", "Type 1 diabetes"}}},
                     {"subject", {{"reference", "Patient/p1"}}},
                     {"onsetDateTime", "2024-03-01"},
                     {"recordedDate", "2024-03-02"}}),
            "ok");
  EXPECT_EQ(Problem({{"resourceType", "Patient"}, {"birthDate", "2024"}}), "ok");
  EXPECT_EQ(Problem({{"resourceType", "Patient"}, {"birthDate", "2024-02-29"}}), "ok");
}

TEST(ResourceValidatorTest, TheReportedInvalidResourcesNameTheirField) {
  EXPECT_EQ(Problem({{"resourceType", "Patient"}, {"birthDate", "not-a-date"}}),
            "Patient.birthDate");
  json quantity = Observation();
  quantity["valueQuantity"] = "seven";
  EXPECT_EQ(Problem(quantity), "Observation.valueQuantity");
  json coding = Observation();
  coding["code"]["coding"] = {{{"code", 5}}};
  EXPECT_EQ(Problem(coding), "Observation.code.coding[0].code");
  json yesterday = Observation();
  yesterday["effectiveDateTime"] = "yesterday";
  EXPECT_EQ(Problem(yesterday), "Observation.effectiveDateTime");
  EXPECT_EQ(Problem({{"resourceType", 5}}), "resourceType");
  EXPECT_EQ(Problem({{"resourceType", "Spaceship"}}), "resourceType");
  EXPECT_EQ(Problem(json::array()), "Resource");
  EXPECT_EQ(ErrorCode(SchemaValidator().Validate(quantity)), "invalid_resource");
}

TEST(ResourceValidatorTest, PrimitiveRulesBeyondTheSchema) {
  EXPECT_EQ(Problem({{"resourceType", "Patient"}, {"birthDate", "2023-02-29"}}),
            "Patient.birthDate");
  EXPECT_EQ(Problem({{"resourceType", "Patient"}, {"birthDate", "2023-01-01T10:00:00Z"}}),
            "Patient.birthDate");
  json no_zone = Observation();
  no_zone["effectiveDateTime"] = "2026-10-01T09:00:00";
  EXPECT_EQ(Problem(no_zone), "Observation.effectiveDateTime");
  json issued = Observation();
  issued["issued"] = "2026-10-01";
  EXPECT_EQ(Problem(issued), "Observation.issued");
  json code = Observation();
  code["code"]["coding"][0]["code"] = " padded";
  EXPECT_EQ(Problem(code), "Observation.code.coding[0].code");
  json unknown = Observation();
  unknown["colour"] = "blue";
  // Refused, but the path names the object, not the unknown element yet.
  EXPECT_EQ(Problem(unknown), "Observation");
}

TEST(ResourceValidatorTest, HugeOrDeepInputIsRefusedWithoutCrashing) {
  json text = Observation();
  text["code"]["text"] = std::string(1 << 20, 'a');  // once overflowed std::regex's stack
  text["code"]["coding"][0]["code"] = std::string(1 << 20, 'b');
  EXPECT_EQ(Problem(text), "ok");
  json deep = {{"url", "http://x"}, {"valueString", "x"}};
  for (int level = 0; level < 200; ++level) deep = {{"url", "http://x"}, {"extension", {deep}}};
  json nested = Observation();
  nested["extension"] = {deep};
  EXPECT_NE(Problem(nested), "ok");
}

TEST(ResourceValidatorTest, MalformedConsentNamesTheField) {
  json consent = {{"resourceType", "Consent"},
                  {"status", "active"},
                  {"scope", {{"text", "privacy"}}},
                  {"category", {{{"text", "consent"}}}},
                  {"patient", {{"reference", "Patient/p1"}}},
                  {"provision", {{"type", "deny"},
                                 {"actor", {{{"role", {{"text", "x"}}},
                                             {"reference", {{"reference", "Organization/a"}}}}}}}}};
  EXPECT_EQ(Problem(consent), "ok");
  json type = consent;
  type["provision"]["type"] = 7;
  EXPECT_EQ(Problem(type), "Consent.provision.type");
  json actor = consent;
  actor["provision"]["actor"] = "Organization/a";
  EXPECT_EQ(Problem(actor), "Consent.provision.actor");
}

}  // namespace
}  // namespace mc::fhir
