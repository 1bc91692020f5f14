"""The fetch loop: new items from a network into the inbox, nothing lost, nothing doubled.

``poll(channel_id)`` asks the connector for what came after the channel's
cursor, stores it with ``inbox.ingest.ingest_rows`` and saves the new cursor
in the same transaction: an item is stored before the cursor moves past it,
and a crash anywhere re-reads the batch, which dedupe drops. Two polls of one
channel at once are harmless: the cursor is saved only if it is still the
one the poll started from (compare-and-set), and ingest stores each item once.

Errors are kept on the channel (``last_error_at``, ``last_error``) and push
the next poll back (exponential, with jitter); a rate limit sets
``rate_limited_until`` from the network's own ``retry_after``.

``schedule_polls`` (a periodic job, every second in the worker's clock)
enqueues ``poll_channel`` for each active channel with credentials whose
turn has come; one channel's failure never touches another's.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accalmie.inbox.ingest import ingest_rows

from .connectors.base import ConnectorError, RateLimited, get_connector
from .crashpoints import crashpoint
from .models import Channel, Network

log = logging.getLogger(__name__)

MAX_PAGES = 10  # pages read in one poll when the network says more are waiting
ERROR_BACKOFF_CAP_S = 3600
NOT_POLLED = (Network.WEBHOOK,)  # these push to us


def poll(channel_id: int) -> dict:
    """Fetches and stores what is new on one channel; returns what happened."""
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None or not channel.is_active or not channel.has_credentials:
        return {"skipped": "inactive or without credentials"}
    try:
        connector = get_connector(channel)
    except ValueError as exc:  # credentials that cannot be decrypted: say so on the channel
        record_error(channel, ConnectorError(str(exc)))
        return {"error": str(exc)}
    if getattr(connector, "kind", "") == "recording":
        return {"skipped": "simulated channel"}
    created = duplicates = rejected = pages = 0
    more = True
    while more and pages < MAX_PAGES:
        pages += 1
        start_cursor = channel.cursor
        try:
            result = connector.fetch(start_cursor)
        except ConnectorError as exc:
            record_error(channel, exc)
            return {"error": str(exc), "created": created}
        except Exception as exc:  # a connector bug: kept on the channel, retried with backoff
            log.exception("channel %s: fetch failed", channel.name)
            record_error(channel, ConnectorError(f"unexpected error: {type(exc).__name__}"))
            return {"error": type(exc).__name__, "created": created}
        crashpoint("after_fetch")
        with transaction.atomic():
            report = ingest_rows(
                channel,
                [(n, {**row, "raw": raw}) for n, (row, raw) in enumerate(result.items, start=1)],
            )
            crashpoint("before_cursor_commit")
            _advance(channel, start_cursor, result.cursor)
        created += report.created
        duplicates += report.duplicates
        rejected += len({e.row for e in report.errors})
        if report.errors:
            log.warning(
                "channel %s: %d item(s) refused by the schema: %s",
                channel.name,
                len(report.errors),
                "; ".join(f"{e.field}: {e.message}" for e in report.errors[:5]),
            )
        more = result.more and bool(result.items)
        channel.cursor = result.cursor
    return {"created": created, "duplicates": duplicates, "rejected": rejected, "pages": pages}


def _advance(channel: Channel, start_cursor: str, new_cursor: str) -> None:
    now = timezone.now()
    healthy = {
        "last_success_at": now,
        "consecutive_errors": 0,
        "rate_limited_until": None,
        "next_poll_at": now + timedelta(seconds=channel.poll_interval),
    }
    moved = Channel.objects.filter(pk=channel.pk, cursor=start_cursor).update(
        cursor=new_cursor, **healthy
    )
    if not moved:  # another poll advanced it meanwhile; its cursor stands
        Channel.objects.filter(pk=channel.pk).update(**healthy)


def record_error(channel: Channel, exc: ConnectorError) -> None:
    """Keeps the error on the channel (shown to admins) and pushes the next poll back."""
    now = timezone.now()
    errors = channel.consecutive_errors + 1
    delay = min(ERROR_BACKOFF_CAP_S, channel.poll_interval * 2 ** min(errors, 10))
    delay *= random.uniform(0.75, 1.25)
    fields = {
        "last_error_at": now,
        "last_error": str(exc)[:2000],
        "consecutive_errors": errors,
        "next_poll_at": now + timedelta(seconds=delay),
    }
    if isinstance(exc, RateLimited):
        until = now + timedelta(seconds=exc.retry_after)
        fields["rate_limited_until"] = until
        fields["next_poll_at"] = max(until, now + timedelta(seconds=channel.poll_interval))
    Channel.objects.filter(pk=channel.pk).update(**fields)
    log.warning("channel %s: %s", channel.name, exc)


def due_channels(now=None):
    now = now or timezone.now()
    return (
        Channel.objects.filter(is_active=True)
        .exclude(credentials_encrypted="")
        .exclude(kind__in=NOT_POLLED)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .filter(Q(rate_limited_until__isnull=True) | Q(rate_limited_until__lte=now))
    )


def schedule_polls(now=None) -> int:
    """Enqueues a poll of every channel whose turn has come (the periodic job)."""
    from .tasks import poll_channel

    now = now or timezone.now()
    count = 0
    for channel in due_channels(now).only("pk", "poll_interval"):
        # The next turn is set now (a lease): a slow poll is not enqueued twice.
        lease = now + timedelta(seconds=max(1, channel.poll_interval))
        if Channel.objects.filter(pk=channel.pk).update(next_poll_at=lease):
            poll_channel.enqueue(channel.pk)
            count += 1
    return count


def store_stream_items(channel_id: int, seen: list[dict]) -> dict:
    """Stores posts read on a live feed (the connector's ``stream_items``); the cursor stays.

    ``stored`` counts the items now in the database (new or already there),
    so the caller knows whether the notifications still need asking.
    """
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None or not channel.is_active or not channel.has_credentials:
        return {"stored": 0}
    connector = get_connector(channel)
    if not hasattr(connector, "stream_items"):
        return {"stored": 0}
    try:
        items = connector.stream_items(seen)
    except ConnectorError as exc:
        log.info("channel %s: stream items not read: %s", channel.name, exc)
        return {"stored": 0}
    report = ingest_rows(
        channel, [(n, {**row, "raw": raw}) for n, (row, raw) in enumerate(items, start=1)]
    )
    return {"stored": report.created + report.duplicates, "created": report.created}
