"""What people does after ingest (``inbox.signals.messages_stored``)."""

from django.db import transaction


def on_messages_stored(sender, messages, **kwargs) -> None:
    from .detection import worth_checking
    from .pileons import note_pileons
    from .tasks import suggest_links

    note_pileons(messages)
    ids = worth_checking(messages)
    if ids:
        transaction.on_commit(lambda: suggest_links.enqueue(ids))
