"""What happens to a message between validation and the inbox.

Before storing: the language when the network did not say it. Triage
(category, scores, deadline) plugs in here too, so a message never shows in
the inbox unread.
"""

from accalmie.triage.ml import detect_language


def enrich(rows) -> None:
    for row in rows:
        if not row.language:
            row.language = detect_language(row.text)


def after_store(ids: list[int]) -> None:
    """Work queued after commit (nothing yet beyond what enrich did inline)."""
