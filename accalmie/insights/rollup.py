"""Daily figures: what the dashboard reads instead of scanning the messages.

``compute_day`` reads one local day of messages once (a few columns, in
chunks) and stores one ``DailyFigures`` row per (channel, owner, category)
with counts, an hourly volume and histograms of response and resolution
times. ``figures`` merges the rows of a period into the same shapes as
``metrics`` (same definitions: see metrics.py), with percentiles taken the
``percentile_cont`` way over the histogram: equal to the exact ones when times
are whole minutes under three hours, within the step (5 min, 1 h) above.

Freshness: a day missing or computed before it ended is computed when a page
asks for it; today is recomputed when older than ``TODAY_MAX_AGE``; the clock
job refreshes the last ``REFRESH_DAYS`` days (late answers, corrections).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accalmie.inbox.models import Message

from .metrics import DEFAULT_DEADLINE, NEEDS_ANSWER, PERCENTILES
from .models import DailyFigures, DailyHistogram, RollupDay

TODAY_MAX_AGE = timedelta(minutes=5)
REFRESH_DAYS = 8
KEEP_READY_DAYS = 35


def bucket(seconds: float) -> int:
    minutes = max(0, int(seconds // 60))
    if minutes < 180:
        return minutes
    if minutes < 1440:
        return minutes - minutes % 5
    return minutes - minutes % 60


def day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tz)
    return start, datetime.combine(day + timedelta(days=1), time.min, tz)


def compute_day(day: date, now: datetime | None = None) -> int:
    now = now or timezone.now()
    start, end = day_bounds(day)
    tz = timezone.get_current_timezone()
    rows = (
        Message.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .values_list(
            "channel_id",
            "assignee_id",
            "category",
            "created_at",
            "first_response_at",
            "resolved_at",
            "due_at",
        )
    )
    groups: dict = {}
    needs = set(NEEDS_ANSWER)
    for channel_id, assignee_id, category, created, first, resolved, due in rows.iterator(
        chunk_size=5000
    ):
        key = (channel_id, assignee_id, category)
        g = groups.get(key)
        if g is None:
            g = groups[key] = DailyFigures(
                day=day,
                channel_id=channel_id,
                assignee_id=assignee_id,
                category=category,
                hours=[0] * 24,
                first_response={},
                resolution={},
            )
        g.messages += 1
        g.hours[created.astimezone(tz).hour] += 1
        if category in needs:
            g.needing += 1
            if first is not None:
                g.answered += 1
                if (due is not None and first <= due) or (
                    due is None and first <= created + DEFAULT_DEADLINE
                ):
                    g.on_time += 1
                b = str(bucket((first - created).total_seconds()))
                g.first_response[b] = g.first_response.get(b, 0) + 1
        if resolved is not None:
            b = str(bucket((resolved - created).total_seconds()))
            g.resolution[b] = g.resolution.get(b, 0) + 1
    histograms = _by_dimension(day, groups.values())
    with transaction.atomic():
        DailyFigures.objects.filter(day=day).delete()
        DailyFigures.objects.bulk_create(groups.values(), batch_size=500)
        DailyHistogram.objects.filter(day=day).delete()
        DailyHistogram.objects.bulk_create(histograms, batch_size=500)
        RollupDay.objects.update_or_create(day=day, defaults={"computed_at": now})
    return len(groups)


DIMENSIONS = ("all", "channel", "agent", "category")


def _by_dimension(day: date, rows) -> list[DailyHistogram]:
    merged: dict = {}
    for row in rows:
        for dimension, value in (
            ("all", ""),
            ("channel", str(row.channel_id)),
            ("agent", "" if row.assignee_id is None else str(row.assignee_id)),
            ("category", row.category),
        ):
            h = merged.get((dimension, value))
            if h is None:
                h = merged[(dimension, value)] = DailyHistogram(
                    day=day, dimension=dimension, value=value, first_response={}, resolution={}
                )
            for target, data in (
                (h.first_response, row.first_response),
                (h.resolution, row.resolution),
            ):
                for minutes, n in data.items():
                    target[minutes] = target.get(minutes, 0) + n
    return list(merged.values())


def _group_key(dimension: str, value: str):
    if dimension == "all":
        return None
    if dimension in ("channel", "agent"):
        return int(value) if value else None
    return value


def days_of(start: datetime, end: datetime) -> list[date]:
    first = timezone.localtime(start).date()
    last_moment = end - timedelta(microseconds=1)
    last = timezone.localtime(last_moment).date()
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def ensure(days: list[date], now: datetime | None = None) -> int:
    """Computes the days that are missing, or were computed before they ended, or stale today."""
    now = now or timezone.now()
    known = dict(RollupDay.objects.filter(day__in=days).values_list("day", "computed_at"))
    today = timezone.localtime(now).date()
    computed = 0
    for day in days:
        if day > today:
            continue
        at = known.get(day)
        _start, end = day_bounds(day)
        stale = at is None or at < end and (day < today or at < now - TODAY_MAX_AGE)
        if stale:
            compute_day(day, now)
            computed += 1
    return computed


def refresh_recent(now: datetime | None = None) -> int:
    """The clock job: recompute the last days (late answers, resolutions, corrections)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    for i in range(REFRESH_DAYS):
        compute_day(today - timedelta(days=i), now)
    # and the month before, once: a first dashboard view never computes thirty days itself
    older = [today - timedelta(days=i) for i in range(REFRESH_DAYS, KEEP_READY_DAYS)]
    return REFRESH_DAYS + ensure(older, now)


