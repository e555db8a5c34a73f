// SPDX-License-Identifier: Apache-2.0
// The guests' initramfs: an uncompressed cpio archive in the kernel's "newc" format
// (Documentation/driver-api/early-userspace/buffer-format.rst). Uncompressed because the guest
// kernel copies it faster under emulation than it would decompress it.
#pragma once

#include <cstdint>
#include <string>

namespace lc::kernels {

class CpioWriter {
 public:
  void directory(const std::string& path);
  void file(const std::string& path, const std::string& content, std::uint32_t mode = 0644);
  void symlink(const std::string& path, const std::string& target);
  // The archive so far with its TRAILER!!! entry; the writer can go on adding after it.
  std::string finish() const;
  const std::string& data() const { return data_; }

 private:
  void entry(const std::string& path, std::uint32_t mode, const std::string& content);
  std::string data_;
  std::uint32_t inode_ = 1;
};

}  // namespace lc::kernels
