"""Pile-ons: many accounts hitting the same post within minutes, as one event.

A thread is piled on when, within ``window_minutes``, at least
``min_authors`` distinct accounts wrote under it and either

* at least ``min_suspicious_share`` of those accounts are young (under
  ``young_days``) or have few followers (under ``low_followers``): the
  throwaway-account campaign of the #AskJPM kind; or
* at least ``min_hostile_share`` of the messages are negative, abusive or
  threatening: a backlash of established accounts.

A busy thread of established accounts asking questions is neither. Every
threshold can be changed in the ``ACCALMIE_PILEON`` setting (a dict).
Detection runs inside ingest (``messages_stored``) and costs one aggregate
query per channel in a batch unless a thread is busy enough to look at.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from .models import PileOn

DEFAULTS = {
    "window_minutes": 15,
    "min_authors": 10,
    "young_days": 30,
    "low_followers": 50,
    "min_suspicious_share": 0.5,
    "min_hostile_share": 0.6,
    "close_after_minutes": 120,
}
HOSTILE = ("negative", "abuse", "threat")


def thresholds() -> dict:
    return {**DEFAULTS, **getattr(settings, "ACCALMIE_PILEON", {})}


@dataclass
class _Row:
    at: object
    author_id: int
    hostile: bool
    suspicious: bool


def note_pileons(messages) -> list[PileOn]:
    """Opens or grows the pile-ons these freshly stored messages belong to."""
    conf = thresholds()
    window = timedelta(minutes=conf["window_minutes"])
    spans: dict[tuple[int, str], list] = {}
    for m in messages:
        if m.thread_key:
            key = (m.channel_id, m.thread_key)
            lo, hi = spans.get(key, (m.created_at, m.created_at))
            spans[key] = (min(lo, m.created_at), max(hi, m.created_at))
    if not spans:
        return []
    touched = []
    for (channel_id, thread_key), (lo, hi) in _busy(spans, conf["min_authors"], window).items():
        rows = _rows(channel_id, thread_key, lo - window, hi + window, conf)
        known = (
            PileOn.objects.filter(channel_id=channel_id, thread_key=thread_key)
            .filter(last_at__gte=lo - window, started_at__lte=hi + window)
            .values_list("started_at", "last_at")
            .first()
        )
        for start, end in _segments(rows, conf, window, known=known):
            touched.append(_upsert(channel_id, thread_key, start, end, window, conf))
    return touched


def _busy(spans, min_authors: int, window) -> dict:
    """The threads of the batch with enough distinct authors near the new messages."""
    from accalmie.inbox.models import Message

    by_channel = defaultdict(list)
    for (channel_id, thread_key), span in spans.items():
        by_channel[channel_id].append((thread_key, span))
    busy = {}
    for channel_id, items in by_channel.items():
        lo = min(s[0] for _, s in items) - window
        hi = max(s[1] for _, s in items) + window
        counts = (
            Message.objects.filter(
                channel_id=channel_id,
                thread_key__in=[k for k, _ in items],
                created_at__gte=lo,
                created_at__lte=hi,
            )
            .values("thread_key")
            .annotate(n=Count("author_id", distinct=True))
            .filter(n__gte=min_authors)
            .values_list("thread_key", flat=True)
            .order_by()
        )
        hot = set(counts)
        busy.update({(channel_id, k): s for k, s in items if k in hot})
    return busy


def _rows(channel_id, thread_key, lo, hi, conf) -> list[_Row]:
    from accalmie.inbox.models import Message

    young_since = timezone.now() - timedelta(days=conf["young_days"])
    qs = (
        Message.objects.filter(
            channel_id=channel_id, thread_key=thread_key, created_at__gte=lo, created_at__lte=hi
        )
        .order_by("created_at", "id")
        .values_list(
            "created_at", "author_id", "category", "author__followers", "author__account_created_at"
        )
    )
    return [
        _Row(
            at,
            author_id,
            category in HOSTILE,
            (followers is not None and followers < conf["low_followers"])
            or (created is not None and created >= young_since),
        )
        for at, author_id, category, followers, created in qs
    ]


def _qualifies(authors: Counter, suspicious: int, hostile: int, messages: int, conf) -> bool:
    if len(authors) < conf["min_authors"]:
        return False
    return (
        suspicious / len(authors) >= conf["min_suspicious_share"]
        or hostile / messages >= conf["min_hostile_share"]
    )


def _segments(rows: list[_Row], conf, window, known: tuple | None = None) -> list[tuple]:
    """Maximal time spans covered by qualifying windows (a sliding window, O(n)).

    A window must qualify to start a pile-on; once started (here, or in an
    earlier batch: ``known``), it goes on while enough distinct authors keep
    coming, even if the share of hostile or young accounts dips for a while:
    the event is the crowd, and counting it whole should not depend on how
    the first angry replies happened to be spread.
    """
    segments: list[list] = [list(known)] if known else []
    authors: Counter = Counter()
    suspicious_authors = hostile = lo = 0
    for hi, row in enumerate(rows):
        authors[row.author_id] += 1
        if authors[row.author_id] == 1 and row.suspicious:
            suspicious_authors += 1
        hostile += row.hostile
        while row.at - rows[lo].at > window:
            old = rows[lo]
            authors[old.author_id] -= 1
            if authors[old.author_id] == 0:
                del authors[old.author_id]
                suspicious_authors -= old.suspicious
            hostile -= old.hostile
            lo += 1
        continues = (
            segments and rows[lo].at <= segments[-1][1] and len(authors) >= conf["min_authors"]
        )
        if continues or _qualifies(authors, suspicious_authors, hostile, hi - lo + 1, conf):
            start, end = rows[lo].at, row.at
            if segments and start <= segments[-1][1]:
                segments[-1][1] = end
            else:
                segments.append([start, end])
    return [tuple(s) for s in segments]


def _upsert(channel_id, thread_key, start, end, window, conf) -> PileOn:
    """Grows the thread's pile-on that this span touches, or opens one."""
    existing = (
        PileOn.objects.select_for_update()
        .filter(channel_id=channel_id, thread_key=thread_key)
        .filter(Q(last_at__gte=start - window) & Q(started_at__lte=end + window))
        .order_by("started_at")
        .first()
    )
    pileon = existing or PileOn(channel_id=channel_id, thread_key=thread_key)
    pileon.started_at = min(start, existing.started_at) if existing else start
    pileon.last_at = max(end, existing.last_at) if existing else end
    _count(pileon, conf)
    if existing and timezone.now() - pileon.last_at < timedelta(
        minutes=conf["close_after_minutes"]
    ):
        pileon.state = PileOn.State.OPEN
    pileon.save()
    return pileon


def _count(pileon: PileOn, conf) -> None:
    rows = _rows(pileon.channel_id, pileon.thread_key, pileon.started_at, pileon.last_at, conf)
    authors = {r.author_id: r.suspicious for r in rows}
    pileon.message_count = len(rows)
    pileon.author_count = len(authors)
    pileon.suspicious_share = round(sum(authors.values()) / len(authors), 2) if authors else 0
    pileon.hostile_share = round(sum(r.hostile for r in rows) / len(rows), 2) if rows else 0


def close_quiet_pileons() -> int:
    """Closes the open pile-ons nobody has added to for a while (a periodic job)."""
    conf = thresholds()
    quiet_since = timezone.now() - timedelta(minutes=conf["close_after_minutes"])
    return PileOn.objects.filter(state=PileOn.State.OPEN, last_at__lt=quiet_since).update(
        state=PileOn.State.CLOSED
    )


def recent_pileons(limit: int = 3):
    """What the inbox strip shows: open ones, and those detected in the last day."""
    since = timezone.now() - timedelta(days=1)
    return (
        PileOn.objects.filter(Q(state=PileOn.State.OPEN) | Q(detected_at__gte=since))
        .select_related("channel")
        .order_by("-last_at")[:limit]
    )
