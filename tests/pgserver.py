"""The PostgreSQL server the tests run the store against.

`./setup.sh test` starts a throwaway cluster and exports ARGMAP_TEST_PG; when that is unset (pytest
run by hand), `start()` makes one the same way if the PostgreSQL binaries are installed: initdb into
a temporary folder, listening on 127.0.0.1 only, run as user postgres when we are root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

ENV = "ARGMAP_TEST_PG"


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    return Path(found[-1]) if found and Path(found[-1], "initdb").exists() else None


class LocalServer:
    """A throwaway cluster on a free loopback port; `stop()` removes it."""

    def __init__(self):
        self.bin = _bin_dir()
        if self.bin is None:
            raise RuntimeError(f"no PostgreSQL binaries in /usr/lib/postgresql (apt install postgresql, or set {ENV})")
        self.dir = Path(tempfile.mkdtemp(prefix="argmap-pg-"))
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # the server refuses to run as root
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        proc = subprocess.run([*self.as_user, *args], capture_output=True, text=True, cwd=self.dir, timeout=120)
        if proc.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {(proc.stderr or proc.stdout).strip()[-500:]}")

    def start(self) -> LocalServer:
        data = self.dir / "data"
        self._run(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        options = (f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.dir / "server.log"), "-w", "-t", "60",
                  "-o", options, "start")
        return self

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "-w", "stop")
        except RuntimeError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def with_schema(url: str, schema: str) -> str:
    """`url` with the search_path set to `schema` (the store lives in the current schema)."""
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


class Schemas:
    """Makes a fresh, empty schema per test on the admin connection and drops it afterwards."""

    def __init__(self, url: str):
        import psycopg

        self.url = url
        self.admin = psycopg.connect(url, autocommit=True, connect_timeout=10)

    def create(self) -> str:
        name = "t_" + uuid.uuid4().hex[:16]
        self.admin.execute(f"CREATE SCHEMA {name}")
        return name

    def drop(self, name: str) -> None:
        # connections of the test that were not closed would block the drop: end them first
        self.admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            "AND application_name = 'argmap' AND state = 'idle in transaction'"
        )
        self.admin.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")

    def close(self) -> None:
        self.admin.close()
