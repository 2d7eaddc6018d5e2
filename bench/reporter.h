// libskb benchmarks: a console reporter that remembers whether any benchmark
// failed its correctness check (SkipWithError), so the binaries can exit
// non-zero and scripts/bench and the ctest smoke runs notice.
#ifndef LIBSKB_BENCH_REPORTER_H_
#define LIBSKB_BENCH_REPORTER_H_

#include <benchmark/benchmark.h>

#include <unistd.h>

#include <string>
#include <vector>

namespace bench {

class ErrorTrackingReporter : public benchmark::ConsoleReporter {
 public:
  ErrorTrackingReporter()
      : benchmark::ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.error_occurred) errors_.push_back(r.benchmark_name() + ": " + r.error_message);
    }
    ConsoleReporter::ReportRuns(runs);
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::vector<std::string> errors_;
};

}  // namespace bench

#endif  // LIBSKB_BENCH_REPORTER_H_
