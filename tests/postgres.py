"""A real PostgreSQL server for the tests and benchmarks: Debian's own (the `postgresql`
package, which `make test` installs), a new cluster in a temporary folder, listening only on a
Unix socket there, stopped and removed afterwards. As root the server runs as the `postgres`
user (PostgreSQL refuses root)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class Postgres:
    """`with Postgres() as pg:` a server; pg.url(name) a database on it (made on first use)."""

    def __init__(self):
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError(
                "PostgreSQL is missing: `make test` installs it as root "
                "(apt-get install -y postgresql)"
            )
        self.root = Path(tempfile.mkdtemp(prefix="tinynet-pg-"))
        self.data, self.socket = self.root / "data", self.root / "run"
        self.port = 5432
        self.proc = None
        self.made: set[str] = set()

    def _as_owner(self, *cmd: str, **kw) -> subprocess.CompletedProcess:
        if os.geteuid() == 0:
            cmd = ("runuser", "-u", "postgres", "--", *cmd)
        return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120, **kw)

    def __enter__(self) -> Postgres:
        self.socket.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(self.socket, "postgres", "postgres")
        self._as_owner(
            str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
            "--no-sync", "-E", "UTF8",
        )  # fmt: skip
        cmd = [
            str(self.bin / "postgres"), "-D", str(self.data), "-k", str(self.socket),
            "-c", "listen_addresses=", "-p", str(self.port), "-c", "fsync=off",
            "-c", "max_connections=200",
        ]  # fmt: skip
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        self.log = open(self.root / "server.log", "w")  # noqa: SIM115 (closed in __exit__)
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [str(self.bin / "pg_isready"), "-h", str(self.socket), "-p", str(self.port)],
                capture_output=True,
            )
            if ready.returncode == 0:
                return self
            if self.proc.poll() is not None:
                raise RuntimeError((self.root / "server.log").read_text())
            time.sleep(0.2)
        raise RuntimeError("PostgreSQL did not start")

    def url(self, name: str) -> str:
        """A database on this server, by the URL `--class-db` takes (made on first use)."""
        if name not in self.made:
            self._as_owner(
                str(self.bin / "createdb"), "-h", str(self.socket), "-p", str(self.port),
                "-U", "postgres", name,
            )  # fmt: skip
            self.made.add(name)
        return f"postgresql://postgres@/{name}?host={self.socket}&port={self.port}"

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)
