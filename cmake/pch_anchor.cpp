// SPDX-License-Identifier: Apache-2.0
// The one source of the precompiled-header object libraries (cmake/BuildSpeed.cmake): CMake
// makes a precompiled header for a target that compiles something.
namespace lc::build {
int pch_anchor() { return 0; }
}  // namespace lc::build
