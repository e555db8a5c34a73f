// SPDX-License-Identifier: Apache-2.0
#include "initramfs.hpp"

#include <cstdio>

namespace lc::kernels {
namespace {

std::string hex8(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08X", v);
  return buf;
}

void pad4(std::string& s) {
  while (s.size() % 4) s.push_back('\0');
}

}  // namespace

void CpioWriter::entry(const std::string& path, std::uint32_t mode, const std::string& content) {
  const std::string name = path.empty() || path[0] != '/' ? path : path.substr(1);
  std::string h = "070701";
  for (std::uint32_t v : {inode_++, mode, 0u, 0u, 1u, 0u, static_cast<std::uint32_t>(content.size()), 0u, 0u, 0u, 0u,
                          static_cast<std::uint32_t>(name.size() + 1), 0u}) {
    h += hex8(v);
  }
  data_ += h + name + '\0';
  pad4(data_);
  data_ += content;
  pad4(data_);
}

void CpioWriter::directory(const std::string& path) { entry(path, 040755, {}); }
void CpioWriter::file(const std::string& path, const std::string& content, std::uint32_t mode) {
  entry(path, 0100000 | mode, content);
}
void CpioWriter::symlink(const std::string& path, const std::string& target) { entry(path, 0120777, target); }

std::string CpioWriter::finish() const {
  CpioWriter trailer = *this;
  trailer.entry("TRAILER!!!", 0, {});
  return trailer.data_;
}

}  // namespace lc::kernels
