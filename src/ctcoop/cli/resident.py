"""The resident process: answers read-only commands with the knowledge base kept in memory.

A ``ctcoop`` call spends most of its time starting Python's imports and reading the knowledge
base; a resident process pays that once. ``ctcoop resident start`` starts one for the user;
every later ``ctcoop basis|status|members|…`` call (see ``Command.resident``) sends its
arguments, working folder, environment and terminal to it (:mod:`ctcoop.cli.entry`) and prints
what it answers, byte for byte what the command would have printed on its own.

What keeps the answers right:

- requests are answered one at a time, each with the caller's working folder and environment,
  so ``--kb``, ``--data-dir`` and ``$CTCOOP_DATA_DIR`` mean what they mean to the caller;
- the knowledge base is looked up by a fingerprint of its data files and imports on every
  request, so an edit or an import is seen at once (at most two knowledge bases are held);
- if ctcoop's own code changes (an upgrade), the resident hands the request back to the caller
  and exits;
- the socket lives in a folder only the user may enter, and the caller checks that before it
  connects; the resident exits after ``--idle`` seconds without a request.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import sys
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctcoop.cli.entry import FALLBACK, MAGIC, private, request, socket_path
from ctcoop.cli.output import Output, out
from ctcoop.errors import InputError

IDLE = 1800.0
"""Seconds without a request after which the resident exits (``--idle``)."""
HELD = 2
"""Knowledge bases held in memory at once (one per data folder and data fingerprint)."""
MAX_REQUEST = 1 << 20


class _Terminal(io.StringIO):
    """Captured output that answers ``isatty()`` as the caller's stream would, so that rich
    formats tables as it would have on the caller's terminal."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@dataclass
class Resident:
    """The server's state: the parser, the code it was started with, the knowledge bases held."""

    path: str
    idle: float = IDLE
    started: float = field(default_factory=time.time)
    served: int = 0
    stale: bool = False
    stopping: bool = False
    code: str = ""
    held: OrderedDict[tuple[str, str, str], Any] = field(default_factory=OrderedDict)
    parser: argparse.ArgumentParser | None = None

    def __post_init__(self) -> None:
        from ctcoop.cli.main import build_parser
        from ctcoop.kb.snapshot import code_stamp

        self.code = code_stamp()
        self.parser = build_parser()

    def load(self, kb_dir: Path | None, store: Any) -> Any:
        """The knowledge base for ``kb_dir`` and ``store``, from memory while its data files and
        imports are unchanged."""
        from ctcoop.kb.paths import shipped_data_dir
        from ctcoop.kb.snapshot import data_fingerprint, load_kb_cached

        directory = (kb_dir or shipped_data_dir()).resolve()
        key = (str(directory), str(store.root.resolve()), data_fingerprint(directory, store))
        if key in self.held:
            self.held.move_to_end(key)
            return self.held[key]
        kb = load_kb_cached(kb_dir, store)
        self.held[key] = kb
        while len(self.held) > HELD:
            self.held.popitem(last=False)
        return kb

    def answer(self, message: bytes) -> bytes:
        """The reply to one request (see :mod:`ctcoop.cli.entry` for its form)."""
        magic, _, rest = message.partition(b"\0")
        if magic != MAGIC:
            return FALLBACK
        verb, _, rest = rest.partition(b"\0")
        if verb == b"status":
            return self.describe().encode()
        if verb == b"stop":
            self.stopping = True
            return b"stopping\n"
        if verb != b"run":
            return FALLBACK
        from ctcoop.kb.snapshot import code_stamp

        if code_stamp() != self.code:  # ctcoop changed under us: the caller answers
            self.stale = True
            return FALLBACK
        fields = rest.split(b"\0")
        try:
            cwd, tty, columns, count = fields[:4]
            n = int(count)
            env = dict(item.split(b"=", 1) for item in fields[4 : 4 + n])
            argv = [os.fsdecode(a) for a in fields[4 + n :]]
        except ValueError:
            return FALLBACK
        with _as_caller(cwd, env, tty == b"1", columns.decode()) as (stdout, stderr):
            try:
                assert self.parser is not None
                args = self.parser.parse_args(argv)
            except SystemExit:  # usage errors and --help: the caller prints them itself
                return FALLBACK
            if not getattr(args, "resident", False):
                return FALLBACK
            from ctcoop.cli.main import execute

            try:
                code = execute(args, self.load)
            except Exception:  # whatever went wrong here, the caller answers itself
                return FALLBACK
        self.served += 1
        output, errors = stdout.getvalue().encode(), stderr.getvalue().encode()
        return b"OK %d %d\n" % (code, len(output)) + output + errors

    def describe(self) -> str:
        import json

        return json.dumps(
            {
                "pid": os.getpid(),
                "socket": self.path,
                "since": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(self.started)),
                "answered": self.served,
                "knowledge_bases_held": len(self.held),
                "idle_exit_seconds": self.idle,
            }
        )

    def serve(self) -> None:
        """Answer requests one at a time until stopped, stale or idle."""
        folder = Path(self.path).parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not private(str(folder)):
            raise InputError(
                f"{folder} may be entered by other users; make it private (chmod 700) or set "
                "CTCOOP_RESIDENT_SOCKET to a socket in a private folder"
            )
        Path(self.path).unlink(missing_ok=True)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
            server.bind(self.path)
            inode = Path(self.path).stat().st_ino
            server.listen(32)
            server.settimeout(self.idle)
            try:
                while not (self.stale or self.stopping):
                    try:
                        conn, _ = server.accept()
                    except TimeoutError:
                        break
                    with conn:
                        conn.settimeout(30.0)
                        try:
                            conn.sendall(self.answer(_read(conn)))
                        except OSError:
                            continue
            finally:
                with contextlib.suppress(OSError):
                    if Path(self.path).stat().st_ino == inode:  # ours, not a successor's
                        Path(self.path).unlink()


