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

std::string render(const results::RunResults& r, Format f) {
  switch (f) {
    case Format::json: return results::to_json(r).dump(1) + "\n";
    case Format::junit: return render_junit(r);
    case Format::markdown: return render_markdown(r);
    case Format::html: return render_html(r);
  }
  return {};
}

std::vector<std::filesystem::path> write_all_reports(const results::RunResults& r, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create report directory " + dir.string() + ": " + ec.message());
  std::vector<std::filesystem::path> written;
  for (const auto& [name, format] : {std::pair{"results.json", Format::json}, std::pair{"junit.xml", Format::junit},
                                     std::pair{"summary.md", Format::markdown}, std::pair{"report.html", Format::html}}) {
    const auto path = dir / name;
    results::write_atomically(path, render(r, format));
    written.push_back(path);
  }
  return written;
}

}  // namespace lc::report
