// SPDX-License-Identifier: Apache-2.0
#include "report_writers.hpp"

#include <system_error>

#include "html_writer.hpp"
#include "junit_writer.hpp"
#include "markdown_writer.hpp"

namespace lc::report {

std::optional<Format> format_from_string(const std::string& s) {
  if (s == "json") return Format::json;
  if (s == "junit" || s == "xml") return Format::junit;
  if (s == "md" || s == "markdown") return Format::markdown;
  if (s == "html") return Format::html;
  return std::nullopt;
}

std::string report_file_name(Format f) {
  switch (f) {
    case Format::json: return "results.json";
    case Format::junit: return "junit.xml";
    case Format::markdown: return "summary.md";
    case Format::html: return "report.html";
  }
  return "report";
}

const std::vector<Format>& all_formats() {
  static const std::vector<Format> formats = {Format::json, Format::junit, Format::markdown, Format::html};
  return formats;
}

std::string render(const results::RunResults& r, Format f) {
  switch (f) {
    // Invalid UTF-8 (from an expectation file) becomes U+FFFD instead of an exception.
    case Format::json: return results::to_json(r).dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    case Format::junit: return render_junit(r);
    case Format::markdown: return render_markdown(r);
    case Format::html: return render_html(r);
  }
  return {};
}

std::vector<std::filesystem::path> write_report_set(const std::filesystem::path& dir, const results::RunResults& r,
                                                    const std::vector<Format>& formats,
                                                    const vocabulary::FileSetOptions& options) {
  std::vector<vocabulary::NamedContent> files;
  for (Format f : formats) files.push_back({report_file_name(f), render(r, f)});
  return vocabulary::write_file_set(dir, files, options);
}

std::filesystem::path report_dir_for_run(const std::filesystem::path& dir, const std::string& filter, std::string& note) {
  note.clear();
  if (filter.empty()) return dir;
  const std::filesystem::path existing = dir / report_file_name(Format::json);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(existing, ec)) return dir;
  results::RunResults held;
  try {
    held = results::load_results(existing);
  } catch (const std::exception&) {
    return dir;  // not a results file we can read: replaced as before, nothing whole is known lost
  }
  if (!held.filter.empty()) return dir;
  const std::filesystem::path beside = dir / "filtered";
  note = dir.string() + " holds a full run (" + std::to_string(held.results.size()) + " case instances, started " +
         held.started_at + "); this filtered run (--filter '" + filter + "') is written beside it, to " + beside.string();
  return beside;
}

void check_report_dir(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw vocabulary::OutputError("cannot write reports to " + dir.string() + ": " + ec.message());
  if (!fs::is_directory(dir, ec)) throw vocabulary::OutputError("cannot write reports to " + dir.string() + ": not a directory");
  for (Format f : all_formats()) {
    const fs::path target = dir / report_file_name(f);
    if (fs::exists(fs::symlink_status(target, ec)) && !fs::is_regular_file(fs::symlink_status(target, ec))) {
      throw vocabulary::OutputError("cannot write reports to " + dir.string() + ": " + target.string() + " is not a regular file");
    }
  }
  const fs::path probe = dir / ".listen-conformance-write-check";
  try {
    vocabulary::write_file_atomically(probe, "");
  } catch (const std::exception& e) {
    throw vocabulary::OutputError(std::string("cannot write reports to ") + dir.string() + ": " + e.what());
  }
  fs::remove(probe, ec);
}

}  // namespace lc::report
