// SPDX-License-Identifier: Apache-2.0
// Markdown for a GitHub step summary: totals, then deviations, documentation drift and errors
// with expected/observed and citations, then one table per case family.
#pragma once

#include <string>

#include "results/results.hpp"

namespace lc::report {

std::string render_markdown(const results::RunResults& r);

// Shared with diff and merge: "✅ conforms", "❌ deviates", "📄 drift", "⏭️ skipped", "💥 error".
std::string verdict_badge(judge::VerdictLabel label);

}  // namespace lc::report
