"""Facebook Page and Instagram comments, through Meta's Graph API over httpx.

Real time comes from Meta's webhooks (``accalmie.channels.webhooks_meta``);
``fetch`` polls as the fallback (and to catch up after downtime): the Page's
latest 25 posts and their comments, or the Instagram account's latest 25
media and their comments, newer than the cursor. The cursor is the epoch second of the
newest comment stored.

Facebook: reply, hide/unhide, delete, ban the person from the Page. Instagram:
reply, hide/unhide, delete; no block, no report. Neither has mute or report
through the API. The Page token goes in the Authorization header (never in a
URL, where an HTTP log line would keep it) with ``appsecret_proof``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime

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
from .common import check_length, epoch_iso, queued_text, retry_after_from, same_text

GRAPH = "https://graph.facebook.com/v23.0"
RATE_LIMIT_CODES = {4, 17, 32, 613} | set(range(80001, 80015))
TRANSIENT_CODES = {1, 2}
DEFAULT_META_WAIT = 300.0


class WebhookPayloadError(ValueError):
    """A webhook body that is JSON but not what Meta sends; the message says why."""


def graph_time(value: str | None) -> datetime | None:
    # Graph writes "2026-11-20T09:15:02+0000".
    if not value:
        return None
    if len(value) > 5 and value[-5] in "+-" and value[-3] != ":":
        value = f"{value[:-2]}:{value[-2:]}"
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _iso(value: str | None) -> str | None:
    moment = graph_time(value)
    return moment.isoformat() if moment else None


def webhook_time(value, fallback=None) -> str | None:
    """A webhook's epoch seconds as ISO 8601; anything else is a malformed delivery."""
    if value in (None, ""):
        value = fallback
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise WebhookPayloadError("created_time must be epoch seconds")
    try:
        return epoch_iso(value)
    except (ValueError, OverflowError, OSError) as exc:
        raise WebhookPayloadError("created_time must be epoch seconds") from exc


def _usage_wait(headers) -> float | None:
    """Minutes Meta says to wait, from X-Business-Use-Case-Usage, in seconds."""
    raw = headers.get("x-business-use-case-usage")
    if not raw:
        return None
    try:
        usage = json.loads(raw)
        waits = [
            entry.get("estimated_time_to_regain_access") or 0
            for entries in usage.values()
            for entry in entries
        ]
    except (ValueError, AttributeError, TypeError):
        return None
    return max(waits) * 60.0 if waits and max(waits) else None


