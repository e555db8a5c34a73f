// SPDX-License-Identifier: Apache-2.0
// Writing a run's reports: results.json, junit.xml, summary.md and report.html are one set.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "lc/vocabulary/atomic_write.hpp"
#include "results/results.hpp"

namespace lc::report {

enum class Format { json, junit, markdown, html };
// "json", "junit", "md" (or "markdown"), "html".
std::optional<Format> format_from_string(const std::string& s);
// The file name of each format in a report directory: results.json, junit.xml, summary.md, report.html.
std::string report_file_name(Format f);
// Every format, in the order the files are written.
const std::vector<Format>& all_formats();

// The report of one run in one format.
std::string render(const results::RunResults& r, Format f);

// Writes the reports of `r` in `formats` into `dir` (created if missing) as one set
// (lc::vocabulary::write_file_set): every file is rendered and written in full before any in
// `dir` is replaced, then all are switched into place under the directory's lock, so a full disk
// leaves the previous set whole and two runs into one directory never interleave. An interrupted
// run's partial results are written the same way (their results.json says "interrupted": true).
// Returns the paths written. Throws lc::vocabulary::OutputError naming the path and the reason
// (a target that is not a regular file is refused; nothing of the set is replaced then).
std::vector<std::filesystem::path> write_report_set(const std::filesystem::path& dir, const results::RunResults& r,
                                                    const std::vector<Format>& formats = all_formats(),
                                                    const vocabulary::FileSetOptions& options = {});

// Whether write_report_set could write into `dir`, asked before a run measures anything: `dir` is
// created if missing and must take a file (one is written and removed), and no report file in it
// may be something other than a regular file. Throws lc::vocabulary::OutputError with the reason.
void check_report_dir(const std::filesystem::path& dir);

// Where a run's reports go. A filtered run (`filter` not empty) aimed at a directory whose
// results.json holds a full run goes beside it, into dir/filtered, so that a subset never
// silently replaces the whole; `note` then says so, for the user. Otherwise `dir` (also when its
// results.json is absent, unreadable or itself filtered: nothing whole is lost).
std::filesystem::path report_dir_for_run(const std::filesystem::path& dir, const std::string& filter, std::string& note);

}  // namespace lc::report
