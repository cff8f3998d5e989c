#include "imaging/dicom_instance.h"

#include <gtest/gtest.h>

#include <cmath>

#include "imaging/phantom.h"

namespace mc::imaging {
namespace {

class PhantomTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    PhantomOptions options;
    options.patient_id = "pseudo-123";
    options.patient_name = "Demo^Robin";
    options.slices = 4;
    options.size = 64;
    options.pixel_spacing_mm = 3.75;
    options.slice_spacing_mm = 20;
    auto series = MakePhantomSeries(options);
    ASSERT_TRUE(series.ok()) << series.status();
    files_ = new std::vector<std::string>(std::move(*series));
  }
  static void TearDownTestSuite() { delete files_; }
  static std::vector<std::string>* files_;
};
std::vector<std::string>* PhantomTest::files_ = nullptr;

TEST_F(PhantomTest, WritesOneCtSeriesWithTheTagsQidoNeeds) {
  ASSERT_EQ(files_->size(), 4u);
  auto first = ReadInstance(files_->at(0));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->sop_class_uid, "1.2.840.10008.5.1.4.1.1.2");
  EXPECT_EQ(first->modality, "CT");
  EXPECT_EQ(first->patient_id, "pseudo-123");
  EXPECT_EQ(first->patient_name, "Demo^Robin");
  EXPECT_EQ(first->study_date, "20261101");
  EXPECT_EQ(first->rows, 64);
  EXPECT_EQ(first->columns, 64);
  EXPECT_EQ(first->number_of_frames, 1);
  EXPECT_EQ(first->instance_number, 1);
  EXPECT_EQ(first->transfer_syntax_uid, "1.2.840.10008.1.2.1");
  auto last = ReadInstance(files_->at(3));
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->study_instance_uid, first->study_instance_uid);
  EXPECT_EQ(last->series_instance_uid, first->series_instance_uid);
  EXPECT_NE(last->sop_instance_uid, first->sop_instance_uid);
  EXPECT_EQ(last->instance_number, 4);
}

TEST_F(PhantomTest, DecodesHounsfieldUnitsOfThePhantom) {
  auto frame = DecodeFrame(files_->at(1), 1);
  ASSERT_TRUE(frame.ok()) << frame.status();
  ASSERT_EQ(frame->values.size(), 64u * 64u);
  EXPECT_DOUBLE_EQ(frame->row_spacing_mm, 3.75);
  EXPECT_DOUBLE_EQ(frame->window_center, 40);
  EXPECT_DOUBLE_EQ(frame->window_width, 400);
  const double first = -(64 - 1) / 2.0 * 3.75;
  const double z = -(4 - 1) / 2.0 * 20 + 20;
  for (int row = 0; row < 64; row += 7) {
    for (int column = 0; column < 64; column += 5) {
      const double expected =
          std::lround(PhantomHu(first + column * 3.75, first + row * 3.75, z));
      EXPECT_EQ(frame->values[row * 64 + column], expected)
          << row << "," << column;
    }
  }
  EXPECT_EQ(frame->values[0], -1000);          // air in the corner
  EXPECT_EQ(frame->values[32 * 64 + 32], 40);  // brain at the centre
}

TEST_F(PhantomTest, MetadataIsDicomJsonWithoutPixelData) {
  auto metadata = MetadataJson(files_->at(0));
  ASSERT_TRUE(metadata.ok()) << metadata.status();
  EXPECT_EQ((*metadata)["00080060"]["vr"], "CS");
  EXPECT_EQ((*metadata)["00080060"]["Value"][0], "CT");
  EXPECT_EQ((*metadata)["00100020"]["Value"][0], "pseudo-123");
  EXPECT_FALSE(metadata->contains("7FE00010"));
}

TEST_F(PhantomTest, FramesOutsideTheInstanceAreNotFound) {
  EXPECT_EQ(ErrorCode(DecodeFrame(files_->at(0), 2).status()),
            "frame_not_found");
  EXPECT_EQ(ErrorCode(DecodeFrame(files_->at(0), 0).status()),
            "frame_not_found");
}

TEST_F(PhantomTest, ATruncatedFileIsRefused) {
  const std::string& whole = files_->at(0);
  for (size_t keep :
       {whole.size() - 1, whole.size() / 2, size_t{400}, size_t{140}}) {
    const std::string cut = whole.substr(0, keep);
    auto attributes = ReadInstance(cut);
    auto frame = DecodeFrame(cut, 1);
    EXPECT_FALSE(attributes.ok() && frame.ok()) << "kept " << keep;
    const std::string code =
        ErrorCode(attributes.ok() ? frame.status() : attributes.status());
    // Cut inside the meta header, nothing says it is DICOM any more.
    EXPECT_EQ(code, keep < 200 ? "not_dicom" : "truncated_dicom") << keep;
  }
}

TEST(DicomInstanceTest, NotDicomIsRefused) {
  EXPECT_EQ(ErrorCode(ReadInstance("hello").status()), "not_dicom");
  std::string fake(128, '\0');
  fake += "DICM";
  fake += "garbage that is not a meta header";
  EXPECT_FALSE(ReadInstance(fake).ok());
}

}  // namespace
}  // namespace mc::imaging
