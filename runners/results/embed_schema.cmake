# SPDX-License-Identifier: Apache-2.0
# Build step: writes the results JSON Schema into a C++ source as bytes, so that the program
# validates results files against the schema it was built with, wherever it is installed (no
# source path is baked in). Usage: cmake -DINPUT=results.schema.json -DOUTPUT=x.cpp -P embed_schema.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
set(sixteen "")
foreach(i RANGE 15)
  string(APPEND sixteen "0x[0-9a-f][0-9a-f],")
endforeach()
string(REGEX REPLACE "(${sixteen})" "\\1\n    " bytes "${bytes}")
file(WRITE "${OUTPUT}" "// Generated from runners/results/results.schema.json by embed_schema.cmake. Do not edit.
#include \"results/results_schema.hpp\"

namespace lc::results {
namespace {
const unsigned char kSchema[] = {
    ${bytes}0x00};
}  // namespace

std::string_view results_schema_text() { return {reinterpret_cast<const char*>(kSchema), ${size}}; }

}  // namespace lc::results
")
