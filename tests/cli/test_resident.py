"""The resident process: the same answers as a fresh process, faster; safe to leave running.

Each test here talks to a real resident started with ``ctcoop resident start`` (a separate
process, on a Unix socket in a private temporary folder) and compares what the ``ctcoop``
program prints through it with what it prints on its own (``CTCOOP_RESIDENT=0``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctcoop.cli import resident as resident_module
from ctcoop.cli.entry import MAGIC

FIXTURES = Path(__file__).parent.parent / "fixtures" / "kb"
PROGRAM = [sys.executable, "-m", "ctcoop"]


def ctcoop(
    *argv: str, env: dict[str, str], cwd: Path | None = None, resident: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PROGRAM, *argv],
        env={**env, "CTCOOP_RESIDENT": "1" if resident else "0"},
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def answered(env: dict[str, str]) -> int:
    status = json.loads(ctcoop("resident", "status", "--json", env=env, resident=False).stdout)
    assert status["running"], status
    return int(status["answered"])


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A running resident for this test, on a socket in a private folder; stopped after."""
    folder = tempfile.mkdtemp(prefix="ctr-", dir="/tmp")  # short: Unix socket paths are short
    environment = {
        **os.environ,
        "CTCOOP_RESIDENT_SOCKET": f"{folder}/r.sock",
        "CTCOOP_DATA_DIR": str(tmp_path / "store"),
    }
    started = ctcoop("resident", "start", "--idle", "300", "--json", env=environment)
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout)["started"] is True
    try:
        yield environment
    finally:
        ctcoop("resident", "stop", env=environment, resident=False)
        deadline = time.monotonic() + 30
        while Path(folder, "r.sock").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize(
    "argv",
    [
        ["basis", "IND", "PAK", "--measure", "extradition", "--on", "2010-01-01", "--json"],
        ["basis", "IND", "PAK", "--measure", "extradition", "--on", "2010-01-01"],
        ["status", "PAK", "unsc-1373", "--on", "2010-01-01", "--json"],
        ["members", "org:sco", "--on", "2018-01-01"],
        ["gaps", "org:saarc", "--on", "2010-01-01", "--json"],
        ["status", "XXX", "unsc-1373"],  # an error: same message, same exit code
    ],
)
def test_same_output_as_a_process_of_its_own(env: dict[str, str], argv: list[str]) -> None:
    before = answered(env)
    through = ctcoop(*argv, env=env)
    alone = ctcoop(*argv, env=env, resident=False)
    assert (through.returncode, through.stdout, through.stderr) == (
        alone.returncode,
        alone.stdout,
        alone.stderr,
    )
    assert through.stdout or through.stderr
    assert answered(env) == before + 1  # the resident answered it, not a fallback


def test_the_callers_folder_and_data_are_used_and_edits_seen(
    env: dict[str, str], tmp_path: Path
) -> None:
    data = tmp_path / "kb"
    shutil.copytree(FIXTURES / "good", data)
    argv = ["instrument", "test-2003-agreement", "--kb", "kb", "--json"]  # relative to cwd
    first = ctcoop(*argv, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["title"] == "Test Agreement"
    text = (data / "world.yaml").read_text().replace("title: Test Agreement", "title: Renamed")
    (data / "world.yaml").write_text(text)
    again = ctcoop(*argv, env=env, cwd=tmp_path)
    assert json.loads(again.stdout)["title"] == "Renamed"
    assert again.stdout == ctcoop(*argv, env=env, cwd=tmp_path, resident=False).stdout


def test_commands_that_write_or_serve_run_in_their_own_process(
    env: dict[str, str], tmp_path: Path
) -> None:
    before = answered(env)
    listed = ctcoop("data", "imports", "--json", env=env)
    helped = ctcoop("basis", "--help", env=env)
    assert listed.returncode == 0 and json.loads(listed.stdout) is not None
    assert helped.returncode == 0 and "--measure" in helped.stdout
    assert answered(env) == before  # neither went to the resident


def test_a_socket_in_a_folder_others_may_enter_is_not_used(env: dict[str, str]) -> None:
    folder = Path(env["CTCOOP_RESIDENT_SOCKET"]).parent
    before = answered(env)
    folder.chmod(0o755)
    try:
        done = ctcoop("status", "PAK", "unsc-1373", "--json", env=env)
        assert done.returncode == 0 and json.loads(done.stdout)["status"]
    finally:
        folder.chmod(0o700)
    assert answered(env) == before


def test_start_twice_and_stop(env: dict[str, str]) -> None:
    again = ctcoop("resident", "start", "--json", env=env, resident=False)
    assert again.returncode == 0 and json.loads(again.stdout)["started"] is False
    stopped = ctcoop("resident", "stop", "--json", env=env, resident=False)
    assert json.loads(stopped.stdout)["stopped"] is True
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = json.loads(ctcoop("resident", "status", "--json", env=env).stdout)
        if not status["running"]:
            break
        time.sleep(0.1)
    assert status["running"] is False
    done = ctcoop("status", "PAK", "unsc-1373", "--json", env=env)  # answered here instead
    assert done.returncode == 0 and json.loads(done.stdout)["status"]


def test_an_idle_resident_exits_by_itself(tmp_path: Path) -> None:
    folder = tempfile.mkdtemp(prefix="ctr-", dir="/tmp")
    env = {**os.environ, "CTCOOP_RESIDENT_SOCKET": f"{folder}/r.sock"}
    try:
        assert ctcoop("resident", "start", "--idle", "0.5", env=env).returncode == 0
        deadline = time.monotonic() + 60
        while Path(folder, "r.sock").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        status = json.loads(ctcoop("resident", "status", "--json", env=env).stdout)
        assert status["running"] is False
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_refuses_a_folder_others_may_write(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ctr-", dir="/tmp"))
    folder.chmod(0o777)
    env = {**os.environ, "CTCOOP_RESIDENT_SOCKET": f"{folder}/r.sock"}
    try:
        done = ctcoop("resident", "start", env=env, resident=False)
        assert done.returncode != 0
        assert "chmod 700" in done.stderr and "Traceback" not in done.stderr
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_new_code_hands_the_question_back_and_ends_the_resident(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = resident_module.Resident("/tmp/unused.sock")
    env = [k.encode() + b"=" + v.encode() for k, v in os.environ.items()]
    head = [MAGIC, b"run", str(Path.cwd()).encode(), b"0", b"", str(len(env)).encode()]
    message = b"\0".join([*head, *env, b"status", b"PAK", b"unsc-1373", b"--json"])
    assert server.answer(message).startswith(b"OK 0 ")
    monkeypatch.setattr("ctcoop.kb.snapshot.code_stamp", lambda: "changed")
    assert server.answer(message) == b"FALLBACK\n"
    assert server.stale  # and its loop ends
    assert server.answer(b"someone else\0run") == b"FALLBACK\n"
