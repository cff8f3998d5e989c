#include "imaging/window.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "imaging/png.h"

namespace mc::imaging {
namespace {

TEST(WindowTest, ParsesThePs318Parameter) {
  auto window = ParseWindow("40,400,linear");
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window->center, 40);
  EXPECT_EQ(window->width, 400);
  EXPECT_EQ(window->function, WindowFunction::kLinear);
  EXPECT_EQ(ParseWindow("-600.5,1500,sigmoid")->function,
            WindowFunction::kSigmoid);
  for (const char* bad :
       {"", "40", "40,400", "40,400,cubic", "a,400,linear", "40,0.5,linear",
        "40,0,sigmoid", "40,400,linear,x", "nan,400,linear"}) {
    EXPECT_EQ(ErrorCode(ParseWindow(bad).status()), "invalid_window") << bad;
  }
}

TEST(WindowTest, LinearFollowsPs33Exactly) {
  const Window window{40, 400, WindowFunction::kLinear};
  // x <= c - 0.5 - (w-1)/2 -> 0; x > c - 0.5 + (w-1)/2 -> 255.
  EXPECT_EQ(WindowLevel(-160, window), 0);
  EXPECT_EQ(WindowLevel(-1000, window), 0);
  EXPECT_EQ(WindowLevel(240, window), 255);
  EXPECT_NEAR(WindowLevel(40, window), ((40 - 39.5) / 399 + 0.5) * 255, 1e-9);
  EXPECT_NEAR(WindowLevel(0, window), ((0 - 39.5) / 399 + 0.5) * 255, 1e-9);
}

TEST(WindowTest, RendersAndInvertsMonochrome1) {
  Frame frame;
  frame.rows = 1;
  frame.columns = 3;
  frame.values = {-1000, 40, 1000};
  const Window window{40, 400, WindowFunction::kLinear};
  EXPECT_EQ(RenderGrey(frame, window), (std::vector<uint8_t>{0, 128, 255}));
  frame.monochrome1 = true;
  EXPECT_EQ(RenderGrey(frame, window), (std::vector<uint8_t>{255, 127, 0}));
}

TEST(WindowTest, DefaultWindowIsTheHeadersThenTheRange) {
  Frame frame;
  frame.values = {-100, 300};
  EXPECT_EQ(DefaultWindow(frame).width, 401);
  frame.window_center = 40;
  frame.window_width = 80;
  EXPECT_EQ(DefaultWindow(frame).center, 40);
}

TEST(PngTest, WritesAGreyPngWhoseImageInflatesBack) {
  const std::vector<uint8_t> grey = {0, 50, 100, 150, 200, 250};
  const std::string png = EncodeGreyPng(3, 2, grey);
  ASSERT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(png.substr(12, 4), "IHDR");
  const size_t idat = png.find("IDAT");
  ASSERT_NE(idat, std::string::npos);
  const uint32_t length =
      (uint8_t(png[idat - 4]) << 24) | (uint8_t(png[idat - 3]) << 16) |
      (uint8_t(png[idat - 2]) << 8) | uint8_t(png[idat - 1]);
  std::string raw(8, '\0');
  uLongf raw_size = raw.size();
  ASSERT_EQ(
      uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size,
                 reinterpret_cast<const Bytef*>(png.data() + idat + 4), length),
      Z_OK);
  EXPECT_EQ(raw, std::string("\0\x00\x32\x64\0\x96\xc8\xfa", 8));
  EXPECT_EQ(png.substr(png.size() - 8, 4), "IEND");
}

}  // namespace
}  // namespace mc::imaging
