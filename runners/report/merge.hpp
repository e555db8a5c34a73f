// One matrix across machines (in the spirit of wpt.fyi and compat-table): rows are case
// instances grouped by family (one row per backlog value and other parameters), columns are
// machines (OS, kernel release, architecture). Written as Markdown and HTML; the HTML page has
// one accept-queue capacity chart per capacity case with one line per machine.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "results/results.hpp"

namespace lc::report {

struct MergeInput {
  std::string source;  // the file it was read from
  results::RunResults run;
};

struct Matrix {
  std::vector<std::string> columns;  // machine labels, unique
  struct Row {
    std::string family;
    std::string id;
    std::vector<const judge::CaseResult*> cells;  // per column; null when that machine has no such instance
  };
  std::vector<Row> rows;
};

Matrix build_matrix(const std::vector<MergeInput>& inputs);

std::string render_matrix_markdown(const std::vector<MergeInput>& inputs);
std::string render_matrix_html(const std::vector<MergeInput>& inputs);

// Writes DIR/matrix.md and DIR/matrix.html (DIR created if missing) as one set
// (lc::vocabulary::write_file_set); returns the paths. Throws lc::vocabulary::OutputError.
std::vector<std::filesystem::path> write_matrix(const std::vector<MergeInput>& inputs, const std::filesystem::path& dir);

}  // namespace lc::report
