// The pages of a `kernels` run, every one from the program's own writers: per target its
// results.json and KTAP; `diff` pages against the reference and of each rerun (unstable
// instances); the `merge` matrix; and index.{md,html} / summary.json, whose verdict counts are
// RunResults::summary() of the same results, as on every other page.
#pragma once

#include <vector>

#include "matrix.hpp"
#include "report/diff.hpp"

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

// Writes text to out/<relative> atomically (directories created).
void write_page(const std::filesystem::path& out, const std::string& relative, const std::string& text);

}  // namespace lc::kernels
