"""Small helpers shared by the network connectors (Mastodon, X, Reddit, YouTube, Meta)."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from django.utils.translation import gettext as _

from .base import PermanentError

# Loggers of client libraries that write credentials at DEBUG (oauthlib prints
# the consumer key and the access token of every signed request).
CREDENTIAL_LOGGERS = ("oauthlib", "requests_oauthlib")


def quiet_credential_loggers() -> None:
    """Credentials are never logged, whatever level the deployment turns on."""
    import logging

    for name in CREDENTIAL_LOGGERS:
        logger = logging.getLogger(name)
        # Its own level, not the effective one: a root set to DEBUG later stays harmless.
        if logger.level < logging.INFO:  # NOTSET (0) included
            logger.setLevel(logging.INFO)


# A network that gives no usable reset time still deserves a pause.
DEFAULT_RETRY_AFTER = 60.0


def check_length(text: str, limit: int) -> None:
    """Refuses a reply the network would refuse, before any call is made."""
    if not text or not text.strip():
        raise PermanentError(_("The reply is empty."))
    if len(text) > limit:
        raise PermanentError(
            _("The reply is %(length)d characters long; this network accepts %(limit)d.")
            % {"length": len(text), "limit": limit}
        )


_BLOCK_END = re.compile(r"</p>\s*<p[^>]*>", re.I)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]*>")


def html_to_text(value: str | None) -> str:
    """Plain text of a network's HTML (Mastodon statuses and bios): never kept as HTML."""
    if not value:
        return ""
    value = _BLOCK_END.sub("\n\n", value)
    value = _BREAK.sub("\n", value)
    return html.unescape(_TAG.sub("", value)).strip()


def jsonable(value: Any) -> Any:
    """The payload as JSON can hold it (client libraries hand back datetimes)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def retry_after_from(headers, *, now: float | None = None) -> float:
    """Seconds to wait, read from the headers networks use on a 429.

    ``Retry-After`` (seconds or an HTTP date), else an epoch ``x-rate-limit-reset``
    (X) or ``X-RateLimit-Reset`` as an ISO date (Mastodon) or as seconds left
    (Reddit's ``x-ratelimit-reset``).
    """
    import time

    now = time.time() if now is None else now
    lower = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    value = lower.get("retry-after")
    if value:
        if value.strip().isdigit():
            return max(float(value), 1.0)
        try:
            return max(parsedate_to_datetime(value).timestamp() - now, 1.0)
        except (TypeError, ValueError):
            pass
    for name in ("x-rate-limit-reset", "x-ratelimit-reset"):
        value = lower.get(name)
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            try:
                stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                continue
            return max(stamp.timestamp() - now, 1.0)
        # An epoch is large; a count of seconds left is small (Reddit).
        return max(number - now if number > 1e9 else number, 1.0)
    return DEFAULT_RETRY_AFTER


def from_epoch(value) -> datetime | None:
    if value in (None, ""):
        return None
    return datetime.fromtimestamp(float(value), tz=UTC)


def epoch_iso(value) -> str | None:
    """An epoch as ISO 8601: schema rows are stored as JSON, so no datetimes in them."""
    moment = from_epoch(value)
    return moment.isoformat() if moment else None


def queued_text(idempotency_key: str) -> str | None:
    """The text queued under this key in the outbox, to recognise an earlier reply.

    Networks without idempotency keys (X, Reddit, YouTube, Meta) show the
    brand's recent replies; the one to the same message with the same text is
    the earlier attempt.
    """
    from accalmie.channels.models import OutboundAction

    row = OutboundAction.objects.filter(idempotency_key=idempotency_key).only("payload").first()
    return (row.payload or {}).get("text") if row else None


def same_text(a: str | None, b: str | None) -> bool:
    # Networks rewrite links and spacing and put the @mentions of a reply in
    # front (X, Mastodon): compare what a person wrote.
    def norm(s: str) -> str:
        s = re.sub(r"https?://\S+", "", s or "")
        s = re.sub(r"^(\s*@[\w.@-]+)+", "", s)
        return " ".join(s.split())

    return bool(a) and bool(b) and norm(a) == norm(b)
