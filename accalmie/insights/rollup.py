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
from django.utils import timezone

from accalmie.inbox.models import Message

from .metrics import DEFAULT_DEADLINE, NEEDS_ANSWER, PERCENTILES
from .models import DailyFigures, RollupDay

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
    with transaction.atomic():
        DailyFigures.objects.filter(day=day).delete()
        DailyFigures.objects.bulk_create(groups.values(), batch_size=500)
        RollupDay.objects.update_or_create(day=day, defaults={"computed_at": now})
    return len(groups)


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
    """The period's figures, merged from the daily rows (computing the days that need it)."""
    days = days_of(start, end)
    ensure(days, now)
    qs = DailyFigures.objects.filter(day__in=days)
    if channel_id:
        qs = qs.filter(channel_id=channel_id)
    if agent_id:
        qs = qs.filter(assignee_id=agent_id)
    totals = {"needing": 0, "answered": 0, "on_time": 0}
    # first merge the days into one histogram per (channel, owner, category), then the groups
    combos: dict = {}
    channels: dict = {}
    volume: dict = defaultdict(lambda: defaultdict(int))  # (day, hour) -> category -> n
    # the hourly volume is read only when the chart is hourly (two days or less)
    hourly = end - start <= timedelta(days=2)
    fields = ["day", "channel_id", "assignee_id", "category", "needing", "answered", "on_time"]
    fields += ["hours" if hourly else "messages", "first_response", "resolution"]
    for row in qs.values_list(*fields).iterator(chunk_size=2000):
        day, channel, agent, category, needing, answered, on_time, hours, first, resolved = row
        totals["needing"] += needing
        totals["answered"] += answered
        totals["on_time"] += on_time
        per_channel = channels.setdefault(channel, {"needing": 0, "answered": 0})
        per_channel["needing"] += needing
        per_channel["answered"] += answered
        if hourly:
            for hour, n in enumerate(hours):
                if n:
                    volume[(day, hour)][category] += n
        else:
            volume[(day, 0)][category] += hours  # the day's message count
        if first or resolved:
            combo = combos.setdefault((channel, agent, category), ({}, {}))
            for target, data in ((combo[0], first), (combo[1], resolved)):
                get = target.get
                for minutes, n in data.items():
                    target[minutes] = get(minutes, 0) + n
    durations: dict = {}
    for index, what in enumerate(("first_response", "resolution")):
        groups: dict = {g: defaultdict(dict) for g in ("all", "channel", "agent", "category")}
        for (channel, agent, category), pair in combos.items():
            data = pair[index]
            if not data:
                continue
            for group, key in (
                ("all", None),
                ("channel", channel),
                ("agent", agent),
                ("category", category),
            ):
                target = groups[group][key]
                for minutes, n in data.items():
                    target[minutes] = target.get(minutes, 0) + n
        durations[what] = {
            group: {
                key: percentiles({int(m): n for m, n in histogram.items()})
                for key, histogram in by_key.items()
            }
            for group, by_key in groups.items()
        }
    return {"totals": totals, "channels": channels, "durations": durations, "volume": volume}
