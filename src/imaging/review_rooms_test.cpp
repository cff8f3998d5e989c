#include "imaging/review_rooms.h"

#include <gtest/gtest.h>

namespace mc::imaging {
namespace {

TEST(ReviewRoomsTest, OnlyThePresenterMovesTheView) {
  ReviewRooms rooms;
  rooms.Open("r1", 7, "Dr. Seven", {});
  ReviewView view;
  view.slice = 31;
  view.center = -600;
  view.width = 1500;
  EXPECT_EQ(ErrorCode(rooms.SetView("r1", 8, view)), "presenter_only");
  ASSERT_TRUE(rooms.SetView("r1", 7, view).ok());
  auto live = rooms.Get("r1", 0);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->view.slice, 31);
  EXPECT_EQ(live->view.center, -600);
  ASSERT_TRUE(rooms.Present("r1", 8, "Dr. Eight").ok());
  EXPECT_TRUE(rooms.SetView("r1", 8, view).ok());
  EXPECT_EQ(ErrorCode(rooms.SetView("r1", 7, view)), "presenter_only");
}

TEST(ReviewRoomsTest, VersionGrowsAndPointersFade) {
  ReviewRooms rooms;
  rooms.Open("r1", 7, "Dr. Seven", {});
  const int64_t first = rooms.Get("r1", 0)->version;
  ASSERT_TRUE(rooms.Point("r1", {8, "Dr. Eight", 3, 10, 20, 1000}).ok());
  ASSERT_TRUE(rooms.Point("r1", {8, "Dr. Eight", 3, 11, 21, 2000}).ok());
  auto live = rooms.Get("r1", 2000);
  EXPECT_GT(live->version, first);
  ASSERT_EQ(live->pointers.size(), 1u);  // one pointer per person
  EXPECT_EQ(live->pointers[0].x, 11);
  EXPECT_TRUE(rooms.Get("r1", 2000 + kPointerLifetimeMs + 1)->pointers.empty());
}

TEST(ReviewRoomsTest, AnnotationsAreKeptAndCapped) {
  ReviewRooms rooms;
  ReviewAnnotation saved{"a0",        "text", 2, {5, 6}, "calcification?",
                         "Dr. Seven", 1};
  rooms.Open("r1", 7, "Dr. Seven", {saved});
  rooms.Open("r1", 9, "Someone else", {});  // already open: unchanged
  EXPECT_EQ(rooms.Get("r1", 0)->presenter_user_id, 7);
  for (size_t index = 1; index < kMaxAnnotations; ++index) {
    ASSERT_TRUE(
        rooms
            .Annotate("r1",
                      {"a" + std::to_string(index), "arrow", 0, {1, 2, 3, 4}})
            .ok());
  }
  EXPECT_EQ(
      ErrorCode(rooms.Annotate("r1", {"x", "arrow", 0, {1, 2, 3, 4}}).status()),
      "too_many_annotations");
  auto round = AnnotationFromJson(AnnotationJson(saved));
  ASSERT_TRUE(round.has_value());
  EXPECT_EQ(round->text, "calcification?");
  EXPECT_EQ(round->points, saved.points);
  EXPECT_FALSE(AnnotationFromJson(nlohmann::json{{"id", 3}}).has_value());
  EXPECT_EQ(ErrorCode(rooms.Get("missing", 0).status()), "review_not_open");
  rooms.Close("r1");
  EXPECT_FALSE(rooms.IsOpen("r1"));
}

}  // namespace
}  // namespace mc::imaging
