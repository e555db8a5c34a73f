# SPDX-License-Identifier: Apache-2.0
# twisted-listentcp: reactor.listenTCP(port, factory, backlog=50) (src/twisted/internet/tcp.py
# Port.startListening: skt.listen(self.backlog)). The reactor never runs, so nothing accepts.
import sys
import time

try:
    import twisted
    from twisted.internet import protocol, reactor
except ImportError as e:
    print("missing python3-twisted (" + str(e) + ")", file=sys.stderr)
    sys.exit(77)

backlog, port = sys.argv[1], int(sys.argv[2])
print("version", twisted.__version__, flush=True)
factory = protocol.Factory.forProtocol(protocol.Protocol)
if backlog == "default":
    reactor.listenTCP(port, factory, interface="127.0.0.1")
else:
    reactor.listenTCP(port, factory, backlog=int(backlog), interface="127.0.0.1")
print("listening", flush=True)
while True:
    time.sleep(3600)
