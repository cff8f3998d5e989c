#include "imaging/image_archive.h"

#include <gtest/gtest.h>

#include "fhir/resource_validator.h"
#include "imaging/phantom.h"

namespace mc::imaging {
namespace {

// The ImagingStudy each stored study gets must be valid FHIR R4 (the
// official schema), since Patient/$everything hands it out as such.
TEST(ImageArchiveTest, ImagingStudyOfThePhantomIsValidR4) {
  PhantomOptions options;
  options.patient_id = "0123456789abcdef0123456789abcdef";
  options.patient_name = "Demo^Robin";
  options.slices = 3;
  options.size = 16;
  auto files = MakePhantomSeries(options);
  ASSERT_TRUE(files.ok()) << files.status();
  nlohmann::json index;
  for (size_t number = 0; number < files->size(); ++number) {
    auto attributes = ReadInstance(files->at(number));
    ASSERT_TRUE(attributes.ok()) << attributes.status();
    if (number == 0) index = NewStudyIndex(*attributes);
    EXPECT_TRUE(AddToStudyIndex(index, *attributes,
                                InstanceIndexEntry(*attributes, "r")));
    EXPECT_FALSE(AddToStudyIndex(index, *attributes,
                                 InstanceIndexEntry(*attributes, "r")));
  }
  const nlohmann::json study =
      ImageArchive::ImagingStudyResource(index, options.patient_id);
  auto validator = fhir::ResourceValidator::Shared();
  ASSERT_TRUE(validator.ok()) << validator.status();
  const Status valid = (*validator)->Validate(study);
  EXPECT_TRUE(valid.ok()) << valid << "\n" << study.dump(2);
  EXPECT_EQ(study["numberOfInstances"], 3);
  EXPECT_EQ(study["series"][0]["instance"].size(), 3u);
  EXPECT_EQ(study["started"], "2026-11-01");
  EXPECT_EQ(study["subject"]["reference"], "Patient/" + options.patient_id);
}

}  // namespace
}  // namespace mc::imaging
