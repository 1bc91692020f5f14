import json

from accalmie.evidence.models import EvidenceRecord
from accalmie.inbox.ingest import ingest_rows
from accalmie.testing.factories import payload


def ingest(channel, *payloads):
    return ingest_rows(channel, list(enumerate(payloads, start=1)))


def ingest_many(channel, n: int, prefix: str = "m"):
    return ingest(
        channel,
        *[
            payload(f"{prefix}{i}", text=f"message {i}", author={"handle": f"a{i % 3}"})
            for i in range(n)
        ],
    )


def data(record: EvidenceRecord) -> dict:
    return json.loads(record.canonical)["data"]