class MetaConnector(Connector):
    """What the Facebook Page and Instagram connectors share: the Graph client and errors."""

    id_field = ""
    token_field = "page_access_token"  # noqa: S105 - the name of a field, not a secret

    def __init__(self, channel, credentials=None):
        super().__init__(channel, credentials)
        self.http = None  # an httpx.Client, made on first use

    @property
    def owner_id(self) -> str:
        return str(self.credentials.get(self.id_field, ""))

    def _client(self):
        import httpx

        if self.http is None:
            self.http = httpx.Client(base_url=GRAPH, timeout=20.0)
        return self.http

    def _request(self, method: str, path: str, *, params=None, data=None) -> dict:
        import httpx

        token = self.credentials.get(self.token_field, "")
        if not token or not self.owner_id:
            raise PermanentError(gettext("The channel's Meta credentials are incomplete."))
        params = dict(params or {})
        secret = self.credentials.get("app_secret", "")
        if secret:
            params["appsecret_proof"] = hmac.new(
                secret.encode(), token.encode(), hashlib.sha256
            ).hexdigest()
        try:
            response = self._client().request(
                method, path, params=params, data=data, headers={"Authorization": f"Bearer {token}"}
            )
        except httpx.TransportError as exc:
            raise TransientError(f"Meta unreachable: {exc.__class__.__name__}") from exc
        try:
            body = response.json()
        except ValueError:
            body = {}
        error = body.get("error") if isinstance(body, dict) else None
        if response.status_code < 400 and not error:
            return body if isinstance(body, dict) else {"data": body}
        raise self._error(response, error or {})

    @staticmethod
    def _error(response, error: dict) -> Exception:
        code = error.get("code")
        message = error.get("message") or response.reason_phrase
        if response.status_code == 429 or code in RATE_LIMIT_CODES:
            wait = _usage_wait(response.headers)
            if wait is None:
                retry = retry_after_from(response.headers)
                wait = retry if "retry-after" in response.headers else DEFAULT_META_WAIT
            return RateLimited(f"Meta rate limit (code {code})", retry_after=wait)
        if response.status_code >= 500 or code in TRANSIENT_CODES or error.get("is_transient"):
            return TransientError(f"Meta server error {response.status_code}")
        if response.status_code == 401 or code == 190:
            return PermanentError(gettext("Meta refused the access token."))
        return PermanentError(f"Meta {response.status_code}: {message}")

    def _comments_since(self, path: str, params: dict, since: int) -> list[dict]:
        answer = self._request("GET", path, params=params)
        return [c for c in answer.get("data") or [] if self._epoch(c) > since]

    def delete(self, message, *, idempotency_key: str) -> ActionResult:
        answer = self._request("DELETE", f"/{message.network_id}")
        return ActionResult(network_id=message.network_id, raw=answer)

    def mute(self, author, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(self.capabilities()["mute"].reason)

    def report(self, message, *, reason: str, category: str = "other", idempotency_key: str):
        raise NotSupported(self.capabilities()["report"].reason)

    def fetch_profile(self, network_id_or_handle: str) -> Profile:
        # Graph shows little of a person to a Page: a name, sometimes a link.
        answer = self._request("GET", f"/{network_id_or_handle}", params={"fields": "id,name"})
        return Profile(
            network_id=str(answer.get("id", network_id_or_handle)),
            handle=answer.get("name") or network_id_or_handle,
            display_name=answer.get("name") or "",
            raw=answer,
        )


@register
class FacebookConnector(MetaConnector):
    kind = "facebook"
    max_reply_length = 8000
    # Page tokens: 4,800 calls × engaged users per 24 h (Business Use Case limit).
    rate_limit = (4800, 86_400)
    id_field = "page_id"
    credential_fields = {
        "page_id": _("Page id"),
        "page_access_token": _(
            "Page access token (pages_read_engagement, pages_manage_engagement)"
        ),
        "app_secret": _("App secret (checks webhook signatures)"),
        "verify_token": _("Webhook verify token (you choose it)"),
    }
    repeatable_verbs = frozenset({"hide", "delete", "block"})

    @classmethod
    def capabilities(cls):
        return {
            "reply": Capability(True),
            "hide": Capability(
                True, _("Hidden from everyone except its author and their friends.")
            ),
            "delete": Capability(True),
            "block": Capability(True, _("Banned from the Page: can no longer comment or like.")),
            "mute": Capability(
                False, _("Facebook Pages have no mute; hide the comments or ban the person.")
            ),
            "report": Capability(False, _("Facebook offers no reporting through the API.")),
        }

    @staticmethod
    def _epoch(comment: dict) -> int:
        moment = graph_time(comment.get("created_time"))
        return int(moment.timestamp()) if moment else 0

    def row(self, comment: dict, post_id: str) -> dict:
        person = comment.get("from") or {}
        parent = (comment.get("parent") or {}).get("id")
        return {
            "network_id": comment["id"],
            "text": comment.get("message", ""),
            "created_at": _iso(comment.get("created_time")),
            "url": comment.get("permalink_url") or "",
            "kind": "reply" if parent else "comment",
            "in_reply_to": parent,
            "thread_id": post_id,
            "author": {
                "handle": person.get("name") or person.get("id") or "facebook-user",
                "network_id": person.get("id"),
                "display_name": person.get("name") or "",
            },
        }

    def fetch(self, cursor: str) -> FetchResult:
        since = int(cursor or 0)
        # The latest 25 posts, whatever the cursor: a feed "since" filters on when a
        # post was made, and a comment on an older post is still new. Comments are
        # filtered on their own time below; older posts are the webhook's job.
        params = {"fields": "id,updated_time", "limit": 25}
        posts = self._request("GET", f"/{self.owner_id}/feed", params=params).get("data") or []
        fields = "id,message,created_time,from{id,name},parent{id},permalink_url"
        items = []
        for post in posts:
            comments = self._comments_since(
                f"/{post['id']}/comments",
                {
                    "fields": fields,
                    "filter": "stream",
                    "order": "reverse_chronological",
                    "limit": 100,
                },
                since,
            )
            for comment in comments:
                if (comment.get("from") or {}).get("id") == self.owner_id:
                    continue  # the Page's own replies are not cases
                items.append(
                    (self.row(comment, post["id"]), {"post_id": post["id"], "comment": comment})
                )
        items.sort(key=lambda item: self._epoch(item[1]["comment"]))
        newest = max([since, *(self._epoch(raw["comment"]) for _row, raw in items)])
        return FetchResult(items=items, cursor=str(newest) if newest else "")

    def webhook_rows(self, entry: dict) -> list[tuple[dict, dict]]:
        rows = []
        for change in entry.get("changes") or []:
            value = change.get("value")
            if change.get("field") != "feed" or not isinstance(value, dict):
                continue
            if value.get("item") != "comment" or value.get("verb") != "add":
                continue  # edits, removals, reactions: nothing new to answer
            person = value.get("from") or {}
            if str(person.get("id")) == self.owner_id:
                continue
            if not value.get("comment_id"):
                raise WebhookPayloadError("a feed comment change without comment_id")
            parent = value.get("parent_id")
            post = value.get("post_id")
            rows.append(
                (
                    {
                        "network_id": value["comment_id"],
                        "text": value.get("message", ""),
                        "created_at": webhook_time(value.get("created_time"), entry.get("time")),
                        "url": (value.get("post") or {}).get("permalink_url") or "",
                        "kind": "reply" if parent and parent != post else "comment",
                        "in_reply_to": parent if parent and parent != post else None,
                        "thread_id": post,
                        "author": {
                            "handle": person.get("name") or person.get("id") or "",
                            "network_id": person.get("id"),
                            "display_name": person.get("name") or "",
                        },
                    },
                    change,
                )
            )
        return rows

    def reply(self, message, text: str, *, idempotency_key: str) -> ActionResult:
        check_length(text, self.max_reply_length)
        answer = self._request("POST", f"/{message.network_id}/comments", data={"message": text})
        return ActionResult(network_id=str(answer.get("id", "")), raw=answer)

    def find_reply(self, message, *, idempotency_key: str) -> ActionResult | None:
        text = queued_text(idempotency_key)
        if not text:
            return None
        answer = self._request(
            "GET",
            f"/{message.network_id}/comments",
            params={"fields": "id,message,from", "limit": 100},
        )
        for comment in answer.get("data") or []:
            mine = (comment.get("from") or {}).get("id") == self.owner_id
            if mine and same_text(comment.get("message"), text):
                return ActionResult(network_id=comment["id"], already_done=True, raw=comment)
        return None

    def hide(self, message, *, idempotency_key: str) -> ActionResult:
        answer = self._request("POST", f"/{message.network_id}", data={"is_hidden": "true"})
        return ActionResult(network_id=message.network_id, raw=answer)

    def unhide(self, message, *, idempotency_key: str = "") -> ActionResult:
        answer = self._request("POST", f"/{message.network_id}", data={"is_hidden": "false"})
        return ActionResult(network_id=message.network_id, raw=answer)

    def block(self, author, *, idempotency_key: str) -> ActionResult:
        answer = self._request(
            "POST", f"/{self.owner_id}/blocked", data={"user": author.network_id}
        )
        return ActionResult(network_id=author.network_id, raw=answer)


@register
class InstagramConnector(MetaConnector):
    kind = "instagram"
    max_reply_length = 2200
    # 200 calls per hour per Instagram account (Graph API, Business Use Case).
    rate_limit = (200, 3600)
    id_field = "ig_user_id"
    credential_fields = {
        "ig_user_id": _("Instagram professional account id"),
        "page_access_token": _("Access token (instagram_manage_comments)"),
        "app_secret": _("App secret (checks webhook signatures)"),
        "verify_token": _("Webhook verify token (you choose it)"),
    }
    repeatable_verbs = frozenset({"hide", "delete"})

    @classmethod
    def capabilities(cls):
        return {
            "reply": Capability(True),
            "hide": Capability(True, _("Hidden from everyone except its author.")),
            "delete": Capability(True, _("Comments on the brand's own media only.")),
            "block": Capability(False, _("Instagram offers no blocking through the API.")),
            "mute": Capability(False, _("Instagram offers no muting through the API.")),
            "report": Capability(False, _("Instagram offers no reporting through the API.")),
        }

    @staticmethod
    def _epoch(comment: dict) -> int:
        moment = graph_time(comment.get("timestamp"))
        return int(moment.timestamp()) if moment else 0

    def row(self, comment: dict, media: dict) -> dict:
        person = comment.get("from") or {}
        username = (
            comment.get("username")
            or person.get("username")
            or person.get("id")
            or "instagram-user"
        )
        parent = comment.get("parent_id")
        return {
            "network_id": comment["id"],
            "text": comment.get("text", ""),
            "created_at": _iso(comment.get("timestamp")),
            "url": media.get("permalink") or "",
            "kind": "reply" if parent else "comment",
            "in_reply_to": parent,
            "thread_id": media.get("id"),
            "author": {
                "handle": username,
                "network_id": person.get("id") or username,
                "url": f"https://www.instagram.com/{username}/"
                if comment.get("username") or person.get("username")
                else "",
            },
        }

    def fetch(self, cursor: str) -> FetchResult:
        since = int(cursor or 0)
        media_list = (
            self._request(
                "GET",
                f"/{self.owner_id}/media",
                params={"fields": "id,permalink,timestamp,comments_count", "limit": 25},
            ).get("data")
            or []
        )
        fields = "id,text,timestamp,username,from,parent_id,replies{id,text,timestamp,username,from,parent_id}"
        items = []
        for media in media_list:
            if not media.get("comments_count"):
                continue
            top = self._request(
                "GET", f"/{media['id']}/comments", params={"fields": fields, "limit": 50}
            )
            for comment in top.get("data") or []:
                replies = (comment.get("replies") or {}).get("data") or []
                for one in [
                    comment,
                    *({**r, "parent_id": r.get("parent_id") or comment["id"]} for r in replies),
                ]:
                    if (
                        self._epoch(one) <= since
                        or (one.get("from") or {}).get("id") == self.owner_id
                    ):
                        continue
                    one = {k: v for k, v in one.items() if k != "replies"}
                    items.append((self.row(one, media), {"media": media, "comment": one}))
        items.sort(key=lambda item: self._epoch(item[1]["comment"]))
        newest = max([since, *(self._epoch(raw["comment"]) for _row, raw in items)])
        return FetchResult(items=items, cursor=str(newest) if newest else "")

    def webhook_rows(self, entry: dict) -> list[tuple[dict, dict]]:
        rows = []
        for change in entry.get("changes") or []:
            value = change.get("value")
            if change.get("field") not in ("comments", "live_comments") or not isinstance(
                value, dict
            ):
                continue
            person = value.get("from") or {}
            if str(person.get("id")) == self.owner_id:
                continue
            if not value.get("id"):
                raise WebhookPayloadError("an Instagram comment change without id")
            username = person.get("username") or person.get("id") or ""
            parent = value.get("parent_id")
            rows.append(
                (
                    {
                        "network_id": value["id"],
                        "text": value.get("text", ""),
                        # Instagram's comment webhook carries no timestamp: the entry's time is the closest.
                        "created_at": webhook_time(entry.get("time"))
                        or datetime.now(UTC).isoformat(),
                        "kind": "reply" if parent else "comment",
                        "in_reply_to": parent,
                        "thread_id": (value.get("media") or {}).get("id"),
                        "author": {"handle": username, "network_id": person.get("id") or None},
                    },
                    change,
                )
            )
        return rows

    def reply(self, message, text: str, *, idempotency_key: str) -> ActionResult:
        check_length(text, self.max_reply_length)
        # Instagram threads are one level deep: a reply to a reply goes under its parent.
        target = message.in_reply_to or message.network_id
        answer = self._request("POST", f"/{target}/replies", data={"message": text})
        return ActionResult(network_id=str(answer.get("id", "")), raw=answer)

    def find_reply(self, message, *, idempotency_key: str) -> ActionResult | None:
        text = queued_text(idempotency_key)
        if not text:
            return None
        target = message.in_reply_to or message.network_id
        answer = self._request(
            "GET", f"/{target}/replies", params={"fields": "id,text,from", "limit": 50}
        )
        for comment in answer.get("data") or []:
            mine = (comment.get("from") or {}).get("id") == self.owner_id
            if mine and same_text(comment.get("text"), text):
                return ActionResult(network_id=comment["id"], already_done=True, raw=comment)
        return None

    def hide(self, message, *, idempotency_key: str) -> ActionResult:
        answer = self._request("POST", f"/{message.network_id}", data={"hide": "true"})
        return ActionResult(network_id=message.network_id, raw=answer)

    def unhide(self, message, *, idempotency_key: str = "") -> ActionResult:
        answer = self._request("POST", f"/{message.network_id}", data={"hide": "false"})
        return ActionResult(network_id=message.network_id, raw=answer)

    def block(self, author, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(self.capabilities()["block"].reason)

    def fetch_profile(self, network_id_or_handle: str) -> Profile:
        # Only business accounts are visible (business_discovery); a person is a username.
        handle = network_id_or_handle.lstrip("@")
        return Profile(network_id=handle, handle=handle, url=f"https://www.instagram.com/{handle}/")
