"""A real `sdd-kg serve` process for the server tests, and a plain HTTP client.

The client is http.client, not a library that follows redirects, so tests
see the server's 303s, Vary headers and status codes as they are sent.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


def request(method: str, url: str, headers: dict | None = None, body: bytes | None = None, timeout: float = 60) -> Reply:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    start = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        found = {k.lower(): v for k, v in response.getheaders()}
        return Reply(response.status, found, data, time.monotonic() - start)
    finally:
        conn.close()


def get(url: str, accept: str | None = None, **params) -> Reply:
    if params:
        url = f"{url}?{urlencode(params)}"
    return request("GET", url, {"Accept": accept} if accept else {})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    dist: Path
    timeout: float
    max_results: int

    @property
    def sparql(self) -> str:
        return self.url + "sparql"


def start_server(dist: Path, log: Path, *options: str, base_path: str = "", timeout: float = 6.0,
                 max_results: int = 5000, workers: int = 2, memory_mb: int = 1024, data: Path | None = None) -> Server:
    """Start `sdd-kg serve` on a free port and poll until it answers.

    The time limit leaves the memory test's query (which needs about 2 s to
    reach the 1 GiB limit here) room to fail by memory, not by time, on a
    slower machine."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/{base_path}"
    command = [
        sys.executable, "-m", "sdd_kg.cli", "serve", "--port", str(port), "--dist", str(dist),
        "--data", str(data or ROOT / "data"), "--query-timeout", str(timeout), "--max-results", str(max_results),
        "--query-workers", str(workers), "--query-memory", str(memory_mb), "--no-access-log", *options,
    ]
    if base_path:
        command += ["--base-url", base]
    handle = log.open("wb")
    process = subprocess.Popen(command, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT)
    server = Server(base, process, log, dist, timeout, max_results)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sdd-kg serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if request("GET", server.sparql, {"Accept": "text/turtle"}, timeout=5).status == 200:
                return server
        except OSError:
            time.sleep(0.1)  # not listening yet
    stop_server(server)
    raise RuntimeError(f"sdd-kg serve did not answer within 90 s:\n{log.read_text()}")


def stop_server(server: Server) -> None:
    """SIGTERM (the server stops its query workers), then SIGKILL if need be."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)


# --- The server's process tree, from /proc (Linux) ------------------------


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process; 0 once it is gone (or a zombie)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    if fields[0] == "Z":
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
