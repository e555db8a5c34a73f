#include "report_writers.hpp"

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

}  // namespace lc::report
