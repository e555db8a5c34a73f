# SPDX-License-Identifier: Apache-2.0
# Clang 18 and later report the standard library's own use of a deprecated function inside
# its headers: libstdc++ 12's std::stable_sort and std::stable_partition call
# std::get_temporary_buffer, deprecated since C++17, and every call of them in this project then
# warns "'get_temporary_buffer<T>' is deprecated" in stl_tempbuf.h (LLVM issue 76515). That is
# the pairing of Debian 12's clang-19 with its GCC 12 headers, which the Check build uses
# (cmake/BuildSpeed.cmake); GCC does not report it. Checked, not assumed from versions: the
# deprecation warnings go off only when a stable sort warns here, and then for this whole
# project, since the warning is in the library's code, not in ours.
include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_FLAGS "-std=c++20 -Werror=deprecated-declarations")
check_cxx_source_compiles([=[
#include <algorithm>
#include <vector>
struct Sortable { int key; };
int main() {
  std::vector<Sortable> v{{2}, {1}};
  std::stable_sort(v.begin(), v.end(), [](const Sortable& a, const Sortable& b) { return a.key < b.key; });
  return v.front().key;
}
]=] LC_STABLE_SORT_WITHOUT_DEPRECATION_WARNING)
unset(CMAKE_REQUIRED_FLAGS)
if(NOT LC_STABLE_SORT_WITHOUT_DEPRECATION_WARNING)
  message(STATUS "The standard library's std::stable_sort warns of its own deprecated get_temporary_buffer here: -Wno-deprecated-declarations")
  add_compile_options(-Wno-deprecated-declarations)
endif()
