#include "sim/glucose/scenario.h"

#include <algorithm>
#include <cmath>

#include "fmt/format.h"
#include "sim/glucose/csv_table.h"
#include "sim/glucose/random.h"

namespace mc::glucose {
namespace {

constexpr int kMinutesPerDay = 1440;

std::vector<Meal> Normalise(std::vector<Meal> meals) {
  std::stable_sort(meals.begin(), meals.end(),
                   [](const Meal& a, const Meal& b) { return a.minute < b.minute; });
  std::vector<Meal> merged;
  for (const Meal& meal : meals) {
    if (!merged.empty() && merged.back().minute == meal.minute) {
      merged.back().grams += meal.grams;
    } else {
      merged.push_back(meal);
    }
  }
  return merged;
}

std::vector<Meal> RandomDay(uint64_t seed, int day) {
  // [breakfast, snack, lunch, snack, dinner, snack], as in simglucose.
  static constexpr double kProbability[] = {0.95, 0.3, 0.95, 0.3, 0.95, 0.3};
  static constexpr double kLowHour[] = {5, 9, 10, 14, 16, 20};
  static constexpr double kHighHour[] = {9, 10, 14, 16, 20, 23};
  static constexpr double kMeanHour[] = {7, 9.5, 12, 15, 18, 21.5};
  static constexpr double kTimeSdMin[] = {60, 30, 60, 30, 60, 30};
  static constexpr double kAmountMean[] = {45, 10, 70, 10, 80, 10};
  static constexpr double kAmountSd[] = {10, 5, 10, 5, 10, 5};
  Random random(DeriveSeed(seed, static_cast<uint64_t>(day)));
  std::vector<Meal> meals;
  for (int i = 0; i < 6; ++i) {
    if (random.Uniform() >= kProbability[i]) continue;
    double minute = std::round(random.TruncatedNormal(kMeanHour[i] * 60, kTimeSdMin[i],
                                                      kLowHour[i] * 60, kHighHour[i] * 60));
    double grams = std::max(0.0, std::round(kAmountMean[i] + kAmountSd[i] * random.Normal()));
    if (grams > 0) meals.push_back({static_cast<int>(minute) % kMinutesPerDay, grams});
  }
  return Normalise(std::move(meals));
}

}  // namespace

Scenario Scenario::None() { return Scenario(); }

Scenario Scenario::Daily(std::vector<Meal> meals) {
  Scenario scenario;
  scenario.kind_ = Kind::kDaily;
  scenario.meals_ = Normalise(std::move(meals));
  return scenario;
}

Scenario Scenario::Explicit(std::vector<Meal> meals) {
  Scenario scenario;
  scenario.kind_ = Kind::kExplicit;
  scenario.meals_ = Normalise(std::move(meals));
  return scenario;
}

Scenario Scenario::Random(uint64_t seed) {
  Scenario scenario;
  scenario.kind_ = Kind::kRandom;
  scenario.seed_ = seed;
  return scenario;
}

StatusOr<Scenario> Scenario::ParseDaily(std::string_view text) {
  std::vector<Meal> meals;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos
                                                   ? std::string_view::npos
                                                   : comma - start);
    start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    auto bad = [&](std::string_view why) {
      return InvalidArgument("bad_meals",
                             fmt::format("meal \"{}\": {} (expected HH:MM=grams, e.g. 07:00=50)",
                                         item, why));
    };
    size_t equals = item.find('=');
    size_t colon = item.find(':');
    if (equals == std::string_view::npos || colon == std::string_view::npos || colon > equals) {
      return bad("not HH:MM=grams");
    }
    double hour = 0, minute = 0, grams = 0;
    if (!ParseDouble(item.substr(0, colon), &hour) ||
        !ParseDouble(item.substr(colon + 1, equals - colon - 1), &minute) ||
        hour != std::floor(hour) || minute != std::floor(minute) || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59) {
      return bad("time must be HH:MM between 00:00 and 23:59");
    }
    if (!ParseDouble(item.substr(equals + 1), &grams) || grams < 0 || grams > 1000) {
      return bad("grams must be a number in 0..1000");
    }
    meals.push_back({static_cast<int>(hour * 60 + minute), grams});
  }
  return Daily(std::move(meals));
}

std::vector<Meal> Scenario::MealsOfDay(int day) const {
  switch (kind_) {
    case Kind::kNone: return {};
    case Kind::kDaily: return meals_;
    case Kind::kRandom: return RandomDay(seed_, day);
    case Kind::kExplicit: {
      std::vector<Meal> meals;
      for (const Meal& meal : meals_) {
        if (meal.minute >= day * kMinutesPerDay && meal.minute < (day + 1) * kMinutesPerDay) {
          meals.push_back({meal.minute - day * kMinutesPerDay, meal.grams});
        }
      }
      return meals;
    }
  }
  return {};
}

}  // namespace mc::glucose
