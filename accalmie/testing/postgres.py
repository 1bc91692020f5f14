"""Finds a PostgreSQL server for the test suite, or starts a throwaway one.

Order: ACCALMIE_TEST_DATABASE_URL; a server on 127.0.0.1:5432 (as CI and the
dev machines have); else one installed from Debian's packages and started in
a temporary directory for this run only, stopped at exit.
"""

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def postgres_url() -> str:
    url = os.environ.get("ACCALMIE_TEST_DATABASE_URL")
    if url:
        return url
    if _listening("127.0.0.1", 5432):
        return DEFAULT_URL
    return start_throwaway()


def _bin_dir() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(found[-1]) if found else None


def _install() -> None:
    if os.geteuid() != 0:
        raise RuntimeError(
            "No PostgreSQL server found and not root to install one: "
            "set ACCALMIE_TEST_DATABASE_URL or install Debian's postgresql package."
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True, env=env)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_throwaway() -> str:
    if _bin_dir() is None:
        _install()
    bindir = _bin_dir()
    root = tempfile.mkdtemp(prefix="accalmie-pg-")
    data = os.path.join(root, "data")
    port = _free_port()
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [
            *as_postgres,
            f"{bindir}/initdb",
            "-D",
            data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *as_postgres,
            f"{bindir}/pg_ctl",
            "-D",
            data,
            "-o",
            options,
            "-l",
            os.path.join(root, "log"),
            "-w",
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )

    def stop() -> None:
        subprocess.run(
            [*as_postgres, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    for _ in range(50):
        if _listening("127.0.0.1", port):
            break
        time.sleep(0.1)
    return f"postgres://postgres@127.0.0.1:{port}/postgres"
