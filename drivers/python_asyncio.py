# SPDX-License-Identifier: Apache-2.0
# python-asyncio: loop.create_server(..., backlog=100) (asyncio/base_events.py: Server._start_serving
# calls sock.listen(self._backlog)). The event loop is then blocked for good, so it never accepts.
import asyncio
import platform
import sys
import time

backlog, port = sys.argv[1], int(sys.argv[2])
print("version", platform.python_version(), flush=True)


async def main():
    loop = asyncio.get_running_loop()
    kwargs = {} if backlog == "default" else {"backlog": int(backlog)}
    await loop.create_server(asyncio.Protocol, "127.0.0.1", port, **kwargs)
    print("listening", flush=True)
    while True:  # blocks the loop: its accept callback never runs
        time.sleep(3600)


asyncio.run(main())
