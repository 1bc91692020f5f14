"""The connector interface: what Accalmie asks of a network, and nothing more.

Every network implements the same few verbs. What a network does not offer
is declared in ``capabilities()`` with the reason, so the interface can show
the action disabled and say why (the capability matrix) instead of failing.

Contract, shared by all implementations:

* ``fetch(cursor)`` returns items *after* the cursor as dicts in the
  normalised message schema (``accalmie.inbox.schema.MessageIn``, see
  docs/message-schema.md) plus the raw payload, and the new cursor. It never
  stores anything: the caller ingests the batch and only then saves the
  cursor, so a crash between the two re-fetches (and dedupe drops) the batch.
* Outbound verbs (``reply``, ``hide``, ``delete``, ``block``, ``mute``,
  ``report``) take an ``idempotency_key``. Where the network lets the client
  choose the record's id (Bluesky record keys) the key decides it, so a retry
  is recognised by the network itself; elsewhere the connector looks for an
  earlier success (``find_reply``) before sending again.
* Errors: ``TransientError`` (network down, 5xx) and ``RateLimited`` (with
  ``retry_after`` seconds) are retried with backoff by the outbox and the
  fetch loop; ``PermanentError`` (bad credentials, gone, refused) is shown
  to people; ``NotSupported`` is raised for a verb the network lacks.
* Network limits (text length, per-window quotas) are class attributes so
  the tone check and the editor can use them without a network call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

# Outbound verbs, in the order the interface shows them.
ACTIONS = ("reply", "hide", "delete", "block", "mute", "report")


class ConnectorError(Exception):
    """Base of every error a connector raises; the message is safe to show."""


class TransientError(ConnectorError):
    """Worth retrying later (timeouts, 5xx, connection refused)."""


class RateLimited(TransientError):
    def __init__(self, message: str = "", *, retry_after: float = 60.0):
        super().__init__(message or f"rate limited; retry after {retry_after:.0f} s")
        self.retry_after = retry_after


class PermanentError(ConnectorError):
    """Retrying will not help (bad credentials, deleted post, refused)."""


class NotSupported(PermanentError):
    """The network offers no such action (see ``capabilities()``)."""


@dataclass(frozen=True)
class Capability:
    """Whether a verb is offered; when not (or only partly), why, in words."""

    supported: bool
    reason: Any = ""  # a lazy translated string: shown as the disabled action's title


@dataclass
class FetchResult:
    # Each item: (row in the MessageIn schema, raw payload as received).
    items: list[tuple[dict, dict]]
    cursor: str
    more: bool = False  # another page is waiting: fetch again at once


@dataclass
class Profile:
    network_id: str
    handle: str
    display_name: str = ""
    bio: str = ""
    followers: int | None = None
    following: int | None = None
    posts: int | None = None
    created_at: datetime | None = None
    verified: bool = False
    url: str = ""
    raw: dict = field(default_factory=dict)


@dataclass
class ActionResult:
    """What the network answered to an outbound verb."""

    network_id: str = ""  # id of what was created (a reply), if anything
    url: str = ""
    already_done: bool = False  # the network recognised the idempotency key
    simulated: bool = False  # the recording connector: nothing reached a network
    raw: dict = field(default_factory=dict)


class Connector:
    """Base class: one subclass per network, registered with ``@register``."""

    kind: ClassVar[str] = ""
    # The longest reply the network accepts, in characters (graphemes on Bluesky).
    max_reply_length: ClassVar[int] = 5000
    # Documented request budget, for the health view: (requests, seconds).
    rate_limit: ClassVar[tuple[int, int] | None] = None
    # Credential fields the admin form asks for: name -> label.
    credential_fields: ClassVar[dict[str, Any]] = {}
    # Whether ``find_reply`` answers reliably (found, or surely not sent): the
    # outbox then re-sends a reply whose worker died mid-call; otherwise the
    # row is marked uncertain for a person to check on the network.
    can_find_replies: ClassVar[bool] = False
    # Verbs that change nothing when done twice (mute, a threadgate…): the
    # outbox may simply repeat them after a crash.
    repeatable_verbs: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, channel, credentials: dict | None = None):
        self.channel = channel
        self.credentials = credentials or {}

    # -- what the network offers -------------------------------------------
    @classmethod
    def capabilities(cls) -> dict[str, Capability]:
        """Every verb in ACTIONS mapped to a Capability."""
        return {verb: Capability(False, _("Not available on this network.")) for verb in ACTIONS}

    # -- reading -----------------------------------------------------------
    def fetch(self, cursor: str) -> FetchResult:
        raise NotSupported(_("This network cannot be read."))

    def fetch_profile(self, network_id_or_handle: str) -> Profile:
        raise NotSupported(_("Profiles cannot be read on this network."))

    # -- acting (each takes the message acted on and an idempotency key) ---
    def reply(self, message, text: str, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(_("Replying is not available on this network."))

    def find_reply(self, message, *, idempotency_key: str) -> ActionResult | None:
        """An earlier reply made with this key, if the network shows one."""
        return None

    def hide(self, message, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(_("Hiding is not available on this network."))

    def delete(self, message, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(_("Deleting is not available on this network."))

    def block(self, author, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(_("Blocking is not available on this network."))

    def mute(self, author, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(_("Muting is not available on this network."))

    def report(
        self, message, *, reason: str, category: str = "other", idempotency_key: str
    ) -> ActionResult:
        raise NotSupported(_("Reporting is not available on this network."))


_REGISTRY: dict[str, type[Connector]] = {}


def register(cls: type[Connector]) -> type[Connector]:
    _REGISTRY[cls.kind] = cls
    return cls


def connector_class(kind: str) -> type[Connector]:
    _load_all()
    return _REGISTRY.get(kind, Connector)


def get_connector(channel) -> Connector:
    """The connector for this channel, with its credentials decrypted.

    Credentials that say ``{"simulated": true}`` (the demo's channels, which
    have no real account) get the recording connector: it reaches no network
    and every result it returns says so. Nothing else ever selects it.
    """
    credentials = channel.get_credentials() if hasattr(channel, "get_credentials") else {}
    if credentials.get("simulated") is True:
        from .recording import RecordingConnector

        return RecordingConnector(channel, credentials)
    return connector_class(channel.kind)(channel, credentials)


def _load_all() -> None:
    # Importing the modules registers them; each is imported lazily so a
    # missing optional client never breaks the inbox.
    import importlib

    for name in ("bluesky", "mastodon", "x", "reddit", "youtube", "meta", "recording"):
        try:
            importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
