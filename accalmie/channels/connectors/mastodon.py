"""Mastodon, through Mastodon.py: mention notifications, reply, block, mute, report.

Polling reads ``/api/v1/notifications?types[]=mention`` after the cursor
(``min_id``, the last notification id stored). With a ``stream_url`` in the
credentials, ``stream`` follows the user stream (``stream_user``) for the
worker's streaming supervisor (``channels.streaming``): a mention rings with
the notification, which is stored at once (``stream_items``); the cursor stays
with the notifications poll, so a missed event is caught by the next poll and
dedupe keeps what both saw single.

Replies carry Mastodon's native ``Idempotency-Key`` header: a retry within the
server's window (an hour on stock Mastodon) returns the first status instead
of posting a second one.
"""

from __future__ import annotations

import time

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .base import (
    ActionResult,
    Capability,
    Connector,
    FetchResult,
    NotSupported,
    PermanentError,
    Profile,
    RateLimited,
    TransientError,
    register,
)
from .common import (
    DEFAULT_RETRY_AFTER,
    check_length,
    html_to_text,
    jsonable,
    queued_text,
    same_text,
)

PAGE = 40  # the most notifications Mastodon returns per request
REPORT_CATEGORIES = ("spam", "legal", "violation", "other")


def _id_key(value: str) -> tuple[int, str]:
    # Mastodon ids are numeric strings (snowflakes): compare by length, then text.
    return (len(value), value)


def _author(account: dict) -> dict:
    return {
        "handle": account.get("acct") or account.get("username") or str(account.get("id")),
        "network_id": str(account.get("id")),
        "display_name": account.get("display_name") or "",
        "bio": html_to_text(account.get("note")),
        "followers": account.get("followers_count"),
        "following": account.get("following_count"),
        "posts": account.get("statuses_count"),
        "created_at": account.get("created_at"),
        "url": account.get("url") or "",
    }


def status_row(status: dict) -> dict:
    """A Mastodon Status entity in the message schema."""
    reply_to = status.get("in_reply_to_id")
    return {
        "network_id": str(status["id"]),
        "text": html_to_text(status.get("content")),
        "created_at": status.get("created_at"),
        "url": status.get("url") or status.get("uri") or "",
        "kind": "reply" if reply_to else "mention",
        "in_reply_to": str(reply_to) if reply_to else None,
        "lang": status.get("language") or None,
        "author": _author(status.get("account") or {}),
    }


