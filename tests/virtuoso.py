"""A private Virtuoso server for the publishing tests and benchmark.

Starts Debian's ``virtuoso-t`` (package ``virtuoso-opensource``) on its own
temporary database folder with a generated ``virtuoso.ini``: free loopback
ports for SQL, HTTP and (when ``openssl`` can make a self-signed certificate)
HTTPS, in the foreground so the process is ours to stop. A fresh database has
the administrator ``dba`` with password ``dba``, who may write through the
graph store (``/sparql-graph-crud-auth``, digest authentication) without any
grant. The caller stops it with :meth:`Virtuoso.stop`.

No VAD packages are installed (``VADInstallDir`` is left out), which keeps
start-up to seconds: the Conductor UI is not needed to store triples.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from .serving import free_port

BINARY = "virtuoso-t"
USER = "dba"
PASSWORD = "dba"  # a fresh database's default; the instance lives in a temporary folder on loopback


def installed() -> bool:
    return shutil.which(BINARY) is not None


@dataclass
class Virtuoso:
    folder: Path
    process: subprocess.Popen
    http_port: int
    https_port: int | None
    certificate: Path | None
    startup_seconds: float

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def https_url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.https_port}{path}"

    def log_tail(self, lines: int = 20) -> str:
        log = self.folder / "virtuoso.log"
        return "\n".join(log.read_text("utf-8", "replace").splitlines()[-lines:]) if log.exists() else ""

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (Virtuoso shuts down cleanly on it), then SIGKILL if it lingers."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


def _certificate(folder: Path) -> Path | None:
    """A self-signed certificate for 127.0.0.1 (key beside it), or None without openssl."""
    if shutil.which("openssl") is None:
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert


def _ini(folder: Path, sql_port: int, http_port: int, https_port: int | None, cert: Path | None) -> str:
    tls = (f"SSLPort = 127.0.0.1:{https_port}\nSSLCertificate = {cert}\nSSLPrivateKey = {cert.with_name('key.pem')}\n"
           if https_port and cert else "")
    return f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
{tls}ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def start(folder: Path, timeout: float = 180.0) -> Virtuoso:
    """Start Virtuoso in ``folder`` and wait until its SPARQL endpoint answers."""
    folder.mkdir(parents=True, exist_ok=True)
    cert = _certificate(folder)
    sql_port, http_port = free_port(), free_port()
    https_port = free_port() if cert else None
    ini = folder / "virtuoso.ini"
    ini.write_text(_ini(folder, sql_port, http_port, https_port, cert), "utf-8")
    began = time.monotonic()
    with (folder / "stdout.log").open("wb") as out:
        process = subprocess.Popen([BINARY, "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Virtuoso(folder, process, http_port, https_port, cert, 0.0)
    deadline = began + timeout
    with httpx.Client(timeout=5.0) as client:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{server.log_tail()}")
            try:
                if client.get(server.endpoint, params={"query": "ASK {}"}).status_code == 200:
                    break
            except httpx.HTTPError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                server.stop()
                raise RuntimeError(f"virtuoso-t did not answer within {timeout} s:\n{server.log_tail()}")
            time.sleep(0.1)  # readiness poll interval
    server.startup_seconds = time.monotonic() - began
    return server
