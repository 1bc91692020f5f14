"""Spike alerts: a burst of negative or abusive messages on a channel, a post or a hashtag.

Counting: the ingest hook adds each new negative/abusive/threatening message
to one ``VolumeBucket`` per scope and minute it was posted (one upsert per
bucket, inside the ingest transaction).

Detection (docs/adr/0016): for every 10-minute window touched by the batch,
the count is compared with the scope's usual level, the mean per 10 minutes
over the 24 hours before the window. The window fires when

    count >= max(MIN_COUNT, FACTOR × usual + 4 × sqrt(usual))

so a quiet post needs 8 angry messages in 10 minutes, and a channel that
always gets 20 needs about 80: a steady high volume or a slow rise over the
day never fires, a pile-on does.

No alert storm: a firing scope joins the alert already running on the same
channel (or the same hashtag) if that alert had a burst within the cool-down;
the alert then grows (scopes, peak, messages) and nobody is notified again.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Alert, AlertDelivery, InsightsSettings, Scope, VolumeBucket

HIT_CATEGORIES = ("negative", "abuse", "threat")
WINDOW = timedelta(minutes=10)
BASELINE = timedelta(hours=24)
MIN_COUNT = 8
FACTOR = 3.0
COOLDOWN = timedelta(minutes=60)
HORIZON = timedelta(days=7)  # older bursts (a historical import) are counted, not alerted
MESSAGES_KEPT = 200
HASHTAG_RE = re.compile(r"(?<![\w#])#(\w{2,60})", re.UNICODE)
MINUTE = timedelta(minutes=1)


def hashtags(text: str) -> list[str]:
    """Normalised hashtags of a text: lower case, accents kept (#Grève → #grève)."""
    found = []
    for tag in HASHTAG_RE.findall(text or "")[:5]:
        key = "#" + unicodedata.normalize("NFC", tag).lower()
        if key not in found:
            found.append(key)
    return found


def scopes_of(message) -> list[tuple[str, str]]:
    scopes = [
        (Scope.CHANNEL, str(message.channel_id)),
        (Scope.THREAD, f"{message.channel_id}:{message.thread_key}"[:255]),
    ]
    scopes += [(Scope.HASHTAG, tag[:255]) for tag in hashtags(message.text)]
    return scopes


def floor_minute(dt: datetime) -> datetime:
    return dt.replace(second=0, microsecond=0)


# --------------------------------------------------------------------------- counting


def record(messages, *, now: datetime | None = None) -> list[Alert]:
    """Counts a batch of new messages and raises or grows alerts; returns the alerts touched."""
    now = now or timezone.now()
    counts: Counter = Counter()
    for m in messages:
        if m.category not in HIT_CATEGORIES:
            continue
        minute = floor_minute(min(m.created_at, now))
        for scope, key in scopes_of(m):
            counts[(scope, key, minute)] += 1
    if not counts:
        return []
    _upsert(counts)
    touched: dict[tuple[str, str], set[datetime]] = defaultdict(set)
    for scope, key, minute in counts:
        if minute >= now - HORIZON:
            touched[(scope, key)].add(minute)
    return evaluate(touched, now=now)


def _upsert(counts: Counter) -> None:
    quote = connection.ops.quote_name
    adapt = connection.ops.adapt_datetimefield_value
    table = quote(VolumeBucket._meta.db_table)
    cols = ", ".join(quote(c) for c in ("scope", "key", "minute", "hits"))
    # Names come from the model, values are placeholders.
    sql = (
        f"INSERT INTO {table} ({cols}) VALUES (%s, %s, %s, %s) "  # noqa: S608
        f"ON CONFLICT ({quote('scope')}, {quote('key')}, {quote('minute')}) "
        f"DO UPDATE SET {quote('hits')} = {table}.{quote('hits')} + excluded.{quote('hits')}"
    )
    rows = [(s, k, adapt(m), n) for (s, k, m), n in sorted(counts.items())]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --------------------------------------------------------------------------- detection


@dataclass
class Burst:
    scope: str
    key: str
    start: datetime  # first minute of the window
    end: datetime  # last minute of the window
    count: int
    usual: float


def threshold(usual: float) -> float:
    return max(MIN_COUNT, FACTOR * usual + 4 * math.sqrt(usual))


def evaluate(touched: dict[tuple[str, str], set[datetime]], *, now: datetime) -> list[Alert]:
    """Finds the windows that fire among those containing a touched minute."""
    if not touched:
        return []
    near = _buckets_near(touched)
    bursts = []
    for (scope, key), minutes in touched.items():
        buckets = near.get((scope, key), {})
        if sum(buckets.values()) < MIN_COUNT:
            continue  # most scopes (a post with one complaint) stop here, without a query
        candidates = _windows_over(buckets, minutes, MIN_COUNT)
        if not candidates:
            continue
        history = list(
            VolumeBucket.objects.filter(
                scope=scope,
                key=key,
                minute__gte=candidates[0][0] - BASELINE,
                minute__lt=candidates[-1][0],
            )
            .order_by("minute")
            .values_list("minute", "hits")
        )
        bursts += _firing(scope, key, candidates, history)
    alerts = []
    for burst in _strongest_per_scope_run(bursts):
        alert = raise_or_grow(burst, now=now)
        if alert is not None and alert not in alerts:
            alerts.append(alert)
    return alerts


def _buckets_near(touched) -> dict[tuple[str, str], dict[datetime, int]]:
    """Counts of the touched scopes around the touched minutes, in one query per 500 scopes."""
    every = [m for minutes in touched.values() for m in minutes]
    lo, hi = min(every) - WINDOW, max(every) + WINDOW
    by_scope: dict[str, list[str]] = defaultdict(list)
    for scope, key in touched:
        by_scope[scope].append(key)
    near: dict[tuple[str, str], dict[datetime, int]] = defaultdict(dict)
    for scope, keys in by_scope.items():
        for i in range(0, len(keys), 500):
            rows = VolumeBucket.objects.filter(
                scope=scope, key__in=keys[i : i + 500], minute__gt=lo, minute__lt=hi
            ).values_list("key", "minute", "hits")
            for key, minute, hits in rows:
                near[(scope, key)][minute] = hits
    return near


def _windows_over(
    buckets: dict[datetime, int], touched: set[datetime], minimum: int
) -> list[tuple[datetime, datetime, int]]:
    """(start, end, count) of 10-minute windows holding a touched minute with count >= minimum,
    by start."""
    minutes = sorted(buckets)
    prefix = [0]
    for m in minutes:
        prefix.append(prefix[-1] + buckets[m])
    ends = set()
    for minute in touched:
        i = bisect_left(minutes, minute)
        while i < len(minutes) and minutes[i] < minute + WINDOW:
            ends.add(minutes[i])
            i += 1
    found = []
    for end in sorted(ends):
        start = end - WINDOW + MINUTE
        count = prefix[bisect_left(minutes, end + MINUTE)] - prefix[bisect_left(minutes, start)]
        if count >= minimum:
            found.append((start, end, count))
    return found


def _firing(scope, key, candidates, history) -> list[Burst]:
    minutes = [m for m, _n in history]
    prefix = [0]
    for _m, n in history:
        prefix.append(prefix[-1] + n)
    periods = BASELINE / WINDOW
    fired = []
    for start, end, count in candidates:
        i = bisect_left(minutes, start - BASELINE)
        j = bisect_left(minutes, start)
        usual = (prefix[j] - prefix[i]) / periods
        if count >= threshold(usual):
            fired.append(Burst(scope, key, start, end, count, round(usual, 2)))
    return fired


def _strongest_per_scope_run(bursts: list[Burst]) -> list[Burst]:
    """Overlapping firing windows of one scope are one burst: keep each run's peak."""
    kept: list[Burst] = []
    for b in sorted(bursts, key=lambda b: (b.scope, b.key, b.start)):
        last = kept[-1] if kept else None
        if last and (last.scope, last.key) == (b.scope, b.key) and b.start <= last.end + COOLDOWN:
            if b.count > last.count:
                b.start = min(b.start, last.start)
                kept[-1] = b
            else:
                last.end = max(last.end, b.end)
            continue
        kept.append(b)
    # channels before posts before hashtags, oldest first: the widest scope opens the alert
    order = {Scope.CHANNEL: 0, Scope.THREAD: 1, Scope.HASHTAG: 2}
    return sorted(kept, key=lambda b: (b.start, order[b.scope]))


# --------------------------------------------------------------------------- alerts


def burst_messages(burst: Burst):
    from accalmie.inbox.models import Message

    qs = Message.objects.filter(
        created_at__gte=burst.start,
        created_at__lt=burst.end + MINUTE,
        category__in=HIT_CATEGORIES,
    ).order_by("created_at", "id")
    if burst.scope == Scope.CHANNEL:
        return list(qs.filter(channel_id=int(burst.key))[:MESSAGES_KEPT])
    if burst.scope == Scope.THREAD:
        channel_id, _, thread = burst.key.partition(":")
        return list(qs.filter(channel_id=int(channel_id), thread_key=thread)[:MESSAGES_KEPT])
    return [m for m in qs[: MESSAGES_KEPT * 5] if burst.key in hashtags(m.text)][:MESSAGES_KEPT]


def raise_or_grow(burst: Burst, *, now: datetime) -> Alert | None:
    """Opens an alert for a burst, or grows the running alert it belongs to."""
    found = burst_messages(burst)
    if not found:
        return None
    channel_id = Counter(m.channel_id for m in found).most_common(1)[0][0]
    # the window may begin before the first angry message; the alert begins with it
    first = max(burst.start, floor_minute(found[0].created_at))
    channels = {m.channel_id for m in found}
    pair = [burst.scope, burst.key]
    running = (
        Alert.objects.select_for_update()
        .filter(last_burst_at__gte=burst.start - COOLDOWN, started_at__lte=burst.end + COOLDOWN)
        .filter(Q(channel_id__in=channels) | Q(scope=burst.scope, key=burst.key))
        .order_by("started_at", "id")
        .first()
    )
    if running is not None:
        if pair not in running.scopes:
            running.scopes = [*running.scopes, pair]
        running.peak = max(running.peak, burst.count)
        running.last_burst_at = max(running.last_burst_at, burst.end)
        running.started_at = min(running.started_at, first)
        running.save(update_fields=["scopes", "peak", "last_burst_at", "started_at"])
        have = running.messages.count()
        if have < MESSAGES_KEPT:
            running.messages.add(*found[: MESSAGES_KEPT - have])
        return running
    alert = Alert.objects.create(
        scope=burst.scope,
        key=burst.key,
        channel_id=channel_id,
        label=_label(burst, found),
        scopes=[pair],
        started_at=first,
        last_burst_at=burst.end,
        peak=burst.count,
        baseline=burst.usual,
    )
    alert.messages.add(*found)
    _queue_notifications(alert)
    return alert


def _label(burst: Burst, found) -> str:
    if burst.scope == Scope.HASHTAG:
        return burst.key
    if burst.scope == Scope.THREAD:
        return burst.key.partition(":")[2]
    return str(found[0].channel) if found else burst.key  # its display name


def _queue_notifications(alert: Alert) -> None:
    from .tasks import deliver_alert

    config = InsightsSettings.load()
    kinds = []
    if config.email_alerts:
        kinds.append(AlertDelivery.Kind.EMAIL)
    if config.webhook_url:
        kinds.append(AlertDelivery.Kind.WEBHOOK)
    for kind in kinds:
        delivery = AlertDelivery.objects.create(alert=alert, kind=kind)
        transaction.on_commit(lambda pk=delivery.pk: deliver_alert.enqueue(pk))


def recent(now: datetime | None = None) -> list[Alert]:
    """Alerts still running or not yet acknowledged, for the strip above the inbox."""
    now = now or timezone.now()
    return list(
        Alert.objects.filter(state=Alert.State.OPEN, last_burst_at__gte=now - HORIZON)
        .select_related("channel")
        .order_by("-last_burst_at")[:3]
    )


def scan_recent(now: datetime | None = None) -> int:
    """The periodic safety net: re-evaluates every scope counted in the last window."""
    now = now or timezone.now()
    since = floor_minute(now) - WINDOW
    touched: dict[tuple[str, str], set[datetime]] = defaultdict(set)
    for scope, key, minute in VolumeBucket.objects.filter(minute__gt=since).values_list(
        "scope", "key", "minute"
    ):
        touched[(scope, key)].add(minute)
    with transaction.atomic():
        return len(evaluate(touched, now=now))


def prune(now: datetime | None = None, keep: timedelta = timedelta(days=35)) -> int:
    now = now or timezone.now()
    deleted, _ = VolumeBucket.objects.filter(minute__lt=now - keep).delete()
    return deleted
