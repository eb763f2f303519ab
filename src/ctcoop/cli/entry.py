"""The ``ctcoop`` program: ask the resident process when one runs, else run the command here.

This module is what starts on every ``ctcoop`` call, so it imports nothing beyond the standard
library's ``os``, ``sys`` and ``socket``. When the user has started a resident process
(``ctcoop resident start``), a command that only reads the knowledge base is sent to it over a
socket in a folder only the user can open, and its output is printed as if it had been
computed here; anything else — another command, no resident, a resident that is busy being
replaced, any failure to reach it — runs in this process as before. Set ``CTCOOP_RESIDENT=0``
to never ask it.
"""

# ruff: noqa: PTH109, PTH116, PTH118, PTH120
# (os.path, not pathlib: pathlib's imports would double the start-up of this module)

from __future__ import annotations

import os
import sys

MAGIC = b"ctcoop-resident-1"
FALLBACK = b"FALLBACK\n"
TIMEOUT = 120.0
"""Seconds a resident may take over one answer before this process answers itself."""


def socket_path() -> str:
    """``$CTCOOP_RESIDENT_SOCKET``, else ``resident.sock`` in ``$XDG_RUNTIME_DIR/ctcoop`` or in
    ``/tmp/ctcoop-<uid>``."""
    given = os.environ.get("CTCOOP_RESIDENT_SOCKET")
    if given:
        return given
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = os.path.join(runtime, "ctcoop") if runtime else f"/tmp/ctcoop-{os.getuid()}"
    return os.path.join(folder, "resident.sock")


def private(folder: str) -> bool:
    """Whether ``folder`` belongs to this user and nobody else may enter it."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    return info.st_uid == os.getuid() and info.st_mode & 0o077 == 0


def request(fields: list[bytes], timeout: float = TIMEOUT) -> bytes | None:
    """Send one request to the resident and return its whole reply, or None if there is none
    to ask (no socket, a folder others may write, a refused or broken connection)."""
    import socket

    path = socket_path()
    if not private(os.path.dirname(path) or "."):
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout)
            conn.connect(path)
            conn.sendall(b"\0".join([MAGIC, *fields]))
            conn.shutdown(socket.SHUT_WR)
            chunks = []
            while chunk := conn.recv(1 << 16):
                chunks.append(chunk)
    except OSError:
        return None
    return b"".join(chunks)


def _ask(argv: list[str]) -> int | None:
    """The command's exit code once the resident has answered and its output is printed, or
    None when this process must answer."""
    tty = os.isatty(1)
    columns = ""
    if tty:
        try:  # noqa: SIM105 - contextlib is one import more on every start
            columns = str(os.get_terminal_size(1).columns)
        except OSError:
            pass
    try:
        cwd = os.getcwdb()
    except OSError:
        return None
    env = [key + b"=" + value for key, value in os.environb.items()]
    fields = [b"run", cwd, b"1" if tty else b"0", columns.encode()]
    fields += [str(len(env)).encode(), *env, *(os.fsencode(a) for a in argv)]
    reply = request(fields)
    if not reply or not reply.startswith(b"OK "):
        return None
    head, _, body = reply.partition(b"\n")
    try:
        _, code, size = head.split(b" ")
        out_size = int(size)
        exit_code = int(code)
    except ValueError:
        return None
    try:
        sys.stdout.buffer.write(body[:out_size])
        sys.stdout.flush()
    except BrokenPipeError:
        return 0
    if body[out_size:]:
        sys.stderr.buffer.write(body[out_size:])
        sys.stderr.flush()
    return exit_code


def main() -> int:
    argv = sys.argv[1:]
    if argv and not argv[0].startswith("-") and os.environ.get("CTCOOP_RESIDENT") != "0":
        answered = _ask(argv)
        if answered is not None:
            return answered
    from ctcoop.cli.main import main as run_here

    return run_here(argv)


if __name__ == "__main__":
    sys.exit(main())
