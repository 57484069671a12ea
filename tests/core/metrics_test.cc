#include "core/metrics.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(MetricsRegistry, SameNameAndLabelsGiveTheSameCounter) {
  MetricsRegistry r;
  Counter* a = r.GetCounter("softmcu_rtp_dropped_total", {{"point", "a"}});
  Counter* b = r.GetCounter("softmcu_rtp_dropped_total", {{"point", "a"}});
  Counter* c = r.GetCounter("softmcu_rtp_dropped_total", {{"point", "b"}});
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(MetricsRegistry, RendersPrometheusTextWithEscapedLabels) {
  MetricsRegistry r;
  r.GetCounter("softmcu_x_total", {{"point", "UBND \"Triệu Sơn\""}}, "things")->Add(3);
  r.GetGauge("softmcu_y", {})->Set(1.5);
  std::string text = r.RenderPrometheus();
  EXPECT_NE(text.find("# HELP softmcu_x_total things\n# TYPE softmcu_x_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("softmcu_x_total{point=\"UBND \\\"Triệu Sơn\\\"\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("softmcu_y 1.5\n"), std::string::npos);
}

}  // namespace
}  // namespace softmcu
