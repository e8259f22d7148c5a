"""Start, stop and inspect a local Elasticsearch node built from Maven Central jars (no Docker needed).

The launcher lives in the repository's ``es_local/`` folder (a pom.xml and one Java class); ``mvn`` builds it
into ``es_local/target/``. The node keeps its data, logs and pid file in ``.es-local/`` beside it.

Environment variables:
    XXGK_ES_PORT         HTTP port (default 9200); the node binds 127.0.0.1 only.
    XXGK_ES_LOCAL_DIR    the ``es_local/`` folder (default: found relative to this file in a source checkout).
    XXGK_ES_LOCAL_STATE  the state folder (default: ``.es-local/`` next to ``es_local/``).
    XXGK_ES_HEAP         JVM heap, e.g. ``1g`` (default) or ``512m``.
    XXGK_ES_JAVA_OPTS    extra JVM options, appended last.
    JAVA_HOME            the JDK to use (17 or newer); otherwise one is picked from /usr/lib/jvm or PATH.

Used by ``xxgk es start|stop|status``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from indexer.errors import XxgkError
from indexer.settings import setting

#: Elasticsearch version of the local node; docker-compose.yml and tests/es_server.py use the same.
ES_VERSION = "8.19.21"
MAIN_CLASS = "xxgk.eslocal.LocalNode"
CLUSTER_NAME = "xxgk-local"  # the launcher's cluster.name
DEFAULT_PORT = 9200
MIN_JAVA = 17
#: JDKs Elasticsearch 8.19 is tested on, best first; a newer one is used only when none of these is found.
PREFERRED_JAVA = (21, 17)
LOG_TAIL_LINES = 40

Progress = Callable[[str], None]

# Popen handles of nodes started by this process, so that they are reaped and not reported as leaked.
_CHILDREN: dict[int, subprocess.Popen] = {}


class LocalESError(XxgkError):
    """The local node could not be built, started or stopped."""


@dataclass(frozen=True)
class NodeInfo:
    """A node answering on ``url``; ``started`` is True when this call started it."""

    url: str
    pid: int | None
    version: str | None
    started: bool


# ----------------------------------------------------------------------------------------------- paths


def es_local_dir() -> Path:
    """The ``es_local/`` folder holding pom.xml and the launcher source."""
    env = setting("es_local_dir")
    path = Path(env).expanduser().resolve() if env else Path(__file__).resolve().parents[2] / "es_local"
    if not (path / "pom.xml").is_file():
        raise LocalESError(
            f"es_local/ launcher not found at {path}. The local node is started from a source checkout "
            "(pip install -e .); otherwise set XXGK_ES_LOCAL_DIR to the repository's es_local/ folder, "
            "or use Docker (docker compose up) and XXGK_ES_URL."
        )
    return path


def state_dir() -> Path:
    """The ``.es-local/`` folder: data, logs, pid file."""
    env = setting("es_local_state")
    return Path(env).expanduser().resolve() if env else es_local_dir().parent / ".es-local"


def port() -> int:
    """HTTP port from XXGK_ES_PORT, default 9200."""
    raw = setting("es_port") or str(DEFAULT_PORT)
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 0 < value < 65536:
        raise LocalESError(f"XXGK_ES_PORT must be a port number from 1 to 65535; got {raw!r}")
    return value


def url() -> str:
    """Base URL of the local node."""
    return f"http://127.0.0.1:{port()}"


def pid_file() -> Path:
    return state_dir() / "node.pid"


def log_file() -> Path:
    return state_dir() / "logs" / "node.out"


# ------------------------------------------------------------------------------------------------ java


def _java_major(java_home: Path) -> int | None:
    """Major version of the JDK at ``java_home`` (from its ``release`` file, else ``java -version``)."""
    release = java_home / "release"
    text = ""
    if release.is_file():
        text = release.read_text(errors="replace")
        m = re.search(r'^JAVA_VERSION="(\d+)', text, re.M)
        if m:
            return int(m.group(1))
    try:
        out = subprocess.run(
            [str(java_home / "bin" / "java"), "-version"], capture_output=True, text=True, timeout=30
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)', out)
    return int(m.group(1)) if m else None


def find_java_home() -> Path:
    """JAVA_HOME if set, else a JDK under /usr/lib/jvm (21 or 17 preferred), else the ``java`` on PATH."""
    env = os.environ.get("JAVA_HOME")
    if env:
        home = Path(env)
        major = _java_major(home) if (home / "bin" / "java").exists() else None
        if major is None or major < MIN_JAVA:
            raise LocalESError(f"JAVA_HOME={env} is not a JDK {MIN_JAVA} or newer (found: {major})")
        return home
    candidates: list[tuple[int, Path]] = []
    jvm = Path("/usr/lib/jvm")
    if jvm.is_dir():
        for home in sorted(jvm.iterdir()):
            if home.is_symlink() or not (home / "bin" / "java").exists():
                continue
            major = _java_major(home)
            if major is not None and major >= MIN_JAVA:
                candidates.append((major, home))
    if candidates:
        for wanted in PREFERRED_JAVA:
            for major, home in candidates:
                if major == wanted:
                    return home
        return max(candidates, key=lambda c: c[0])[1]
    on_path = shutil.which("java")
    if on_path:
        home = Path(on_path).resolve().parents[1]
        major = _java_major(home)
        if major is not None and major >= MIN_JAVA:
            return home
    raise LocalESError(
        f"no JDK {MIN_JAVA}+ found: install one (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
    )


# ----------------------------------------------------------------------------------------------- build


def _target() -> Path:
    return es_local_dir() / "target"


def _is_built() -> bool:
    target = _target()
    jar = target / "es-local.jar"
    parts = (target / "lib", target / "modules" / "transport-netty4", target / "modules" / "xxgk-analysis")
    if not (jar.is_file() and all(p.is_dir() for p in parts)):
        return False
    sources = [es_local_dir() / "pom.xml", *(es_local_dir() / "src").rglob("*.java")]
    newest = max(p.stat().st_mtime for p in sources)
    return jar.stat().st_mtime >= newest


def build(java_home: Path | None = None, progress: Progress | None = None, force: bool = False) -> Path:
    """Build the launcher with Maven unless it is up to date; return es_local/target."""
    if not force and _is_built():
        return _target()
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalESError("Maven (mvn) not found: install it (apt-get install maven)")
    java_home = java_home or find_java_home()
    _say(progress, "building es_local/ with Maven (the first run downloads ~85 MB from Maven Central)")
    env = {**os.environ, "JAVA_HOME": str(java_home)}
    proc = subprocess.run(
        [mvn, "-q", "-B", "-f", str(es_local_dir() / "pom.xml"), "package"],
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0 or not _is_built():
        out = (proc.stdout + proc.stderr).strip().splitlines()
        raise LocalESError("Maven build of es_local/ failed:\n" + "\n".join(out[-LOG_TAIL_LINES:]))
    return _target()


# ------------------------------------------------------------------------------------------------ http


def _get_json(path: str, timeout: float = 5.0) -> dict | None:
    """GET url()+path as JSON, or None when nothing (or not Elasticsearch) answers."""
    return _get_json_from(url(), path, timeout)


def _get_json_from(base: str, path: str, timeout: float) -> dict | None:
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as resp:
            return json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _health(timeout: float = 5.0) -> str | None:
    body = _get_json("/_cluster/health", timeout)
    return body.get("status") if body else None


def _version() -> str | None:
    body = _get_json("/")
    return (body or {}).get("version", {}).get("number")


# ----------------------------------------------------------------------------------------- processes


def _cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def _is_our_node(pid: int) -> bool:
    """True if ``pid`` is a live java process running our launcher class."""
    args = _cmdline(pid)
    return bool(args) and Path(args[0]).name == "java" and MAIN_CLASS in args and not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reap it if it is our child
    return Path(f"/proc/{pid}").exists() and not _is_zombie(pid)


def _read_pid() -> int | None:
    try:
        return int(pid_file().read_text().strip())
    except (OSError, ValueError):
        return None


def _log_tail(lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = log_file().read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def _say(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)
    else:
        print(message, file=sys.stderr, flush=True)


def _kill(pid: int, timeout: float) -> None:
    """SIGTERM, then SIGKILL after ``timeout`` seconds; returns once the process is gone."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.2)
    if _alive(pid):
        raise LocalESError(f"process {pid} did not exit after SIGKILL")


