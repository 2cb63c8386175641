"""A test SMTP server (aiosmtpd) that writes each message it accepts to a
folder, for the integration tests to read.

    python3 tests/smtp_sink.py PORT FOLDER

Each message becomes FOLDER/<n>.eml (written whole, then renamed), with
its envelope recipients in FOLDER/<n>.rcpt. While FOLDER/refuse exists,
every message is refused with a temporary error (451), as a relay that
is overloaded would.
"""

import asyncio
import itertools
import os
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(self.folder, "refuse")):
            return "451 4.3.0 Relais indisponible, reessayez plus tard"
        n = next(self.counter)
        base = os.path.join(self.folder, f"{n:05d}")
        with open(base + ".rcpt.tmp", "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        os.rename(base + ".rcpt.tmp", base + ".rcpt")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 OK"


def main():
    port = int(sys.argv[1])
    folder = sys.argv[2]
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    with open(os.path.join(folder, "ready"), "w") as f:
        f.write("ok")
    try:
        asyncio.get_event_loop().run_until_complete(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
