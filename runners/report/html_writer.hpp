// SPDX-License-Identifier: Apache-2.0
// The self-contained HTML page of one run: machine facts, totals, documentation drift and
// deviations (highlighted, with citations), the accept-queue capacity chart (inline SVG), the
// overflow outcomes table, and every result by family. Inline CSS, no scripts, no external
// resources; the markup is well-formed XHTML (built with pugixml).
#pragma once

#include <string>

#include <pugixml.hpp>

#include "results/results.hpp"

namespace lc::report {

std::string render_html(const results::RunResults& r);

// Shared with diff and merge: a <span class="v-LABEL">label</span>.
void append_verdict(pugi::xml_node parent, judge::VerdictLabel label);
// A findings box (class "finding", plus "drift"/"error") with the claim, checks and citations.
void append_finding(pugi::xml_node parent, const judge::CaseResult& r);

}  // namespace lc::report
