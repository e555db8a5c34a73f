// SPDX-License-Identifier: Apache-2.0
#include "runtime_answer_line.hpp"

#include <climits>

#include "lc/vocabulary/format_number.hpp"

namespace lc::console {

std::string runtime_api_call(vocabulary::RuntimeDriver driver, std::optional<int> requested) {
  using vocabulary::RuntimeDriver;
  const std::string n = requested ? std::to_string(*requested) : "";
  switch (driver) {
    case RuntimeDriver::python_socket: return "socket.listen(" + n + ")";
    case RuntimeDriver::python_socketserver:
      return requested ? "TCPServer with request_queue_size = " + n : "TCPServer (request_queue_size as shipped)";
    case RuntimeDriver::python_asyncio:
      return requested ? "loop.create_server(factory, host, port, backlog=" + n + ")" : "loop.create_server(factory, host, port)";
    case RuntimeDriver::twisted_listentcp:
      return requested ? "reactor.listenTCP(port, factory, backlog=" + n + ")" : "reactor.listenTCP(port, factory)";
    case RuntimeDriver::node_net:
      return requested ? "server.listen({port, backlog: " + n + "})" : "server.listen(port)";
    case RuntimeDriver::java_serversocket: return requested ? "new ServerSocket(port, " + n + ")" : "new ServerSocket(port)";
    case RuntimeDriver::go_net: return "net.Listen(\"tcp\", addr)";
    case RuntimeDriver::ruby_tcpserver: return requested ? "TCPServer.new(port).listen(" + n + ")" : "TCPServer.new(port)";
    case RuntimeDriver::nginx: return requested ? "listen port backlog=" + n + ";" : "listen port;";
    case RuntimeDriver::redis: return requested ? "tcp-backlog " + n : "redis.conf without tcp-backlog";
    case RuntimeDriver::php_fpm: return requested ? "listen.backlog = " + n : "a pool without listen.backlog";
    case RuntimeDriver::rust_tcplistener: return "TcpListener::bind(addr)";
    case RuntimeDriver::postgresql: return requested ? "max_connections = " + n : "postgresql.conf without max_connections";
    case RuntimeDriver::haproxy: return requested ? "bind addr:port backlog " + n : "bind addr:port (frontend maxconn)";
  }
  return vocabulary::to_string(driver);
}

std::optional<std::int64_t> passed_backlog(const RuntimeAnswer& a) {
  if (!a.kept) return std::nullopt;
  if (*a.kept == a.somaxconn && a.somaxconn == INT_MAX) return -1;  // or INT_MAX: the same listener
  return a.kept;
}

std::string runtime_answer_line(const RuntimeAnswer& a, const std::string& os) {
  std::string line = vocabulary::to_string(a.driver) + (a.runtime_version.empty() ? "" : " (" + a.runtime_version + ")") + ": `" +
                     runtime_api_call(a.driver, a.requested) + "` → ";
  const auto passed = passed_backlog(a);
  if (!passed) return line + "no listener";
  line += "`listen(fd, " + std::to_string(*passed) + ")`";
  if (*passed != *a.kept) line += " (kept as " + std::to_string(*a.kept) + ", somaxconn here)";
  if (a.connections == 0) {
    line += " (not flooded here)";
  } else {
    // The flood shows the capacity only when it went past it; else it is a lower bound.
    const bool full = a.queued < a.connections;
    line += " → " + std::string(full ? "" : "at least ") + std::to_string(a.queued) + " connection" + (a.queued == 1 ? "" : "s") +
            " on this " + os;
  }
  if (!a.elsewhere.empty()) {
    line += "; `explain` says";
    bool first = true;
    for (const auto& [platform, capacity] : a.elsewhere) {
      line += std::string(first ? " " : ", ") + platform + (first ? " would hold " : " ") + vocabulary::format_number(capacity);
      first = false;
    }
  }
  return line;
}

}  // namespace lc::console
