// In-process metrics rendered in the Prometheus text exposition format (version 0.0.4).
//
// Families are described once (name, type, help, histogram buckets), then updated from any
// thread. Label values must never hold document text or identities: only route templates,
// codes, types and outcomes. Collectors run at each Render() to refresh gauges that are
// cheaper to read than to track (queue depth).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace notaria {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  enum class Type { kCounter, kGauge, kHistogram };

  void Describe(const std::string& name, Type type, const std::string& help,
                std::vector<double> buckets = {});
  void Inc(const std::string& name, const MetricLabels& labels = {}, double by = 1);
  void Set(const std::string& name, const MetricLabels& labels, double value);
  void Observe(const std::string& name, const MetricLabels& labels, double value);
  void AddCollector(std::function<void(Metrics&)> collector);

  // Current value of a counter or gauge series (0 when absent); for tests.
  double Value(const std::string& name, const MetricLabels& labels = {}) const;

  std::string Render();

 private:
  struct Histogram {
    std::vector<uint64_t> counts;  // per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  struct Family {
    Type type = Type::kCounter;
    std::string help;
    std::vector<double> buckets;
    std::map<std::string, double> values;         // rendered labels -> value
    std::map<std::string, Histogram> histograms;  // rendered labels -> histogram
  };

  static std::string RenderLabels(const MetricLabels& labels);
  Family& FamilyOrDie(const std::string& name, Type type);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
  std::vector<std::function<void(Metrics&)>> collectors_;
};

}  // namespace notaria
