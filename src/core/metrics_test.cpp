#include "core/metrics.h"

#include <thread>

#include "gtest/gtest.h"

namespace mc {
namespace {

TEST(HistogramTest, CountsEachValueInTheFirstBucketItFitsAndSums) {
  Histogram histogram({0.1, 1});
  histogram.Observe(0.05);
  histogram.Observe(0.1);  // le="0.1" holds values equal to the bound
  histogram.Observe(0.5);
  histogram.Observe(7);
  const HistogramSnapshot snapshot = histogram.Snapshot();
  EXPECT_EQ(snapshot.counts, (std::vector<uint64_t>{2, 1, 1}));
  EXPECT_DOUBLE_EQ(snapshot.sum, 7.65);
}

TEST(HistogramTest, ObservesFromManyThreadsWithoutLosingCounts) {
  Histogram histogram(Histogram::LatencyBoundsSeconds());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) histogram.Observe(0.002);
    });
  }
  for (auto& thread : threads) thread.join();
  uint64_t total = 0;
  for (uint64_t count : histogram.Snapshot().counts) total += count;
  EXPECT_EQ(total, 40000u);
}

TEST(MetricsTextTest, WritesThePrometheusTextExposition) {
  MetricsText text;
  text.Family("mc_requests", MetricsText::Type::kCounter, "Requests answered.");
  text.Sample({{"route", "/api/users/{id}"}, {"status", "200"}}, 3);
  text.Sample({{"route", "say \"hi\"\\\n"}}, 1.5);
  text.Family("mc_connections", MetricsText::Type::kGauge, "Open connections.");
  text.Sample({}, 2);
  Histogram histogram({0.1});
  histogram.Observe(0.05);
  histogram.Observe(0.25);
  text.Family("mc_tick_seconds", MetricsText::Type::kHistogram, "Tick durations.");
  text.Sample({}, histogram.Snapshot());
  EXPECT_EQ(text.Finish(),
            "# HELP mc_requests_total Requests answered.\n"
            "# TYPE mc_requests_total counter\n"
            "mc_requests_total{route=\"/api/users/{id}\",status=\"200\"} 3\n"
            "mc_requests_total{route=\"say \\\"hi\\\"\\\\\\n\"} 1.5\n"
            "# HELP mc_connections Open connections.\n"
            "# TYPE mc_connections gauge\n"
            "mc_connections 2\n"
            "# HELP mc_tick_seconds Tick durations.\n"
            "# TYPE mc_tick_seconds histogram\n"
            "mc_tick_seconds_bucket{le=\"0.1\"} 1\n"
            "mc_tick_seconds_bucket{le=\"+Inf\"} 2\n"
            "mc_tick_seconds_count 2\n"
            "mc_tick_seconds_sum 0.3\n");
}

}  // namespace
}  // namespace mc
