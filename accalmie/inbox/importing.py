"""Reading JSONL and CSV files into (row number, payload) pairs for ingest.

A row that cannot even be parsed (broken JSON, invalid UTF-8) becomes a
RowError with its line number; the file goes on.
"""

import csv
import io
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from .schema import RowError

AUTHOR_COLUMNS = (
    "handle",
    "network_id",
    "display_name",
    "bio",
    "followers",
    "following",
    "posts",
    "created_at",
    "verified",
    "url",
)


def iter_file(path: Path) -> Iterator[tuple[int, object]]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        yield from iter_jsonl(path)
    elif suffix == ".csv":
        yield from iter_csv(path)
    else:
        raise ValueError(f"{path.name}: unknown format (use .jsonl or .csv)")


def iter_jsonl(path: Path) -> Iterator[tuple[int, object]]:
    with path.open("rb") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield (
                    line_no,
                    RowError(
                        row=line_no, field="(row)", message=f"invalid UTF-8 at byte {exc.start}"
                    ),
                )
                continue
            try:
                yield line_no, json.loads(text)
            except json.JSONDecodeError as exc:
                yield (
                    line_no,
                    RowError(row=line_no, field="(row)", message=f"invalid JSON: {exc.msg}"),
                )


def iter_csv(path: Path) -> Iterator[tuple[int, object]]:
    # surrogateescape keeps invalid bytes visible so the row can be refused by name.
    with path.open("r", encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames:
            return
        for record in reader:
            line_no = reader.line_num
            bad = [k for k, v in record.items() if _has_surrogates(k) or _has_surrogates(v)]
            if bad:
                yield (
                    line_no,
                    RowError(
                        row=line_no,
                        field=str(bad[0]).encode("utf-8", "replace").decode(),
                        message="invalid UTF-8",
                    ),
                )
                continue
            if None in record:  # more cells than headers
                yield (
                    line_no,
                    RowError(row=line_no, field="(row)", message="more cells than columns"),
                )
                continue
            yield line_no, unflatten(record)


def _has_surrogates(value) -> bool:
    if value is None or not isinstance(value, str):
        return False
    return any(0xDC80 <= ord(c) <= 0xDCFF for c in value)


def unflatten(record: dict) -> dict:
    """CSV columns `author_handle` or `author.handle` become `{"author": {"handle": …}}`."""
    out: dict = {}
    author: dict = {}
    for key, value in record.items():
        if value is None or value == "":
            continue
        key = key.strip()
        for prefix in ("author.", "author_"):
            if key.startswith(prefix) and key[len(prefix) :] in AUTHOR_COLUMNS:
                author[key[len(prefix) :]] = value
                break
        else:
            out[key] = value
    if author:
        out["author"] = author
    return out


def batched(iterable, size: int):
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


def count_rows(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(buf.count(b"\n") for buf in iter(lambda: fh.read(1 << 20), b""))


def parse_text_payload(body: bytes) -> object:
    """A webhook body: one JSON object, a JSON array, or JSON lines."""
    text = body.decode("utf-8")
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            if not stripped.startswith("{"):
                raise
    return [json.loads(line) for line in io.StringIO(text) if line.strip()]
