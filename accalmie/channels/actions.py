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


def connect_credentials(channel: Channel, credentials: dict, *, by=None) -> Channel:
    """Stores a channel's credentials (encrypted) and starts its fetch loop afresh.

    The audit row names the fields given, never their values; the cursor is
    kept when the account is the same (a new app password) so nothing is
    fetched twice or skipped.
    """
    credentials = {k: v for k, v in credentials.items() if v not in ("", None)}
    with transaction.atomic():
        channel = Channel.objects.select_for_update().get(pk=channel.pk)
        same_account = channel.has_credentials and _account_of(channel.get_credentials()) == (
            _account_of(credentials)
        )
        channel.set_credentials(credentials)
        fields = ["credentials_encrypted", "next_poll_at", "consecutive_errors"]
        channel.next_poll_at = None
        channel.consecutive_errors = 0
        if not same_account:
            channel.cursor = ""
            fields.append("cursor")
        channel.save(update_fields=fields)
        record(by, "channel.credentials_set", channel, data={"fields": sorted(credentials)})
    return channel


def _account_of(credentials: dict) -> tuple:
    return (credentials.get("service", ""), credentials.get("handle", ""))

