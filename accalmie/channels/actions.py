import secrets

from django.core.exceptions import PermissionDenied
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


# -- the admin pages: adding, re-keying and removing channels ---------------


def _require(user, perm: str) -> None:
    if user is None or not user.has_perm(perm):
        raise PermissionDenied(perm)


def add_channel_with_credentials(
    *, by, name: str, kind: str, credentials: dict, display_name: str = "", handle: str = ""
) -> tuple[Channel, str]:
    """Creates a channel and stores its credentials, encrypted, in one transaction.

    Returns the channel and its webhook token (shown once, for generic webhooks).
    """
    _require(by, "channels.add_channel")
    with transaction.atomic():
        channel, token = create_channel(
            name=name, kind=kind, display_name=display_name, handle=handle, by=by
        )
        if any(v not in ("", None) for v in credentials.values()):
            channel = connect_credentials(channel, credentials, by=by)
    return channel, token


def replace_credentials(channel: Channel, *, by, credentials: dict) -> Channel:
    """New credentials replace the old ones whole: nothing of the old is kept or shown."""
    _require(by, "channels.change_channel")
    return connect_credentials(channel, credentials, by=by)


def remove_channel(channel: Channel, *, by) -> Channel:
    """Deactivates a channel and wipes its credentials; its messages stay (they are evidence)."""
    _require(by, "channels.change_channel")
    with transaction.atomic():
        channel = Channel.objects.select_for_update().get(pk=channel.pk)
        channel.is_active = False
        channel.credentials_encrypted = ""
        channel.save(update_fields=["is_active", "credentials_encrypted"])
        record(by, "channel.removed", channel, data={"name": channel.name, "kind": channel.kind})
    return channel
