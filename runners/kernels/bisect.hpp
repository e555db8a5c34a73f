// SPDX-License-Identifier: Apache-2.0
// `kernels --bisect SERIES` (or two targets): among the archive's builds of a series, the first
// build whose observations differ from the oldest's, found by binary search that boots only the
// builds the search needs (and runs only the differing instances in them); then the upstream
// commits between the last old and the first new build, from the Debian changelog the new
// build's package ships, whose titles touch what the differing instances cite.
#pragma once

#include <string>
#include <vector>

#include "judge/verdict.hpp"
#include "matrix.hpp"

namespace lc::kernels {

int run_bisect(KernelsContext& ctx);

// One change of a Debian kernel changelog: an upstream stable commit title ("tcp/dccp: allow a
// connection when sk_max_ack_backlog is zero") with the stable release it came with ("5.10.234";
// "" for Debian's own changes).
struct ChangelogItem {
  std::string release;
  std::string title;
};
// From the Changes text of `dpkg-parsechangelog -S Changes`.
std::vector<ChangelogItem> changelog_items(const std::string& changes);

// What the citations point at: the subjects of cited commits ('...' in a commit source's
// title) and the identifiers the sources name (tcp_conn_request, sk_max_ack_backlog, tcp_input).
struct CitedTerms {
  std::vector<std::string> commit_subjects;
  std::vector<std::string> identifiers;
};
CitedTerms cited_terms(const std::vector<judge::Citation>& cites);

struct Candidate {
  ChangelogItem item;
  bool cited_commit = false;  // the title is a cited commit's subject
  std::string matched;        // the subject or identifier it matched
};
// The cited commits first, then the items naming an identifier, in changelog order.
std::vector<Candidate> candidate_commits(const std::vector<ChangelogItem>& items, const CitedTerms& terms);

}  // namespace lc::kernels
