#include "net/http_metrics.h"

#include "gtest/gtest.h"

namespace mc {
namespace {

TEST(HttpMetricsTest, CountsByRouteMethodAndStatusWithBoundedLabels) {
  HttpMetrics metrics;
  metrics.Observe("GET", "/api/users/{id}", 200, 0.002);
  metrics.Observe("GET", "/api/users/{id}", 200, 0.004);
  metrics.Observe("BREW", "", 404, 0.001);  // an unknown method, no route
  MetricsText text;
  metrics.Write(text);
  const std::string exposition = text.Finish();
  EXPECT_NE(exposition.find("metaclinic_http_requests_total{route=\"/api/users/{id}\","
                            "method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos)
      << exposition;
  EXPECT_NE(exposition.find("metaclinic_http_requests_total{route=\"none\",method=\"other\","
                            "status=\"404\"} 1\n"),
            std::string::npos)
      << exposition;
  EXPECT_EQ(exposition.find("BREW"), std::string::npos);
  EXPECT_NE(exposition.find("metaclinic_http_request_duration_seconds_count{route=\"/api/users/"
                            "{id}\"} 2\n"),
            std::string::npos)
      << exposition;
}

}  // namespace
}  // namespace mc
