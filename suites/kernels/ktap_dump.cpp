// SPDX-License-Identifier: Apache-2.0
// Prints the KTAP of a results file (for the kernel parser's test, kunit_parser_check.py).
#include <iostream>

#include "report/ktap_writer.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: lc_ktap_dump RESULTS.json\n";
    return 2;
  }
  try {
    std::cout << lc::report::render_ktap(lc::results::load_results(argv[1]));
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  return 0;
}
