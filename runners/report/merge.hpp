// SPDX-License-Identifier: Apache-2.0
// One matrix across machines (in the spirit of wpt.fyi and compat-table): rows are question
// instances, aligned by id across machines (every OS answers the questions of
// expectations/questions.yaml under the same ids), columns are machines (a --label, or OS,
// kernel release, architecture). A cell shows the key observation and the verdict; a question
// the OS cannot be asked shows n/a, one it did not run shows —. Each row says whether the
// machines that measured it agree; rows where they differ come first. Written as Markdown and
// HTML; the HTML page has one accept-queue capacity chart per capacity case.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "results/results.hpp"

namespace lc::report {

struct MergeInput {
  std::string source;  // the file it was read from
  results::RunResults run;
  std::string label = {};  // the column's name (merge --label NAME=FILE); "" = from the machine
};

// Whether the machines that observed a row saw the same thing (the key observation of each cell
// with one; skipped, n/a and missing cells do not count).
enum class Agreement { same, differ, single };
std::string to_string(Agreement a);

struct Matrix {
  std::vector<std::string> columns;  // machine labels, unique
  struct Row {
    std::string family;
    std::string id;
    std::vector<const judge::CaseResult*> cells;  // per column; null when that machine has no such instance
    Agreement agreement = Agreement::single;
  };
  std::vector<Row> rows;
};

// Rows where the machines differ first, then the others; each group in family order.
Matrix build_matrix(const std::vector<MergeInput>& inputs);

std::string render_matrix_markdown(const std::vector<MergeInput>& inputs);
std::string render_matrix_html(const std::vector<MergeInput>& inputs);
// For machines (merge --format json): format "listen-conformance/matrix", version 1, the same
// rows in the same order (docs/reports.md has the shape).
std::string render_matrix_json(const std::vector<MergeInput>& inputs);

// Writes DIR/matrix.json, or DIR/matrix.md and DIR/matrix.html, (DIR created if missing) as one set
// (lc::vocabulary::write_file_set); returns the paths. Throws lc::vocabulary::OutputError.
enum class MatrixFormat { pages, json };
std::vector<std::filesystem::path> write_matrix(const std::vector<MergeInput>& inputs, const std::filesystem::path& dir,
                                                MatrixFormat format = MatrixFormat::pages);

}  // namespace lc::report
