// Loading and validating expectation files. Every problem is reported as file:line:col.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "expectations.hpp"

namespace lc::expect {

struct LoadError : std::runtime_error {
  explicit LoadError(std::vector<std::string> problems);
  std::vector<std::string> problems;  // each "file:line:col: message"
};

// Problems as they are found. Only the first kMaxShown are kept: a hostile file can hold a
// million mistakes, and the first ones say what is wrong.
class ProblemList {
 public:
  static constexpr std::size_t kMaxShown = 100;
  explicit ProblemList(std::string path) : path_(std::move(path)) {}
  void add(std::string problem);  // "file:line:col: message"
  bool empty() const { return kept_.empty(); }
  // The kept problems, and a last line counting the others.
  std::vector<std::string> list() const;

 private:
  std::string path_;
  std::vector<std::string> kept_;
  std::size_t not_shown_ = 0;
};

// Throws LoadError listing every problem found (unknown keys, wrong types, bad formulas,
// unknown sources, duplicate ids, ...).
ExpectationFile load_expectations(const std::string& path);
// `text` as if read from `path`: a file of answers reads its catalogue beside `path`.
ExpectationFile parse_expectations(const std::string& text, const std::string& path);

// The questions file (expectations/questions.yaml): checked alone, as `validate` does; returns
// the number of questions. Throws LoadError.
std::size_t check_catalogue(const std::string& path);
// Whether `path` looks like a catalogue (a mapping with `questions` and no `platform`).
bool is_catalogue(const std::string& path);

}  // namespace lc::expect
