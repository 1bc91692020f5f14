"""`accalmie bench dashboard`: the dashboard's load time on a large inbox.

Fills the database to ``--total`` messages with the inbox bench's fill (raw
INSERTs, set-up, not measured), then gives the answered ones what a working
team leaves: a deadline, a first response minutes to hours after the message,
a resolution later (set-up too). Then times the full HTML dashboard page for
a manager, as `accalmie bench` times the inbox: 2 warm-ups, then ``--requests``
timed requests per case, each on a fresh database connection.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from datetime import timedelta

from accalmie import bench

MANAGER = "bench-manager"
ANSWERED = ("replied", "resolved", "monitoring", "closed")
TARGET_P95_MS = 500


def ensure_manager():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accalmie.accounts.roles import APPROVER

    user, _created = get_user_model().objects.get_or_create(
        username=MANAGER, defaults={"first_name": "Manager"}
    )
    user.groups.add(Group.objects.get(name=APPROVER))
    return get_user_model().objects.get(pk=user.pk)


def fill_answers(log: Callable[[str], None] = print, seed: int = 29, chunk: int = 20_000) -> int:
    """Dates the answers of handled complaints and questions that have none yet."""
    from django.db import connection, transaction

    from accalmie.inbox.models import Message

    rng = random.Random(seed)
    adapt = connection.ops.adapt_datetimefield_value
    table = connection.ops.quote_name(Message._meta.db_table)
    q = connection.ops.quote_name
    sql = (
        f"UPDATE {table} SET {q('due_at')} = %s, {q('first_response_at')} = %s, "  # noqa: S608
        f"{q('resolved_at')} = %s WHERE {q('id')} = %s"
    )
    todo = (
        Message.objects.filter(
            status__in=ANSWERED,
            category__in=("negative", "question"),
            first_response_at__isnull=True,
        )
        .order_by("id")
        .values_list("id", "created_at", "status")
    )
    done, t0, rows = 0, time.perf_counter(), []
    for pk, created, status in todo.iterator(chunk_size=chunk):
        first = created + timedelta(minutes=max(1.0, math.exp(rng.gauss(math.log(40), 0.9))))
        resolved = None
        if status != "replied":
            resolved = first + timedelta(minutes=math.exp(rng.gauss(math.log(300), 1.0)))
        rows.append((adapt(created + timedelta(hours=1)), adapt(first), adapt(resolved), pk))
        if len(rows) >= chunk:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, rows)
            done += len(rows)
            rows = []
    if rows:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        done += len(rows)
    log(f"  dated {done:,} answers in {time.perf_counter() - t0:.0f} s")
    return done


def cases(manager) -> list[tuple[str, str]]:
    from django.contrib.auth import get_user_model

    from accalmie.channels.models import Channel

    channel = Channel.objects.filter(name=bench.FILL_CHANNELS[2][0]).first()
    agent = get_user_model().objects.filter(username=bench.TEAMMATES[0]).first()
    found = [
        ("7 days (default)", "/insights/"),
        ("today", "/insights/?period=today"),
        ("30 days", "/insights/?period=30d"),
    ]
    if channel:
        found.append(("7 days, one channel", f"/insights/?channel={channel.pk}"))
    if agent:
        found.append(("7 days, one agent", f"/insights/?agent={agent.pk}"))
    return found


def time_dashboard(
    manager, repeat: int = 30, log: Callable[[str], None] = print, warmup: int = 2
) -> list[bench.Timing]:
    client = bench._client(manager)
    results = []
    for label, url in cases(manager):
        timing = bench.time_requests(client, label, url, repeat, warmup)
        log(f"  {label:<24} p50 {timing.p50:7.1f} ms  p95 {timing.p95:7.1f} ms")
        results.append(timing)
    return results


def run(total: int, requests: int, log: Callable[[str], None] = print) -> dict:
    from django.db import connection

    from accalmie.inbox.models import Message

    started = time.perf_counter()
    bench.migrate()
    _user, users = bench.ensure_users()
    manager = ensure_manager()
    log(f"\n1. Filling up to {total:,} messages (set-up, not measured)")
    t0 = time.perf_counter()
    bench.fill(total, users, log=log)
    fill_answers(log=log)
    bench.analyze()
    count = Message.objects.count()
    log(f"  {count:,} messages, analysed, in {time.perf_counter() - t0:.0f} s")
    log(
        f"\n2. Dashboard `/insights/` (full HTML), {requests} timed requests per case after 2 warm-ups"
    )
    timings = time_dashboard(manager, repeat=requests, log=log)
    default = timings[0]
    result = {
        "database": connection.vendor,
        "messages_in_db": count,
        "requests_per_case": requests,
        "seconds": round(time.perf_counter() - started, 1),
        "dashboard": {"overall": bench.overall(timings), "cases": [t.as_dict() for t in timings]},
        "target_p95_ms": TARGET_P95_MS,
        "default_case_met": default.p95 < TARGET_P95_MS,
    }
    log("\n" + "=" * 78)
    log(f"Dashboard — {connection.vendor}, {count:,} messages")
    for t in timings:
        flag = "" if t.p95 < TARGET_P95_MS else "  <-- over target"
        log(
            f"  {t.label:<24} p50 {t.p50:7.1f}  p95 {t.p95:7.1f}  max {max(t.samples_ms):7.1f} ms{flag}"
        )
    o = result["dashboard"]["overall"]
    met = "met" if o["p95_ms"] < TARGET_P95_MS else "MISSED"
    log(f"  overall p95 {o['p95_ms']:.1f} ms (target < {TARGET_P95_MS} ms: {met})")
    return result
