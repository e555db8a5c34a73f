#include "report_writers.hpp"

namespace lc::report {

std::vector<std::filesystem::path> write_all_reports(const results::RunResults& r, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create report directory " + dir.string() + ": " + ec.message());
  const auto json_path = dir / "results.json";
  results::write_atomically(json_path, results::to_json(r).dump(1) + "\n");
  return {json_path};
}

}  // namespace lc::report