@register
class MastodonConnector(Connector):
    kind = "mastodon"
    # Stock Mastodon's limit; an instance may raise it (read from /api/v2/instance).
    max_reply_length = 500
    # 300 requests per 5 minutes per account (Mastodon's documented default).
    rate_limit = (300, 300)
    credential_fields = {
        "api_base_url": _("Server address (https://…)"),
        "access_token": _(
            "Access token (read, write:statuses, write:blocks, write:mutes, write:reports)"
        ),
        "stream_url": _("Streaming address (optional; real time, e.g. wss://streaming.example)"),
    }
    optional_credentials = ("stream_url",)
    # The thread shows every reply of the brand's own server: a miss is a real miss.
    can_find_replies = True
    repeatable_verbs = frozenset({"block", "mute"})

    @classmethod
    def capabilities(cls):
        return {
            "reply": Capability(True),
            "hide": Capability(
                False,
                _(
                    "Mastodon cannot hide someone else's reply; report it to the server's moderators instead."
                ),
            ),
            "delete": Capability(
                False, _("Only the brand's own posts can be deleted on Mastodon.")
            ),
            "block": Capability(True),
            "mute": Capability(True),
            "report": Capability(
                True,
                _(
                    "Sent to the author's server moderators, with a category (spam, legal, rule violation, other)."
                ),
            ),
        }

    # -- client ------------------------------------------------------------
    def client(self):
        if getattr(self, "_client", None) is None:
            from mastodon import Mastodon

            base = self.credentials.get("api_base_url", "")
            token = self.credentials.get("access_token", "")
            if not base or not token:
                raise PermanentError(gettext("The channel has no server address or access token."))
            # "throw": the outbox and the fetch loop schedule the retry, never a sleep here.
            self._client = Mastodon(
                access_token=token,
                api_base_url=base,
                ratelimit_method="throw",
                version_check_mode="none",
                request_timeout=20,
            )
        return self._client

    def _call(self, fn, *args, **kwargs):
        from mastodon import errors

        try:
            return fn(*args, **kwargs)
        except errors.MastodonRatelimitError as exc:
            reset = getattr(self._client, "ratelimit_reset", None)
            wait = reset - time.time() if reset else DEFAULT_RETRY_AFTER
            raise RateLimited(str(exc), retry_after=max(wait, 1.0)) from exc
        except errors.MastodonUnauthorizedError as exc:
            raise PermanentError(gettext("Mastodon refused the access token (401).")) from exc
        except errors.MastodonServerError as exc:
            raise TransientError(f"Mastodon server error: {exc.args[1:3]}") from exc
        except errors.MastodonNetworkError as exc:
            raise TransientError(f"Mastodon unreachable: {exc}") from exc
        except errors.MastodonNotFoundError as exc:
            raise PermanentError(gettext("Not found on Mastodon (deleted?).")) from exc
        except errors.MastodonAPIError as exc:
            detail = exc.args[3] if len(exc.args) > 3 else exc
            raise PermanentError(f"Mastodon: {detail}") from exc

    # -- reading -----------------------------------------------------------
    def stream(self, on_activity, stop) -> None:
        """Blocks until ``stop`` is set or the stream ends, ringing on each new mention."""
        from mastodon import StreamListener

        class Doorbell(StreamListener):
            def on_notification(self, notification):
                if notification.get("type") == "mention":
                    # The event carries the whole status: stored at once (stream_items).
                    on_activity([jsonable(notification)])

        client = self.client()
        url = self.credentials.get("stream_url", "")
        if url.startswith(("ws://", "wss://", "http://", "https://")):
            # Mastodon.py would ask the instance; the admin's address saves the call
            # and covers servers that announce a websocket-only address.
            scheme = {"ws": "http", "wss": "https"}.get(url.split(":", 1)[0], url.split(":", 1)[0])
            client._Mastodon__streaming_base = scheme + ":" + url.split(":", 1)[1].rstrip("/")
        handle = self._call(client.stream_user, Doorbell(), run_async=True, reconnect_async=False)
        try:
            while not stop.wait(0.5):
                if not handle.is_alive():
                    return  # the supervisor starts a new stream
        finally:
            handle.close()

    def stream_items(self, seen: list[dict]) -> list[tuple[dict, dict]]:
        """Mentions read on the stream, as fetch would return them (no request needed)."""
        return [
            (status_row(n["status"]), n)
            for n in seen
            if n.get("type") == "mention" and n.get("status")
        ]

    def fetch(self, cursor: str) -> FetchResult:
        notes = self._call(
            self.client().notifications, types=["mention"], min_id=cursor or None, limit=PAGE
        )
        notes = sorted((jsonable(n) for n in notes), key=lambda n: _id_key(str(n["id"])))
        items = [(status_row(n["status"]), n) for n in notes if n.get("status")]
        new_cursor = str(notes[-1]["id"]) if notes else cursor
        return FetchResult(items=items, cursor=new_cursor, more=len(notes) >= PAGE)

    def fetch_profile(self, network_id_or_handle: str) -> Profile:
        value = network_id_or_handle.lstrip("@")
        client = self.client()
        if value.isdigit():
            account = self._call(client.account, value)
        else:
            account = self._call(client.account_lookup, value)
        account = jsonable(account)
        row = _author(account)
        return Profile(
            network_id=row["network_id"],
            handle=row["handle"],
            display_name=row["display_name"],
            bio=row["bio"],
            followers=row["followers"],
            following=row["following"],
            posts=row["posts"],
            created_at=account.get("created_at"),
            url=row["url"],
            raw=account,
        )

    # -- acting ------------------------------------------------------------
    def reply(self, message, text: str, *, idempotency_key: str) -> ActionResult:
        handle = message.author.handle.lstrip("@")
        # Mastodon only notifies the people a status mentions.
        if f"@{handle}".lower() not in text.lower():
            text = f"@{handle} {text}"
        check_length(text, self.max_reply_length)
        raw = message.raw or {}
        original = (raw.get("raw") or raw).get("status") or {}
        visibility = "direct" if original.get("visibility") == "direct" else None
        status = self._call(
            self.client().status_post,
            text,
            in_reply_to_id=message.network_id,
            idempotency_key=idempotency_key,
            visibility=visibility,
        )
        status = jsonable(status)
        return ActionResult(network_id=str(status["id"]), url=status.get("url") or "", raw=status)

    def find_reply(self, message, *, idempotency_key: str) -> ActionResult | None:
        """The brand's reply to this status with the text queued under the key, if posted.

        The Idempotency-Key already makes a re-send within the server's window
        (an hour) return the first status; this covers a retry after that.
        """
        text = queued_text(idempotency_key)
        if not text:
            return None
        client = self.client()
        me = str(self._call(client.account_verify_credentials)["id"])
        context = jsonable(self._call(client.status_context, message.network_id))
        for status in context.get("descendants") or []:
            if (
                str(status.get("in_reply_to_id")) == str(message.network_id)
                and str((status.get("account") or {}).get("id")) == me
                and same_text(html_to_text(status.get("content")), text)
            ):
                return ActionResult(
                    network_id=str(status["id"]),
                    url=status.get("url") or "",
                    already_done=True,
                    raw=status,
                )
        return None

    def block(self, author, *, idempotency_key: str) -> ActionResult:
        rel = jsonable(self._call(self.client().account_block, author.network_id))
        return ActionResult(network_id=str(author.network_id), raw=rel)

    def mute(self, author, *, idempotency_key: str) -> ActionResult:
        rel = jsonable(self._call(self.client().account_mute, author.network_id))
        return ActionResult(network_id=str(author.network_id), raw=rel)

    def report(self, message, *, reason: str, category: str = "other", idempotency_key: str):
        # Mastodon's own categories; anything else (threat, abuse…) goes as "other",
        # with the reason in the comment the moderators read.
        if category not in REPORT_CATEGORIES:
            category = "other"
        report = self._call(
            self.client().report,
            message.author.network_id,
            status_ids=[message.network_id],
            comment=reason[:1000],
            forward=True,
            category=category,
        )
        report = jsonable(report)
        return ActionResult(network_id=str(report.get("id", "")), raw=report)

    def hide(self, message, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(self.capabilities()["hide"].reason)

    def delete(self, message, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(self.capabilities()["delete"].reason)