# -------------------------------------------------------------------------------------------- commands


def java_command(java_home: Path, target: Path, state: Path, heap: str, settings: list[str]) -> list[str]:
    """The command that runs one node of the launcher with its state in `state` (and -E settings)."""
    return [
        str(java_home / "bin" / "java"),
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        "-XX:+ExitOnOutOfMemoryError",
        f"-Djava.io.tmpdir={state / 'tmp'}",
        "-Dfile.encoding=UTF-8",
        "-Djava.awt.headless=true",
        "-Dlog4j2.formatMsgNoLookups=true",
        "-Dio.netty.noUnsafe=true",
        "-Dio.netty.noKeySetOptimization=true",
        "-Dio.netty.recycler.maxCapacityPerThread=0",
        f"-Dxxgk.es.home={target}",
        *(["--enable-native-access=ALL-UNNAMED"] if (_java_major(java_home) or 0) >= 22 else []),
        *(setting("es_java_opts") or "").split(),
        "-cp",
        f"{target / 'es-local.jar'}{os.pathsep}{target / 'lib' / '*'}",
        MAIN_CLASS,
        f"-Epath.data={state / 'data'}",
        f"-Epath.logs={state / 'logs'}",
        *settings,
    ]


def _spawn(command: list[str], log: BinaryIO, state: Path, http_port: int) -> subprocess.Popen[bytes]:
    """Start one node process in its own session, its output in `log`."""
    env = {**os.environ, "XXGK_ES_LOCAL_STATE": str(state), "XXGK_ES_PORT": str(http_port)}
    return subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=state,
        start_new_session=True,
    )  # fmt: skip


