"""`accalmie bench` at toy sizes: every figure comes out a positive number."""

import math
import os

import pytest

from accalmie import bench
from accalmie.inbox.models import Message
from accalmie.inbox.schema import validate_row


def _positive(x) -> bool:
    return isinstance(x, int | float) and math.isfinite(x) and x > 0


def test_prepare_environment_uses_a_fresh_sqlite_file(monkeypatch):
    for name in ("ACCALMIE_DATA_DIR", "ACCALMIE_DATABASE_URL", "ACCALMIE_DEMO"):
        monkeypatch.delenv(name, raising=False)
    bench.prepare_environment(["--messages", "10"])
    assert os.environ["ACCALMIE_DATABASE_URL"].startswith("sqlite:///")
    assert os.environ["ACCALMIE_DATABASE_URL"].endswith(".sqlite3")
    assert os.environ["ACCALMIE_DEMO"] == "1"
    bench.prepare_environment(["--database-url", "postgres://u@h/db"])
    assert os.environ["ACCALMIE_DATABASE_URL"] == "postgres://u@h/db"
    bench.prepare_environment(["--database-url=postgres://u@h/other"])
    assert os.environ["ACCALMIE_DATABASE_URL"] == "postgres://u@h/other"


def test_generated_messages_follow_the_schema():
    rows = list(bench.generate_messages(300, seed=3, tag="t-"))
    assert len({r["network_id"] for r in rows}) == 300
    assert all(not isinstance(validate_row(i, r), list) for i, r in enumerate(rows))
    assert {r.get("lang") for r in rows} >= {"fr", "en", None}
    assert any("in_reply_to" in r for r in rows)


@pytest.mark.django_db
@pytest.mark.skipif(
    os.environ.get("ACCALMIE_TEST_DB") == "postgres",
    reason="the bench times the embedded default (SQLite) and opens a connection per request, "
    "which a test transaction on PostgreSQL does not survive",
)
def test_bench_figures_are_positive(tmp_path):
    user, users = bench.ensure_users()
    assert user.groups.filter(name="agent").exists()
    runs = bench.bench_ingest(300, 2, tmp_path, log=lambda line: None)
    assert len(runs) == 2
    assert all(r.created == 300 and _positive(r.rate) for r in runs)

    assert bench.fill(1000, users, log=lambda line: None, chunk=400, authors_per_channel=30) == 400
    if bench.search_index_problem():  # reported by the command; the test only needs hits
        bench.rebuild_search_index()
    bench.analyze()
    assert Message.objects.count() == 1000

    # A few cases only: every request renders the full page, slow under the test client.
    inbox = bench.bench_inbox(
        user,
        bench.FILL_CHANNELS[2][0],
        repeat=2,
        warmup=0,
        log=lambda line: None,
        only={"all", "status=new", "owner=me", "all, page 2"},
    )
    search = bench.bench_search(
        user,
        repeat=2,
        warmup=0,
        log=lambda line: None,
        only={"common (retard)", "rare (kangourou)", "two words (remboursement billet)"},
    )
    result = bench.summary_dict(runs, inbox, search, {"database": "sqlite"})

    assert _positive(result["ingest"]["median_msg_per_s"])
    for key in ("inbox", "search"):
        assert _positive(result[key]["overall"]["p50_ms"])
        assert _positive(result[key]["overall"]["p95_ms"])
        assert all(_positive(c["p95_ms"]) and c["n"] == 2 for c in result[key]["cases"])
    by_label = {t.label: t for t in inbox}
    assert by_label["all"].rows == 50
    assert "cursor=" in by_label["all, page 2"].url  # followed the "Older messages" link
    assert by_label["all, page 2"].rows == 50
    assert bench.next_cursor('<a href="/?cursor=old">x</a><li id="more">?q=a&amp;cursor=n2') == "n2"
    assert bench.next_cursor('<li id="more"><button hx-get="/?cursor=abc_-1">') == "abc_-1"
    assert len(search) == 3
    assert {t.label: t for t in search}["common (retard)"].rows > 0
