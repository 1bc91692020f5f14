"""Signals other areas listen to, so the inbox does not import them.

``messages_stored`` is sent inside the ingest transaction, after triage,
routing and evidence, with the freshly stored rows (``messages``: a list of
Message with author and channel set). Receivers do cheap, set-based work
there (reopen a monitored case, note a pile-on, count for spike alerts) and
queue anything slow with ``transaction.on_commit``. A receiver that raises
rolls the batch back: nothing is stored half-way.
"""

from django.dispatch import Signal

messages_stored = Signal()
