"""Storing received messages: validated, deduplicated, threaded, in batches.

The one path every message takes into the database (import, webhook,
connectors). A batch is one transaction: when it returns, every accepted
message is stored, so a caller may acknowledge only after it returns.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accalmie.channels.models import Channel
from accalmie.core.bulk import insert_ignore
from accalmie.people.models import Author

from .models import Message
from .schema import MessageIn, RowError, clean_raw, validate_row

AUTHOR_PROFILE_FIELDS = [
    "handle",
    "display_name",
    "bio",
    "followers",
    "following",
    "posts",
    "account_created_at",
    "verified",
    "url",
]


@dataclass
class IngestReport:
    received: int = 0
    created: int = 0
    duplicates: int = 0
    errors: list[RowError] = field(default_factory=list)

    def merge(self, other: "IngestReport") -> None:
        self.received += other.received
        self.created += other.created
        self.duplicates += other.duplicates
        self.errors.extend(other.errors)

    def as_dict(self) -> dict:
        return {
            "received": self.received,
            "created": self.created,
            "duplicates": self.duplicates,
            "rejected": len({e.row for e in self.errors}),
            "errors": [e.model_dump() for e in self.errors],
        }


def ingest_rows(channel: Channel, rows: Iterable[tuple[int, object]]) -> IngestReport:
    """Validates and stores one batch of (row number, payload) pairs."""
    report = IngestReport()
    valid: list[tuple[MessageIn, dict]] = []
    for row_no, payload in rows:
        report.received += 1
        if isinstance(payload, RowError):
            report.errors.append(payload)
            continue
        result = validate_row(row_no, payload)
        if isinstance(result, list):
            report.errors.extend(result)
        else:
            valid.append((result, payload))
    if valid:
        report.merge(_store(channel, valid))
    return report


def _store(channel: Channel, items: list[tuple[MessageIn, dict]]) -> IngestReport:
    report = IngestReport()
    now = timezone.now()
    with transaction.atomic():
        # The same message twice in one batch, or already stored: kept once.
        by_id: dict[str, tuple[MessageIn, dict]] = {}
        for msg, raw in items:
            by_id.setdefault(msg.network_id, (msg, raw))
        report.duplicates += len(items) - len(by_id)
        existing = set(
            Message.objects.filter(channel=channel, network_id__in=list(by_id)).values_list(
                "network_id", flat=True
            )
        )
        report.duplicates += len(existing)
        fresh = [v for k, v in by_id.items() if k not in existing]
        if not fresh:
            return report

        authors = _upsert_authors(channel.kind, [m.author for m, _ in fresh], now)
        threads = _thread_keys(channel, [m for m, _ in fresh])
        rows = [
            Message(
                channel=channel,
                network_id=msg.network_id,
                author=authors[msg.author.network_id or msg.author.handle],
                kind=msg.kind,
                text=msg.text,
                language=msg.lang or "",
                url=msg.url,
                in_reply_to=msg.in_reply_to or "",
                thread_key=threads[msg.network_id],
                raw=clean_raw(raw),
                created_at=msg.created_at,
                received_at=now,
            )
            for msg, raw in fresh
        ]
        _prepare(rows)
        # ignore_conflicts: a concurrent writer may have stored the same
        # message since we looked; the unique constraint keeps it single.
        insert_ignore(Message, rows)
        stored = dict(
            Message.objects.filter(
                channel=channel, network_id__in=[r.network_id for r in rows], received_at=now
            ).values_list("network_id", "id")
        )
        report.created = len(stored)
        report.duplicates += len(rows) - len(stored)
        for row in rows:
            row.pk = stored.get(row.network_id)
        _record(rows)
    return report


def _prepare(rows: list[Message]) -> None:
    """Hook for what must be known before a message shows in the inbox (triage)."""
    from accalmie.inbox.enrich import enrich

    enrich(rows)


def _record(rows: list[Message]) -> None:
    """What is kept beside the stored rows, in the same transaction (assessments, routing)."""
    from accalmie.inbox.enrich import record

    record([r for r in rows if r.pk])


def _upsert_authors(network: str, incoming, now) -> dict[str, Author]:
    latest: dict[str, object] = {}
    for a in incoming:  # the last profile seen in the batch wins
        latest[a.network_id or a.handle] = a
    found = {
        a.network_id: a for a in Author.objects.filter(network=network, network_id__in=list(latest))
    }
    missing = [
        Author(network=network, network_id=key, first_seen_at=now, last_seen_at=now, **_profile(a))
        for key, a in latest.items()
        if key not in found
    ]
    if missing:
        Author.objects.bulk_create(missing, batch_size=500, ignore_conflicts=True)
        found.update(
            {
                a.network_id: a
                for a in Author.objects.filter(
                    network=network, network_id__in=[m.network_id for m in missing]
                )
            }
        )
    changed = []
    for key, a in latest.items():
        author = found[key]
        profile = _profile(a)
        if any(getattr(author, f) != v for f, v in profile.items() if v not in (None, "")):
            for f, v in profile.items():
                if v not in (None, ""):
                    setattr(author, f, v)
            author.last_seen_at = now
            changed.append(author)
    if changed:
        Author.objects.bulk_update(
            changed, [*AUTHOR_PROFILE_FIELDS, "last_seen_at"], batch_size=500
        )
    return found


def _profile(a) -> dict:
    return {
        "handle": a.handle,
        "display_name": a.display_name,
        "bio": a.bio,
        "followers": a.followers,
        "following": a.following,
        "posts": a.posts,
        "account_created_at": a.created_at,
        "verified": a.verified,
        "url": a.url,
    }


def _thread_keys(channel: Channel, messages: list[MessageIn]) -> dict[str, str]:
    """A reply joins its parent's thread, wherever the parent was seen."""
    parents = {m.in_reply_to for m in messages if m.in_reply_to and not m.thread_id}
    known = (
        dict(
            Message.objects.filter(channel=channel, network_id__in=list(parents)).values_list(
                "network_id", "thread_key"
            )
        )
        if parents
        else {}
    )
    keys: dict[str, str] = {}
    for m in sorted(messages, key=lambda m: m.created_at):
        if m.thread_id:
            keys[m.network_id] = m.thread_id
        elif m.in_reply_to:
            keys[m.network_id] = (
                keys.get(m.in_reply_to) or known.get(m.in_reply_to) or m.in_reply_to
            )
        else:
            keys[m.network_id] = m.network_id
    return keys
