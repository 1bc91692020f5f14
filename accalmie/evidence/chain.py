"""Appending to the evidence chain: canonical JSON, SHA-256, the previous hash.

The exact definition is in ``EvidenceRecord``'s docstring and in
docs/adr/0007-evidence-chain.md; this module and ``verify`` are its only
implementations, and both go through ``canonical_json`` and ``chain_hash``.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils import timezone

from .models import ChainHead, EvidenceRecord

FORMAT_VERSION = 1
HEAD_PK = 1
MESSAGE_TYPE = "inbox.message"
AUTHOR_TYPE = "people.author"


@dataclass(frozen=True)
class Entry:
    """What a caller wants appended; seq, time and hashes are the chain's to give."""

    kind: str
    subject_type: str
    subject_id: int
    data: dict


def timestamp(value: datetime | None) -> str | None:
    """Times in the chain: UTC with microseconds, one spelling only."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def chain_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def envelope(seq: int, kind: str, subject_type: str, subject_id: int, captured_at: str, data):
    return {
        "v": FORMAT_VERSION,
        "seq": seq,
        "kind": str(kind),
        "subject": {"type": subject_type, "id": subject_id},
        "captured_at": captured_at,
        "data": data,
    }


def lock_head() -> ChainHead:
    """The head row, locked until the transaction ends.

    On PostgreSQL this is what serialises writers; on SQLite the lock is a
    no-op and the IMMEDIATE transaction already holds the database's write lock.
    """
    head, _ = ChainHead.objects.select_for_update().get_or_create(pk=HEAD_PK)
    return head


def append(entries: list[Entry], *, captured_at: datetime | None = None) -> list[EvidenceRecord]:
    """Appends the entries in order, inside the caller's transaction."""
    if not entries:
        return []
    if not connection.in_atomic_block:
        # Outside a transaction the head lock would be released at once.
        raise RuntimeError("evidence must be appended inside a transaction")
    head = lock_head()
    captured_at = captured_at or timezone.now()
    stamp = timestamp(captured_at)
    seq, prev = head.seq, head.hash
    records = []
    for e in entries:
        seq += 1
        canonical = canonical_json(
            envelope(seq, e.kind, e.subject_type, e.subject_id, stamp, e.data)
        )
        digest = chain_hash(prev, canonical)
        records.append(
            EvidenceRecord(
                seq=seq,
                kind=e.kind,
                subject_type=e.subject_type,
                subject_id=e.subject_id,
                captured_at=captured_at,
                canonical=canonical,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    # A plain INSERT: a seq conflict must fail loudly, never be skipped.
    EvidenceRecord.objects.bulk_create(records, batch_size=500)
    ChainHead.objects.filter(pk=HEAD_PK).update(seq=seq, hash=prev)
    return records
