"""Snapshots of every message and profile as received, appended at ingest.

Called by ``inbox.enrich.record`` inside the ingest transaction, so a message
is never stored without its evidence, and evidence never names a message that
was rolled back. The rendered image is slower and comes later, from a task.
"""

import json

from django.db import transaction
from django.db.models import Max

from .chain import AUTHOR_TYPE, MESSAGE_TYPE, Appended, Entry, append, lock_head, timestamp
from .models import EvidenceRecord, Kind

RENDER_BATCH = 100
_QUERY_CHUNK = 500  # keeps IN (...) lists well under SQLite's variable limit


def profile_snapshot(author) -> dict:
    return {
        "network": author.network,
        "network_id": author.network_id,
        "handle": author.handle,
        "display_name": author.display_name,
        "bio": author.bio,
        "followers": author.followers,
        "following": author.following,
        "posts": author.posts,
        "account_created_at": timestamp(author.account_created_at),
        "verified": author.verified,
        "url": author.url,
    }


def message_snapshot(message, author: dict | None = None) -> dict:
    return {
        "channel": {"name": message.channel.name, "network": message.channel.kind},
        "network_id": message.network_id,
        "url": message.url,
        "text": message.text,
        "created_at": timestamp(message.created_at),
        "received_at": timestamp(message.received_at),
        "author": author if author is not None else profile_snapshot(message.author),
        "raw": message.raw,
    }


def last_profiles(author_ids: list[int]) -> dict[int, dict]:
    """Each author's latest profile snapshot in the chain, by author id."""
    found: dict[int, dict] = {}
    for start in range(0, len(author_ids), _QUERY_CHUNK):
        latest = (
            EvidenceRecord.objects.filter(
                kind=Kind.PROFILE,
                subject_type=AUTHOR_TYPE,
                subject_id__in=author_ids[start : start + _QUERY_CHUNK],
            )
            .values("subject_id")
            .annotate(last=Max("seq"))
            .values("last")
        )
        for subject_id, canonical in EvidenceRecord.objects.filter(seq__in=latest).values_list(
            "subject_id", "canonical"
        ):
            found[subject_id] = json.loads(canonical)["data"]
    return found


def capture_messages(rows) -> list[Appended]:
    """Appends a profile record per changed author, then a message record per message."""
    stored = [r for r in rows if r.pk]
    if not stored:
        return []
    # The chain is locked before the last profiles are read, so two
    # concurrent batches cannot both record the same profile change.
    lock_head()
    authors = {m.author.pk: m.author for m in stored}
    previous = last_profiles(list(authors))
    # One snapshot per author and batch: ingest gave every message of an
    # author the same (latest) profile object.
    snapshots = {author_id: profile_snapshot(a) for author_id, a in authors.items()}
    entries = [
        Entry(Kind.PROFILE, AUTHOR_TYPE, author_id, snapshot)
        for author_id, snapshot in snapshots.items()
        if previous.get(author_id) != snapshot
    ]
    entries += [
        Entry(Kind.MESSAGE, MESSAGE_TYPE, m.pk, message_snapshot(m, snapshots[m.author.pk]))
        for m in stored
    ]
    records = append(entries)

    from .tasks import render_evidence

    ids = [m.pk for m in stored]
    for start in range(0, len(ids), RENDER_BATCH):
        chunk = ids[start : start + RENDER_BATCH]
        transaction.on_commit(lambda chunk=chunk: render_evidence.enqueue(chunk))
    return records