def percentiles(histogram: dict[int, int]) -> dict | None:
    """n, p50 and p90 in seconds from a {minutes: count} histogram, percentile_cont style."""
    n = sum(histogram.values())
    if not n:
        return None
    values = sorted(histogram.items())
    result: dict = {"n": n}
    for pct, name in zip(PERCENTILES, ("p50", "p90"), strict=True):
        pos = pct * (n - 1)
        lo = int(pos)
        low, high = _nth(values, lo), _nth(values, min(lo + 1, n - 1))
        result[name] = (low + (high - low) * (pos - lo)) * 60.0
    return result


def _nth(values: list[tuple[int, int]], index: int) -> int:
    seen = 0
    for value, count in values:
        seen += count
        if index < seen:
            return value
    return values[-1][0]


def figures(start: datetime, end: datetime, channel_id=None, agent_id=None, now=None) -> dict:
    """The period's figures, merged from the daily rows (computing the days that need it).

    The merging is done by the database: sums for the counts, and the
    histograms expanded with json_each (SQLite) / jsonb_each_text (PostgreSQL)
    and summed per group, so Python receives a few thousand (group, minutes,
    count) rows whatever the number of messages.
    """
    days = days_of(start, end)
    ensure(days, now)
    qs = DailyFigures.objects.filter(day__gte=days[0], day__lte=days[-1])
    if channel_id:
        qs = qs.filter(channel_id=channel_id)
    if agent_id:
        qs = qs.filter(assignee_id=agent_id)
    qs = qs.order_by()
    totals = qs.aggregate(needing=Sum("needing"), answered=Sum("answered"), on_time=Sum("on_time"))
    totals = {k: v or 0 for k, v in totals.items()}
    channels = {
        row["channel_id"]: {"needing": row["n"], "answered": row["a"]}
        for row in qs.values("channel_id").annotate(n=Sum("needing"), a=Sum("answered"))
    }
    volume: dict = defaultdict(lambda: defaultdict(int))  # (day, hour) -> category -> n
    if end - start <= timedelta(days=2):  # hourly, from the few rows of one or two days
        for day, category, hours in qs.values_list("day", "category", "hours"):
            for hour, n in enumerate(hours):
                if n:
                    volume[(day, hour)][category] += n
    else:
        for row in qs.values("day", "category").annotate(n=Sum("messages")):
            volume[(row["day"], 0)][row["category"]] += row["n"]
    if channel_id or agent_id:
        sources = (
            (
                (
                    ("all", None),
                    ("channel", ch),
                    ("agent", who),
                    ("category", category),
                ),
                first,
                resolved,
            )
            for ch, who, category, first, resolved in qs.values_list(
                "channel_id", "assignee_id", "category", "first_response", "resolution"
            ).iterator(chunk_size=2000)
        )
    else:
        sources = (
            (((dimension, _group_key(dimension, value)),), first, resolved)
            for dimension, value, first, resolved in DailyHistogram.objects.filter(
                day__gte=days[0], day__lte=days[-1]
            )
            .order_by()
            .values_list("dimension", "value", "first_response", "resolution")
            .iterator(chunk_size=2000)
        )
    merged: dict = {
        what: {dimension: defaultdict(dict) for dimension in DIMENSIONS}
        for what in ("first_response", "resolution")
    }
    for keys, first, resolved in sources:
        for what, data in (("first_response", first), ("resolution", resolved)):
            if not data:
                continue
            for dimension, key in keys:
                target = merged[what][dimension][key]
                get = target.get
                for minutes, n in data.items():
                    target[minutes] = get(minutes, 0) + n
    durations = {
        what: {
            dimension: {
                key: percentiles({int(m): n for m, n in histogram.items()})
                for key, histogram in by_key.items()
            }
            for dimension, by_key in dims.items()
        }
        for what, dims in merged.items()
    }
    return {"totals": totals, "channels": channels, "durations": durations, "volume": volume}
