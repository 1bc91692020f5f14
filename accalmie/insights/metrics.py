"""The dashboard's figures: pure query functions over a period and filters.

Everything is counted by the database (aggregates, window functions); Python
only receives a few rows per group, so the same code holds at a million
messages. Conventions, shown on the page too:

* a message *needs an answer* when its category is ``negative`` (a complaint)
  or ``question``: threats go to incidents, abuse is moderated, not answered;
* it is *answered within the deadline* when ``first_response_at <= due_at``
  (or, without a deadline, within one hour of being posted);
* times are counted from when the message was posted (``created_at``): the
  customer's clock, not the tool's;
* percentiles are ``percentile_cont`` (linear interpolation), natively on
  PostgreSQL, with ROW_NUMBER/COUNT windows on SQLite: the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
)
from django.db.models.functions import TruncDay, TruncHour
from django.utils import timezone

from accalmie.inbox.models import OPEN_STATUSES, Category, Message

NEEDS_ANSWER = (Category.NEGATIVE, Category.QUESTION)
DEFAULT_DEADLINE = timedelta(hours=1)
ABUSE_VERBS = ("hide", "delete", "block", "mute", "report")
PERCENTILES = (0.5, 0.9)
# (label key, lower bound, upper bound) of an open case's age
AGE_BUCKETS = (
    ("lt1h", None, timedelta(hours=1)),
    ("1to4h", timedelta(hours=1), timedelta(hours=4)),
    ("4to24h", timedelta(hours=4), timedelta(hours=24)),
    ("1to3d", timedelta(days=1), timedelta(days=3)),
    ("gt3d", timedelta(days=3), None),
)
GROUPS = {"channel": "channel_id", "agent": "assignee_id", "category": "category"}


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime
    channel_id: int | None = None
    agent_id: int | None = None

    @property
    def by_hour(self) -> bool:
        return self.end - self.start <= timedelta(days=2)


def messages(p: Period):
    qs = Message.objects.filter(created_at__gte=p.start, created_at__lt=p.end)
    if p.channel_id:
        qs = qs.filter(channel_id=p.channel_id)
    if p.agent_id:
        qs = qs.filter(assignee_id=p.agent_id)
    return qs


def on_time_q() -> Q:
    late_by_default = ExpressionWrapper(
        F("created_at") + DEFAULT_DEADLINE, output_field=DateTimeField()
    )
    return Q(first_response_at__lte=F("due_at")) | Q(
        due_at__isnull=True, first_response_at__lte=late_by_default
    )


def answer_rates(p: Period) -> dict:
    """Messages needing an answer, how many were answered, and how many on time."""
    counts = (
        messages(p)
        .filter(category__in=NEEDS_ANSWER)
        .aggregate(
            needing=Count("id"),
            answered=Count("id", filter=Q(first_response_at__isnull=False)),
            on_time=Count("id", filter=Q(first_response_at__isnull=False) & on_time_q()),
        )
    )
    needing = counts["needing"]
    counts["answered_pct"] = _pct(counts["answered"], needing)
    counts["on_time_pct"] = _pct(counts["on_time"], needing)
    return counts


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


# --------------------------------------------------------------------------- durations


class _Seconds(Func):
    """end - start in seconds, as a float, on both databases."""

    output_field = FloatField()

    def as_sql(self, compiler, conn, **extra):
        end, start = (compiler.compile(e) for e in self.source_expressions)
        sql_end, p_end = end
        sql_start, p_start = start
        if conn.vendor == "postgresql":
            return f"EXTRACT(EPOCH FROM ({sql_end} - {sql_start}))", [*p_end, *p_start]
        return f"((julianday({sql_end}) - julianday({sql_start})) * 86400.0)", [*p_end, *p_start]


TIME_FIELDS = {"first_response": "first_response_at", "resolution": "resolved_at"}


def durations(p: Period, what: str, group: str | None) -> dict:
    """{group value: {"n", "p50", "p90"}} of the time to first response or to resolution.

    ``group`` is "channel", "agent", "category" or None (everything: key None).
    """
    end_field = TIME_FIELDS[what]
    qs = messages(p).filter(**{f"{end_field}__isnull": False})
    if what == "first_response":
        qs = qs.filter(category__in=NEEDS_ANSWER)
    group_field = GROUPS[group] if group else None
    secs = _Seconds(F(end_field), F("created_at"))
    if connection.vendor == "postgresql":
        return _percentiles_postgres(qs, secs, group_field)
    return _percentiles_windows(qs.annotate(secs=secs), group_field)


class _PercentileCont(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _percentiles_postgres(qs, secs, group_field) -> dict:
    aggregates = {
        "n": Count("id"),
        "p50": _PercentileCont(secs, fraction="0.5"),
        "p90": _PercentileCont(secs, fraction="0.9"),
    }
    if group_field is None:
        row = qs.aggregate(**aggregates)
        return {None: row} if row["n"] else {}
    rows = qs.order_by().values(group_field).annotate(**aggregates)
    return {r[group_field]: {k: r[k] for k in ("n", "p50", "p90")} for r in rows}


def _percentiles_windows(qs, group_field) -> dict:
    """percentile_cont by hand: number each group's rows in order, keep the two
    rows around each percentile's position, interpolate between them."""
    inner = qs.order_by().values("secs", *([group_field] if group_field else []))
    inner_sql, params = inner.query.sql_with_params()
    if group_field:
        column = connection.ops.quote_name(Message._meta.get_field(group_field).column)
        group_sql, partition = f"x.{column}", f"PARTITION BY x.{column}"
    else:
        group_sql, partition = "NULL", ""
    wanted = " OR ".join(
        f"rn - 1 = CAST({pct} * (cnt - 1) AS INTEGER) "
        f"OR rn - 1 = CAST({pct} * (cnt - 1) AS INTEGER) + 1"
        for pct in PERCENTILES
    )
    # The inner SQL and its parameters come from the ORM; nothing typed by a user is here.
    sql = (
        "SELECT g, rn, cnt, secs FROM ("  # noqa: S608
        f"SELECT {group_sql} AS g, x.secs AS secs, "
        f"ROW_NUMBER() OVER ({partition} ORDER BY x.secs) AS rn, "
        f"COUNT(*) OVER ({partition}) AS cnt FROM ({inner_sql}) x"
        f") z WHERE {wanted}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    picked: dict = {}
    for g, rn, cnt, secs in rows:
        picked.setdefault(g, {"n": cnt, "at": {}})["at"][rn - 1] = secs
    result = {}
    for g, data in picked.items():
        n, at = data["n"], data["at"]
        values = {"n": n}
        for pct, name in zip(PERCENTILES, ("p50", "p90"), strict=True):
            pos = pct * (n - 1)
            lo = math.floor(pos)
            low = at[lo]
            high = at.get(lo + 1, low)
            values[name] = low + (high - low) * (pos - lo)
        result[g] = values
    return result


# --------------------------------------------------------------------------- volume


def volume(p: Period) -> list[dict]:
    """[{"at": datetime, "category": str, "n": int}] per day (or per hour for two days or less)."""
    trunc = TruncHour if p.by_hour else TruncDay
    rows = (
        messages(p)
        .order_by()
        .annotate(at=trunc("created_at", tzinfo=timezone.get_current_timezone()))
        .values("at", "category")
        .annotate(n=Count("id"))
        .order_by("at", "category")
    )
    return list(rows)


def open_by_age(p: Period, now: datetime | None = None, cap: int | None = None) -> dict:
    """Open cases now, by age since posted (channel and agent filters apply, the period not).

    With ``cap``, a bucket stops counting after ``cap`` cases (and says ``cap + 1``):
    filtered by channel or owner, no index covers status and age, so counting
    a large backlog would read every row of it.
    """
    now = now or timezone.now()
    qs = Message.objects.filter(status__in=OPEN_STATUSES)
    if p.channel_id:
        qs = qs.filter(channel_id=p.channel_id)
    if p.agent_id:
        qs = qs.filter(assignee_id=p.agent_id)
    # one COUNT per bucket: each is a range of the (status, created_at) index,
    # counted without reading the rows
    counts = {}
    for key, older, younger in AGE_BUCKETS:
        bucket = qs
        if older is not None:
            bucket = bucket.filter(created_at__lte=now - older)
        if younger is not None:
            bucket = bucket.filter(created_at__gt=now - younger)
        counts[key] = bucket[: cap + 1].count() if cap else bucket.count()
    return counts


def abuse_handled(p: Period) -> dict:
    """Moderation actions confirmed sent in the period, by verb."""
    from accalmie.channels.models import OutboundAction

    qs = OutboundAction.objects.filter(
        state=OutboundAction.State.SENT,
        verb__in=ABUSE_VERBS,
        sent_at__gte=p.start,
        sent_at__lt=p.end,
    )
    if p.channel_id:
        qs = qs.filter(channel_id=p.channel_id)
    if p.agent_id:
        qs = qs.filter(requested_by_id=p.agent_id)
    counts = dict(qs.order_by().values_list("verb").annotate(n=Count("id")))
    return {verb: counts.get(verb, 0) for verb in ABUSE_VERBS}


def incidents_opened(p: Period) -> dict:
    from accalmie.incidents.models import Incident

    qs = Incident.objects.filter(opened_at__gte=p.start, opened_at__lt=p.end)
    if p.channel_id:
        qs = qs.filter(message__channel_id=p.channel_id)
    by_severity = dict(qs.order_by().values_list("severity").annotate(n=Count("id")))
    return {"total": sum(by_severity.values()), "by_severity": by_severity}
