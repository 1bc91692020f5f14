"""Shared by the network connector tests: recorded payloads and channels with credentials."""

import json
from pathlib import Path

from accalmie.channels.connectors.base import get_connector
from accalmie.inbox.ingest import ingest_rows
from accalmie.testing.factories import ChannelFactory

PAYLOADS = Path(__file__).parent / "payloads"


def load(network: str, name: str):
    return json.loads((PAYLOADS / network / name).read_text())


def channel_with(kind: str, credentials: dict, **fields):
    channel = ChannelFactory(kind=kind, **fields)
    channel.set_credentials(credentials)
    channel.save()
    return channel


def fetch_and_ingest(channel, cursor: str = ""):
    """What the fetch loop does: fetch, store the batch, only then keep the cursor."""
    connector = get_connector(channel)
    result = connector.fetch(cursor)
    report = ingest_rows(channel, [(i, row) for i, (row, _raw) in enumerate(result.items, 1)])
    assert not report.errors, report.errors
    return result, report
