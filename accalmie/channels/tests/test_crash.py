"""A real worker, killed with SIGKILL mid-fetch and mid-send, against the local Bluesky network.

The worker runs as a subprocess on its own SQLite file (the test database of
pytest lives in this process only); ``ACCALMIE_TEST_CRASH_AT`` picks where it
dies. After each restart nothing is missing, nothing is doubled, and the
reply exists once on the network.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accalmie.testing.bluesky.accounts import (
    PASSWORD,
    make_account,
    mention,
    unique_handle,
    wait_for,
)

pytestmark = pytest.mark.bluesky
REPO = Path(__file__).resolve().parents[3]


class Install:
    """A throwaway Accalmie install (SQLite file) driven through manage.py."""

    def __init__(self, tmp: Path):
        self.db = tmp / "accalmie.sqlite3"
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="accalmie.settings_test",
            ACCALMIE_TEST_DB="sqlite",
            ACCALMIE_DATABASE_URL=f"sqlite:///{self.db}",
            ACCALMIE_DATA_DIR=str(tmp),
            ACCALMIE_OUTBOX_STALE_AFTER="1",
        )
        self.env.pop("ACCALMIE_TEST_CRASH_AT", None)
        self.workers: list[subprocess.Popen] = []

    def manage(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def worker(self, crash_at: str | None = None) -> subprocess.Popen:
        env = dict(self.env)
        if crash_at:
            env["ACCALMIE_TEST_CRASH_AT"] = crash_at
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "worker", "-v", "0"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(proc)
        return proc

    def stop_workers(self) -> None:
        for proc in self.workers:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)

    def query(self, sql: str, *params):
        with sqlite3.connect(self.db, timeout=30) as conn:
            return conn.execute(sql, params).fetchall()


@pytest.fixture
def install(tmp_path):
    inst = Install(tmp_path)
    inst.manage("migrate", "-v", "0")
    yield inst
    inst.stop_workers()


def test_killed_mid_fetch_and_mid_send_loses_nothing_and_replies_once(install, bluesky_devnet):
    brand_handle = unique_handle("brand")
    brand = make_account(bluesky_devnet.pds, brand_handle)
    dave = make_account(bluesky_devnet.pds, unique_handle("dave"))
    posts = [
        mention(dave, brand_handle, brand.me.did, "Bonjour ", f" réclamation numéro {i}")
        for i in range(3)
    ]
    wait_for(lambda: len(brand.app.bsky.notification.list_notifications().notifications) >= 3)
    install.python(
        "from accalmie.channels.actions import create_channel, connect_credentials\n"
        "from accalmie.channels.models import Channel\n"
        "c, _ = create_channel(name='bsky', kind='bluesky')\n"
        "Channel.objects.filter(pk=c.pk).update(poll_interval=1)\n"
        f"connect_credentials(c, {{'service': {bluesky_devnet.pds!r}, "
        f"'handle': {brand_handle!r}, 'app_password': {PASSWORD!r}, "
        f"'plc_url': {bluesky_devnet.info['plc']!r}}})\n"
    )

    def messages():
        return install.query("SELECT network_id FROM inbox_message ORDER BY id")

    def cursor():
        return install.query("SELECT cursor FROM channels_channel")[0][0]

    # 1. Killed after the batch is written, before the commit: nothing stored, cursor unmoved.
    worker = install.worker(crash_at="before_cursor_commit")
    assert worker.wait(timeout=120) == -signal.SIGKILL
    assert messages() == []
    assert cursor() == ""

    # 2. Restarted: the batch is read again and stored once.
    worker = install.worker()
    wait_for(lambda: len(messages()) == 3, timeout=120, every=0.5)
    time.sleep(3)  # several more polls
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    stored = [row[0] for row in messages()]
    assert sorted(stored) == sorted(p.uri for p in posts)
    assert cursor() != ""

    # 3. Killed right after the network accepted the reply, before it is marked sent.
    install.python(
        "from accalmie.channels.models import Channel\n"
        "from accalmie.channels.outbox import queue_outbound\n"
        "from accalmie.inbox.models import Message\n"
        f"m = Message.objects.get(network_id={posts[0].uri!r})\n"
        "queue_outbound(channel=m.channel, verb='reply', message=m, "
        "payload={'text': 'Bonjour Dave, nous regardons votre réclamation.'}, "
        "idempotency_key='crash-test-reply')\n"
    )
    worker = install.worker(crash_at="after_network_call")
    assert worker.wait(timeout=120) == -signal.SIGKILL
    assert install.query("SELECT state, attempts FROM channels_outboundaction") == [("sending", 1)]

    def brand_replies():
        thread = dave.get_post_thread(posts[0].uri).thread
        return [r.post.uri for r in (thread.replies or []) if r.post.author.did == brand.me.did]

    assert len(wait_for(brand_replies)) == 1  # it did reach the network

    # 4. Restarted: the sweep finds the row left `sending`, asks the network, marks it sent.
    worker = install.worker()
    wait_for(
        lambda: install.query("SELECT state FROM channels_outboundaction")[0][0] == "sent",
        timeout=120,
        every=0.5,
    )
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    (network_id,) = install.query("SELECT result_network_id FROM channels_outboundaction")[0]
    time.sleep(1)
    assert brand_replies() == [network_id]  # once, and it is the one recorded
    assert len(messages()) == 3


def test_the_worker_follows_the_firehose(install, bluesky_devnet):
    """`accalmie worker` opens the stream itself: with the periodic poll an hour
    away, a mention still arrives within seconds."""
    brand_handle = unique_handle("brand")
    brand = make_account(bluesky_devnet.pds, brand_handle)
    erin = make_account(bluesky_devnet.pds, unique_handle("erin"))
    install.python(
        "from accalmie.channels.actions import create_channel, connect_credentials\n"
        "from accalmie.channels.models import Channel\n"
        "c, _ = create_channel(name='bsky', kind='bluesky')\n"
        "Channel.objects.filter(pk=c.pk).update(poll_interval=3600)\n"
        f"connect_credentials(c, {{'service': {bluesky_devnet.pds!r}, "
        f"'handle': {brand_handle!r}, 'app_password': {PASSWORD!r}, "
        f"'plc_url': {bluesky_devnet.info['plc']!r}, "
        f"'stream_url': {bluesky_devnet.pds_ws!r}}})\n"
    )
    install.worker()
    # the first poll (due at once) has run: the channel has a success, and an hour to wait
    wait_for(
        lambda: install.query("SELECT last_success_at FROM channels_channel")[0][0],
        timeout=120,
        every=0.5,
    )
    time.sleep(8)  # the streams job (every 5 s) has connected
    post = mention(erin, brand_handle, brand.me.did, "Bonjour ", " le guichet est fermé")
    t0 = time.monotonic()
    wait_for(
        lambda: install.query("SELECT 1 FROM inbox_message WHERE network_id = ?", post.uri),
        timeout=30,
        every=0.05,
    )
    assert time.monotonic() - t0 < 10
    (next_poll,) = install.query("SELECT next_poll_at FROM channels_channel")[0]
    assert next_poll > time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() + 3000))
