# SPDX-License-Identifier: Apache-2.0
# python-socketserver: socketserver.TCPServer (Lib/socketserver.py: request_queue_size = 5,
# server_activate() calls self.socket.listen(self.request_queue_size)).
import platform
import socketserver
import sys
import time

backlog, port = sys.argv[1], int(sys.argv[2])
print("version", platform.python_version(), flush=True)


class Server(socketserver.TCPServer):
    pass


if backlog != "default":
    Server.request_queue_size = int(backlog)
server = Server(("127.0.0.1", port), socketserver.BaseRequestHandler)  # binds and listens
print("listening", flush=True)
while True:  # never serve_forever(): nothing accepts
    time.sleep(3600)
