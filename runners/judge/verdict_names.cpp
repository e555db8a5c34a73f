#include "verdict.hpp"

namespace lc::judge {

std::string to_string(Verdict v) {
  switch (v) {
    case Verdict::conforms: return "conforms";
    case Verdict::deviates: return "deviates";
    case Verdict::skipped: return "skipped";
    case Verdict::error: return "error";
  }
  return "?";
}

std::optional<Verdict> verdict_from_string(const std::string& s) {
  for (Verdict v : {Verdict::conforms, Verdict::deviates, Verdict::skipped, Verdict::error}) {
    if (to_string(v) == s) return v;
  }
  return std::nullopt;
}

std::string to_string(CheckStatus s) {
  switch (s) {
    case CheckStatus::pass: return "pass";
    case CheckStatus::fail: return "fail";
    case CheckStatus::error: return "error";
    case CheckStatus::unobservable: return "unobservable";
  }
  return "?";
}

std::optional<CheckStatus> check_status_from_string(const std::string& s) {
  for (CheckStatus v : {CheckStatus::pass, CheckStatus::fail, CheckStatus::error, CheckStatus::unobservable}) {
    if (to_string(v) == s) return v;
  }
  return std::nullopt;
}

}  // namespace lc::judge