@dataclass
class Cluster:
    """Nodes of one local cluster on 127.0.0.1, each its own process (see :func:`start_cluster`)."""

    urls: list[str]
    processes: list[subprocess.Popen[bytes]]

    @property
    def url(self) -> str:
        return self.urls[0]

    def kill(self, node: int) -> None:
        """Kill one node outright (SIGKILL), as a crash would."""
        self.processes[node].kill()
        self.processes[node].wait(timeout=30)

    def stop(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.processes:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


def start_cluster(
    nodes: int, state: Path, http_port: int, transport_port: int, heap: str = "512m", timeout: float = 300
) -> Cluster:
    """Start `nodes` master-eligible data nodes forming one cluster (for tests of a real cluster).

    Node i listens on http_port + i and transport_port + i; all find each other through
    ``discovery.seed_hosts`` and the first election names them all in ``cluster.initial_master_nodes``.
    """
    java_home = find_java_home()
    target = build(java_home)
    names = [f"xxgk-node-{i + 1}" for i in range(nodes)]
    seeds = ",".join(f"127.0.0.1:{transport_port + i}" for i in range(nodes))
    cluster = Cluster([f"http://127.0.0.1:{http_port + i}" for i in range(nodes)], [])
    for i, name in enumerate(names):
        home = state / name
        for sub in ("data", "logs", "tmp"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        settings = [
            f"-Enode.name={name}",
            "-Ecluster.name=xxgk-cluster",
            "-Ediscovery.type=multi-node",
            f"-Ediscovery.seed_hosts={seeds}",
            f"-Ecluster.initial_master_nodes={','.join(names)}",
            f"-Ehttp.port={http_port + i}",
            f"-Etransport.port={transport_port + i}",
        ]
        with open(home / "node.log", "wb") as log:
            command = java_command(java_home, target, home, heap, settings)
            cluster.processes.append(_spawn(command, log, home, http_port + i))
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        health = _get_json_from(cluster.url, "/_cluster/health?wait_for_nodes=" + str(nodes), 5.0)
        if health and health.get("number_of_nodes") == nodes and health.get("status") in ("green", "yellow"):
            return cluster
        if any(proc.poll() is not None for proc in cluster.processes):
            break
        time.sleep(1)
    cluster.stop()
    raise LocalESError(
        f"a {nodes}-node cluster did not form within {timeout:.0f}s; logs in {state}/*/node.log"
    )


def start(timeout: float = 180, progress: Progress | None = None) -> NodeInfo:
    """Start the local node (building it first if needed) and wait until its cluster is yellow or green."""
    if _health() in ("yellow", "green"):
        pid = _read_pid()
        if not (pid and _is_our_node(pid)):
            root = _get_json("/") or {}
            raise LocalESError(
                f"another Elasticsearch (cluster {root.get('cluster_name', '?')}, version "
                f"{root.get('version', {}).get('number', '?')}) already answers on {url()}; xxgk did not start it. "
                "Use it with XXGK_ES_URL, or start xxgk's node on another port with XXGK_ES_PORT"
            )
        _say(progress, f"Elasticsearch already answering on {url()}")
        return NodeInfo(url(), pid, _version(), started=False)

    old = _read_pid()
    if old is not None and _is_our_node(old):
        raise LocalESError(
            f"local node (pid {old}) is running but not answering on {url()}; "
            f"see {log_file()} or run: python -m indexer.store.dev_node stop"
        )
    pid_file().unlink(missing_ok=True)

    java_home = find_java_home()
    target = build(java_home, progress)
    state = state_dir()
    state.mkdir(mode=0o700, parents=True, exist_ok=True)
    state.chmod(0o700)  # the node has no security module: its data is for this user only
    for sub in ("data", "logs", "tmp"):
        (state / sub).mkdir(parents=True, exist_ok=True)

    cmd = java_command(java_home, target, state, setting("es_heap") or "1g", [f"-Ehttp.port={port()}"])
    with open(log_file(), "wb") as out:
        proc = _spawn(cmd, out, state, port())
    _CHILDREN[proc.pid] = proc
    pid_file().write_text(f"{proc.pid}\n")
    _say(progress, f"starting Elasticsearch {ES_VERSION} (pid {proc.pid}) on {url()}, log {log_file()}")

    began = time.monotonic()
    last_note = began
    while True:
        status = _health(timeout=2.0)
        if status in ("yellow", "green"):
            _say(progress, f"Elasticsearch is up ({status}) after {time.monotonic() - began:.1f}s")
            return NodeInfo(url(), proc.pid, _version(), started=True)
        if proc.poll() is not None:
            pid_file().unlink(missing_ok=True)
            raise LocalESError(
                f"Elasticsearch exited with code {proc.returncode} while starting; last lines of "
                f"{log_file()}:\n{_log_tail()}"
            )
        if time.monotonic() - began > timeout:
            _kill(proc.pid, 15.0)
            pid_file().unlink(missing_ok=True)
            raise LocalESError(
                f"Elasticsearch did not become ready within {timeout:.0f}s; last lines of {log_file()}:\n"
                f"{_log_tail()}"
            )
        if time.monotonic() - last_note >= 5:
            last_note = time.monotonic()
            _say(progress, f"waiting for Elasticsearch... {last_note - began:.0f}s")
        time.sleep(0.5)


def stop(timeout: float = 60) -> bool:
    """Stop the node whose pid is in the pid file; True if one was stopped."""
    pid = _read_pid()
    if pid is None:
        return False
    if not _is_our_node(pid):
        pid_file().unlink(missing_ok=True)  # stale: the process is gone or the pid was reused
        return False
    _kill(pid, timeout)
    child = _CHILDREN.pop(pid, None)
    if child is not None:
        child.wait(timeout=1)
    pid_file().unlink(missing_ok=True)
    return True


def status() -> dict:
    """Pid, whether it runs, URL, version from ``GET /`` and cluster health."""
    pid = _read_pid()
    running = pid is not None and _is_our_node(pid)
    root = _get_json("/") or {}
    health = _get_json("/_cluster/health") or {}
    return {
        "url": url(),
        "pid": pid if running else None,
        "running": running,
        "answering": bool(root or health),
        # the node answering is the one `xxgk es start` started (same cluster name, our process alive)
        "ours": running and root.get("cluster_name") == CLUSTER_NAME,
        "version": root.get("version", {}).get("number"),
        "cluster_name": root.get("cluster_name") or health.get("cluster_name"),
        "health": health.get("status"),
        "state_dir": str(state_dir()),
        "log": str(log_file()),
    }
