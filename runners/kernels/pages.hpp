// SPDX-License-Identifier: Apache-2.0
// The pages of a `kernels` run, every one from the program's own writers: per target its
// results.json and KTAP; `diff` pages against the reference and of each rerun (unstable
// instances); the `merge` matrix; and index.{md,html} / summary.json, whose verdict counts are
// RunResults::summary of the same results, as on every other page.
#pragma once

#include <vector>

#include "matrix.hpp"
#include "lc/vocabulary/atomic_write.hpp"
#include "report/diff.hpp"
#include <map>

namespace lc::kernels {

struct PageTimes {
  double runs_s = 0, reruns_s = 0, bisect_s = 0;
};

// Writes everything into ctx.options.out (each file atomically). Throws std::runtime_error.
void write_matrix_pages(const KernelsContext& ctx, const std::vector<TargetRun>& targets, const TargetRun* reference,
                        const PageTimes& times);

// "ok" or "error: <reason>".
std::string target_status(const TargetRun& t);

// "observation.outcomes.accepted 0 → 1; verdict skipped → conforms" (the first `n` fields;
// added/removed say so).
std::string change_text(const report::InstanceChange& c, std::size_t n);

// A page as a list of blocks, rendered as Markdown and as HTML from the same values.
struct PageBlock {
  enum class Kind { heading, paragraph, table, list } kind = Kind::paragraph;
  std::string text;  // heading, paragraph; the title above a table or a list ("" = none)
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> items;
  static PageBlock heading(std::string text) { return make(Kind::heading, std::move(text)); }
  static PageBlock paragraph(std::string text) { return make(Kind::paragraph, std::move(text)); }
  static PageBlock table(std::string title, std::vector<std::string> header) {
    PageBlock b = make(Kind::table, std::move(title));
    b.header = std::move(header);
    return b;
  }
  static PageBlock list(std::string title) { return make(Kind::list, std::move(title)); }

 private:
  static PageBlock make(Kind k, std::string text) {
    PageBlock b;
    b.kind = k;
    b.text = std::move(text);
    return b;
  }
};
std::string render_blocks_markdown(const std::string& title, const std::vector<PageBlock>& blocks);
std::string render_blocks_html(const std::string& title, const std::vector<PageBlock>& blocks);

// The pages of one command, collected and then written per directory as one set each
// (lc::vocabulary::write_file_set: rendered in full first, switched into place together), the
// top directory's (index, summary) last. Throws lc::vocabulary::OutputError.
class PageSet {
 public:
  void add(const std::string& relative, std::string text);
  std::vector<std::filesystem::path> write(const std::filesystem::path& out) const;

 private:
  std::map<std::string, std::vector<vocabulary::NamedContent>> by_dir_;
};

}  // namespace lc::kernels
