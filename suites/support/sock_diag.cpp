// SPDX-License-Identifier: Apache-2.0
#include "support/sock_diag.hpp"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lc::testing {
namespace {

std::string failed(const char* step) { return std::string(step) + ": " + std::strerror(errno); }

// Closes the netlink socket on every return path.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

DiagDump dump_tcp_sockets(int family, std::uint32_t state_mask) {
  DiagDump dump;
  const Fd nl{::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG)};
  if (nl.fd < 0) {
    dump.error = failed("socket(AF_NETLINK, NETLINK_SOCK_DIAG)");
    return dump;
  }
  const timeval bound{5, 0};
  if (::setsockopt(nl.fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound) != 0) {
    dump.error = failed("setsockopt(SO_RCVTIMEO)");
    return dump;
  }

  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } req{};
  req.header.nlmsg_len = sizeof req;
  req.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  req.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.header.nlmsg_seq = 1;
  req.request.sdiag_family = static_cast<std::uint8_t>(family);
  req.request.sdiag_protocol = IPPROTO_TCP;
  req.request.idiag_states = state_mask;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::sendto(nl.fd, &req, sizeof req, 0, reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel) < 0) {
    dump.error = failed("sendto(SOCK_DIAG_BY_FAMILY)");
    return dump;
  }

  // The dump arrives in datagrams of several messages each, ended by NLMSG_DONE.
  alignas(nlmsghdr) char buf[32768];
  for (;;) {
    const ssize_t n = ::recv(nl.fd, buf, sizeof buf, 0);
    if (n < 0) {
      dump.error = failed("recv(NETLINK_SOCK_DIAG)");
      return dump;
    }
    if (n == 0) {
      dump.error = "recv(NETLINK_SOCK_DIAG): the dump ended without NLMSG_DONE";
      return dump;
    }
    auto len = static_cast<unsigned int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE) return dump;
      if (h->nlmsg_type == NLMSG_ERROR) {
        const auto* e = static_cast<const nlmsgerr*>(NLMSG_DATA(h));
        dump.error = std::string("NETLINK_SOCK_DIAG answered an error: ") + std::strerror(-e->error);
        return dump;
      }
      const auto* m = static_cast<const inet_diag_msg*>(NLMSG_DATA(h));
      dump.sockets.push_back(DiagSocket{m->idiag_family, m->idiag_state, ntohs(m->id.idiag_sport),
                                        ntohs(m->id.idiag_dport), m->idiag_rqueue, m->idiag_wqueue});
    }
  }
}

}  // namespace lc::testing
