// What the FHIR module's tests share: the official R4 schema validator
// (loaded once; a test fails when it cannot be loaded).
#pragma once

#include <gtest/gtest.h>

#include "fhir/resource_validator.h"

namespace mc::fhir {

inline const ResourceValidator& SchemaValidator() {
  auto validator = ResourceValidator::Shared();
  EXPECT_TRUE(validator.ok()) << validator.status();
  return **validator;
}

}  // namespace mc::fhir
