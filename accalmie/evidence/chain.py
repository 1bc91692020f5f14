"""Appending to the evidence chain: canonical JSON, SHA-256, the previous hash.

The exact definition is in ``EvidenceRecord``'s docstring and in
docs/adr/0007-evidence-chain.md; this module and ``verify`` are its only
implementations, and both go through ``canonical_json`` and ``chain_hash``.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

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


class Appended(NamedTuple):
    seq: int
    hash: str
    kind: str
    subject_id: int


_COLUMNS = [
    "seq",
    "kind",
    "subject_type",
    "subject_id",
    "captured_at",
    "canonical",
    "prev_hash",
    "hash",
]


_ROWS_PER_INSERT = 100  # 800 parameters: under SQLite's oldest limit (999)


def _insert(rows: list[tuple]) -> None:
    """Plain inserts (COPY on PostgreSQL): a seq conflict fails loudly, never skipped.

    Not bulk_create: building model instances and preparing every value
    through the field machinery was half the cost of capture at ingest. On
    PostgreSQL, psycopg re-parses a long multi-row INSERT on every call; COPY
    sends the rows as data, about three times faster.
    """
    meta, quote = EvidenceRecord._meta, connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(meta.get_field(c).column) for c in _COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start : start + _ROWS_PER_INSERT]
            values = ", ".join([one] * len(chunk))
            sql = f"INSERT INTO {table} ({columns}) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [v for row in chunk for v in row])


def append(entries: list[Entry], *, captured_at: datetime | None = None) -> list[Appended]:
    """Appends the entries in order, inside the caller's transaction."""
    if not entries:
        return []
    if not connection.in_atomic_block:
        # Outside a transaction the head lock would be released at once.
        raise RuntimeError("evidence must be appended inside a transaction")
    head = lock_head()
    captured_at = captured_at or timezone.now()
    stamp = timestamp(captured_at)
    db_captured_at = EvidenceRecord._meta.get_field("captured_at").get_db_prep_save(
        captured_at, connection
    )
    seq, prev = head.seq, head.hash
    rows, appended = [], []
    for e in entries:
        seq += 1
        canonical = canonical_json(
            envelope(seq, e.kind, e.subject_type, e.subject_id, stamp, e.data)
        )
        digest = chain_hash(prev, canonical)
        rows.append(
            (
                seq,
                str(e.kind),
                e.subject_type,
                e.subject_id,
                db_captured_at,
                canonical,
                prev,
                digest,
            )
        )
        appended.append(Appended(seq, digest, str(e.kind), e.subject_id))
        prev = digest
    _insert(rows)
    ChainHead.objects.filter(pk=HEAD_PK).update(seq=seq, hash=prev)
    return appended
