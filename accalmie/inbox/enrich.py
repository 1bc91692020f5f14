"""What happens to a message between validation and the inbox.

Triage reads every message before it is stored (language, category, scores,
deadline), so a message never shows in the inbox unread; right after the
insert, in the same transaction, its assessment and evidence are kept and
routing rules run. Slower work (the accurate tier for bulk, rendered images)
is queued by those steps themselves, after commit.
"""

from accalmie.evidence.capture import capture_messages
from accalmie.triage import pipeline

from .signals import messages_stored


def enrich(rows) -> None:
    pipeline.assess(rows)


def record(rows) -> None:
    pipeline.record(rows)
    capture_messages(rows)
    if rows:
        messages_stored.send(sender=None, messages=rows)
