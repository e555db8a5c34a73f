# SPDX-License-Identifier: Apache-2.0
# python-socket: socket.socket.listen([backlog]) in CPython (Modules/socketmodule.c sock_listen:
# default min(SOMAXCONN, 128), negative -> 0).
import platform
import socket
import sys
import time

backlog, port = sys.argv[1], int(sys.argv[2])
print("version", platform.python_version(), flush=True)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", port))
if backlog == "default":
    s.listen()
else:
    s.listen(int(backlog))
print("listening", flush=True)
while True:
    time.sleep(3600)
