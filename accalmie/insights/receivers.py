"""Reacting to ingest: count negative messages per minute and raise spike alerts."""


def on_messages_stored(sender, messages, **kwargs) -> None:
    from . import spikes

    spikes.record(messages)
