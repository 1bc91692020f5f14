import secrets

from django.db import transaction

from accalmie.audit import record

from .models import Channel, hash_token


def create_channel(
    *, name: str, kind: str, display_name: str = "", handle: str = "", by=None
) -> tuple[Channel, str]:
    """Creates a channel and returns it with its webhook token (shown only now)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        channel = Channel(
            name=name,
            kind=kind,
            display_name=display_name,
            handle=handle,
            webhook_token_hash=hash_token(token),
        )
        channel.full_clean()
        channel.save()
        record(by, "channel.created", channel, data={"kind": kind, "name": name})
    return channel, token


def rotate_webhook_token(channel: Channel, *, by=None) -> str:
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        channel.webhook_token_hash = hash_token(token)
        channel.save(update_fields=["webhook_token_hash"])
        record(by, "channel.token_rotated", channel)
    return token
