// Meal scenarios: which grams of carbohydrate are announced at which minute.
// A scenario is either a fixed list of times of day repeated every day, an
// explicit list of (minute since start, grams), or the reference's random
// daily generator (3 meals with probability 0.95 and 3 snacks with 0.3; times
// truncated-normal, amounts normal rounded to whole grams).
//
// Minute 0 of a run is 00:00 of day 0. Deterministic: the random day d is
// drawn from DeriveSeed(seed, d), so any day can be produced on its own and
// two runs with one seed see the same meals. Plain value; copy freely.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace mc::glucose {

struct Meal {
  int minute = 0;     // since the start of the run (or of the day, in daily lists)
  double grams = 0;
};

class Scenario {
 public:
  enum class Kind { kNone, kDaily, kExplicit, kRandom };

  static Scenario None();
  // `meals` minutes are times of day in [0, 1440).
  static Scenario Daily(std::vector<Meal> meals);
  static Scenario Explicit(std::vector<Meal> meals);
  static Scenario Random(uint64_t seed);

  // Parses "07:00=50,12:00=70,18:00=80" into a daily scenario. Errors:
  // invalid_argument "bad_meals" saying which item is wrong.
  static StatusOr<Scenario> ParseDaily(std::string_view text);

  Kind kind() const { return kind_; }

  // Meals announced during day `day` (minutes relative to that day's start),
  // sorted by minute; several at one minute are summed.
  std::vector<Meal> MealsOfDay(int day) const;

 private:
  Kind kind_ = Kind::kNone;
  std::vector<Meal> meals_;
  uint64_t seed_ = 0;
};

}  // namespace mc::glucose
