"""Walks the evidence chain and names the first record that was altered.

Per record, in seq order: the seq follows the previous one (a gap is a
removed record), ``prev_hash`` is the previous record's hash (a broken link is
a removed, inserted or reordered record), ``hash`` is SHA-256 of prev_hash +
canonical (a changed canonical or hash), and the columns agree with the
canonical envelope (a record moved to another seq or subject). The chain must
reach the head row's seq and hash (records cut off the end). A rendering's
PNG is hashed when its file is there; a missing file is reported apart, as a
database copied without its images is still an intact chain.
"""

import hashlib
import json
from dataclasses import dataclass, field

from .chain import HEAD_PK, chain_hash, timestamp
from .models import GENESIS_HASH, ChainHead, EvidenceRecord, Kind
from .tasks import image_path


@dataclass
class Result:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    reason: str = ""
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    missing_images: list[int] = field(default_factory=list)


class _Bad(Exception):
    def __init__(self, seq: int, reason: str):
        super().__init__(reason)
        self.seq, self.reason = seq, reason


def _file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_envelope(row, env) -> None:
    seq, kind, subject_type, subject_id, captured_at = row[:5]
    expected = {
        "seq": seq,
        "kind": kind,
        "subject": {"type": subject_type, "id": subject_id},
        "captured_at": timestamp(captured_at),
    }
    for key, value in expected.items():
        if env.get(key) != value:
            raise _Bad(seq, f"record {seq}: column {key!r} does not match its canonical JSON")


def _check_image(seq: int, data: dict, missing: list[int]) -> None:
    digest = (data.get("image") or {}).get("sha256", "")
    path = image_path(digest)
    if not path.is_file():
        missing.append(seq)
    elif _file_sha256(path) != digest:
        raise _Bad(seq, f"record {seq}: image {path.name} does not match its SHA-256")


def verify_chain() -> Result:
    # The head is read first: records appended while we walk lie beyond it and
    # are checked like the others; records missing before it are an alteration.
    stored_head = ChainHead.objects.filter(pk=HEAD_PK).first()
    head = stored_head or ChainHead(seq=0)
    result = Result(ok=True, checked=0, head_seq=head.seq, head_hash=head.hash)
    rows = (
        EvidenceRecord.objects.order_by("seq")
        .values_list(
            "seq", "kind", "subject_type", "subject_id", "captured_at", "canonical",
            "prev_hash", "hash",
        )
        .iterator(chunk_size=2000)
    )  # fmt: skip
    prev_hash, expected_seq = GENESIS_HASH, 1
    try:
        for row in rows:
            seq, kind, canonical, stored_prev, stored_hash = row[0], row[1], *row[5:]
            if seq != expected_seq:
                raise _Bad(expected_seq, f"record {expected_seq} is missing (next is {seq})")
            if stored_prev != prev_hash:
                raise _Bad(seq, f"record {seq}: previous hash does not match record {seq - 1}")
            if chain_hash(stored_prev, canonical) != stored_hash:
                raise _Bad(seq, f"record {seq}: hash does not match its content")
            try:
                env = json.loads(canonical)
            except ValueError:
                raise _Bad(seq, f"record {seq}: canonical JSON does not parse") from None
            _check_envelope(row, env)
            if seq == head.seq and stored_hash != head.hash:
                raise _Bad(seq, f"record {seq}: hash differs from the chain head's")
            if kind == Kind.RENDERING:
                _check_image(seq, env.get("data") or {}, result.missing_images)
            prev_hash, expected_seq = stored_hash, seq + 1
            result.checked += 1
        if expected_seq <= head.seq:
            raise _Bad(expected_seq, f"records {expected_seq}–{head.seq} are missing")
        if stored_head is None and result.checked:
            raise _Bad(expected_seq - 1, "the chain head row is missing: the end is unchecked")
    except _Bad as bad:
        result.ok, result.first_bad_seq, result.reason = False, bad.seq, bad.reason
    return result
