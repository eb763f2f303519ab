"""The API served by uvicorn in a child process on a local port, as `ctcoop serve` runs it: for the
end-to-end tests, the benchmarks and scripts that need a real server, started and stopped in one
place."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = ["LocalServer", "free_port", "running", "start"]

HEALTH = "/api/v1/health"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalServer:
    process: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Terminate the server and wait for it (killed if it does not end within 10 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start(
    env: Mapping[str, str],
    port: int | None = None,
    *,
    timeout: float = 60.0,
    extra: Sequence[str] = (),
    quiet: bool = True,
) -> LocalServer:
    """Start ``ctcoop.api.app:create_app`` under uvicorn with ``env`` (the data store and keys
    the test or benchmark prepared) and wait until it answers ``/api/v1/health``; RuntimeError
    if it exits or does not answer within ``timeout`` seconds."""
    chosen = port or free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "ctcoop.api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(chosen),
            "--no-server-header",  # as `ctcoop serve` runs it
            *(["--log-level", "warning"] if quiet else []),
            *extra,
        ],
        env=dict(env),
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.DEVNULL if quiet else None,
    )
    server = LocalServer(process, chosen)
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(server.url + HEALTH, timeout=1):
                return server
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(
                    f"the API server on port {chosen} did not start "
                    f"(exit code {process.poll()}, {timeout:.0f} s)"
                ) from None
            time.sleep(0.05)


@contextmanager
def running(
    env: Mapping[str, str], port: int | None = None, *, timeout: float = 60.0, quiet: bool = True
) -> Iterator[str]:
    """The base URL of a server :func:`start` started, stopped when the block ends."""
    server = start(env, port, timeout=timeout, quiet=quiet)
    try:
        yield server.url
    finally:
        server.stop()
