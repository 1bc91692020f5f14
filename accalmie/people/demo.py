"""The demo's people: link proposals for the returning troll (journey 3), left for a person to confirm."""

from .detection import detect_backlog


def seed_people() -> int:
    # Ingest queued the same work for the worker; the demo wants it there at once.
    return len(detect_backlog())