def _read(conn: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := conn.recv(1 << 16):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_REQUEST:
            return b""
    return b"".join(chunks)


@contextlib.contextmanager
def _as_caller(
    cwd: bytes, env: dict[bytes, bytes], tty: bool, columns: str
) -> Iterator[tuple[_Terminal, _Terminal]]:
    """Run with the caller's folder, environment and terminal; everything restored after."""
    saved_env, saved_cwd = dict(os.environb), Path.cwd()
    saved_out, saved_err = sys.stdout, sys.stderr
    stdout, stderr = _Terminal(tty), _Terminal(False)
    try:
        os.environb.clear()
        os.environb.update(env)
        if tty and columns and "COLUMNS" not in os.environ:
            os.environ["COLUMNS"] = columns
        os.chdir(cwd)
        sys.stdout, sys.stderr = stdout, stderr
        yield stdout, stderr
    finally:
        sys.stdout, sys.stderr = saved_out, saved_err
        os.chdir(saved_cwd)
        os.environb.clear()
        os.environb.update(saved_env)


# The commands ``ctcoop resident start|stop|status``.


def _status() -> dict[str, Any] | None:
    import json

    reply = request([b"status"], timeout=5.0)
    if not reply:
        return None
    try:
        found: dict[str, Any] = json.loads(reply)
    except ValueError:
        return None
    return found


def resident_start(idle: float = IDLE) -> Output:
    """Start a resident process for this user (unless one answers already) and wait until it
    answers."""
    import subprocess

    path = socket_path()
    if len(os.fsencode(path)) > 100:
        raise InputError(
            f"the socket path {path} is too long for a Unix socket; set CTCOOP_RESIDENT_SOCKET "
            "to a shorter one"
        )
    running = _status()
    if running is not None:
        return out({"started": False, **running}, f"already running: pid {running['pid']}")
    if idle <= 0:
        raise InputError(f"--idle must be a positive number of seconds, not {idle}")
    folder = Path(path).parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not private(str(folder)):
        raise InputError(
            f"{folder} may be entered by other users; make it private (chmod 700 {folder}) or "
            "set CTCOOP_RESIDENT_SOCKET to a socket in a private folder"
        )
    command = [sys.executable, "-m", "ctcoop.cli.resident", path, str(idle)]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120.0
    while time.monotonic() < deadline:
        running = _status()
        if running is not None:
            assert process.stderr is not None
            process.stderr.close()
            return out(
                {"started": True, **running},
                f"resident process started: pid {running['pid']}, socket {path}; it exits "
                f"after {idle:g} s without a request ('ctcoop resident stop' stops it now)",
            )
        if process.poll() is not None:
            assert process.stderr is not None
            reason = process.stderr.read().decode(errors="replace").strip().splitlines()
            raise InputError(
                "the resident process could not start: " + (reason[-1] if reason else "no reason")
            )
        time.sleep(0.05)
    process.kill()
    raise InputError("the resident process did not answer within 120 s; it was stopped")


def resident_stop() -> Output:
    """Stop the user's resident process, if one runs."""
    running = _status()
    if running is None:
        return out({"stopped": False}, "no resident process is running")
    request([b"stop"], timeout=5.0)
    return out({"stopped": True, "pid": running["pid"]}, f"stopped resident pid {running['pid']}")


def resident_status() -> Output:
    """Whether a resident process runs, and what it holds."""
    running = _status()
    if running is None:
        return out({"running": False, "socket": socket_path()}, "no resident process is running")
    lines = [f"{k}: {v}" for k, v in running.items()]
    return out({"running": True, **running}, *lines)


def _serve_main(argv: list[str]) -> int:
    path, idle = argv[0], float(argv[1])
    try:
        Resident(path, idle).serve()
    except InputError as exc:
        print(f"ctcoop resident: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_serve_main(sys.argv[1:]))
