// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the input path of report, diff and merge on arbitrary bytes — parse,
// validate (the embedded schema, unique ids, plausible values), then render every format, diff
// and the matrix. Bad input must end in ResultsError; anything else escaping, a crash, a hang or
// unbounded memory is a bug. Two properties are checked on every file that is read:
//   - the results.json the program writes for it is read back to the same results;
//   - a file diffed with itself has no change.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "report/diff.hpp"
#include "report/merge.hpp"
#include "report/report_writers.hpp"
#include "results/results.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lc;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  results::RunResults run;
  try {
    run = results::parse_results(text);
  } catch (const results::ResultsError&) {
    return 0;
  }
  std::string json_text;
  for (report::Format f : report::all_formats()) {
    std::string out = report::render(run, f);
    if (f == report::Format::json) json_text = std::move(out);
  }
  const results::RunResults again = results::parse_results(json_text);  // throws: the writer wrote what the reader refuses
  if (results::to_json(again) != results::to_json(run)) std::abort();
  for (bool environment : {false, true}) {
    report::DiffOptions options;
    options.include_environment = environment;
    const report::RunDiff d = report::diff_runs(run, again, options);
    if (d.changed()) std::abort();
    (void)report::render_diff_markdown(d);
    (void)report::render_diff_html(d);
    (void)report::render_diff_json(d);
  }
  const std::vector<report::MergeInput> inputs = {{"a.json", run}, {"b.json", again}};
  (void)report::render_matrix_markdown(inputs);
  (void)report::render_matrix_html(inputs);
  return 0;
}
