#include "core/metrics.h"

#include <gtest/gtest.h>

namespace notaria {
namespace {

TEST(Metrics, RendersCountersWithLabels) {
  Metrics m;
  m.Describe("documents_processed_total", Metrics::Type::kCounter, "Documents processed.");
  m.Inc("documents_processed_total", {{"type", "rib"}, {"outcome", "done"}});
  m.Inc("documents_processed_total", {{"type", "rib"}, {"outcome", "done"}});
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE documents_processed_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("documents_processed_total{type=\"rib\",outcome=\"done\"} 2\n"),
            std::string::npos)
      << text;
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics m;
  m.Describe("d", Metrics::Type::kHistogram, "Durations.", {0.1, 1});
  m.Observe("d", {{"route", "/a"}}, 0.05);
  m.Observe("d", {{"route", "/a"}}, 0.5);
  m.Observe("d", {{"route", "/a"}}, 5);
  std::string text = m.Render();
  EXPECT_NE(text.find("d_bucket{route=\"/a\",le=\"0.1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_bucket{route=\"/a\",le=\"1\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_bucket{route=\"/a\",le=\"+Inf\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_count{route=\"/a\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("d_sum{route=\"/a\"} 5.55\n"), std::string::npos) << text;
}

TEST(Metrics, CollectorsRefreshGaugesAtRender) {
  Metrics m;
  m.Describe("queue_depth", Metrics::Type::kGauge, "Jobs waiting or running.");
  int depth = 3;
  m.AddCollector([&](Metrics& self) { self.Set("queue_depth", {}, depth); });
  EXPECT_NE(m.Render().find("queue_depth 3\n"), std::string::npos);
  depth = 0;
  EXPECT_NE(m.Render().find("queue_depth 0\n"), std::string::npos);
}

TEST(Metrics, EscapesLabelValues) {
  Metrics m;
  m.Describe("c", Metrics::Type::kCounter, "C.");
  m.Inc("c", {{"route", "a\"b\\c"}});
  EXPECT_NE(m.Render().find("c{route=\"a\\\"b\\\\c\"} 1\n"), std::string::npos);
}

TEST(Metrics, UndescribedMetricIsAProgrammingError) {
  Metrics m;
  EXPECT_THROW(m.Inc("nope"), std::logic_error);
}

}  // namespace
}  // namespace notaria
