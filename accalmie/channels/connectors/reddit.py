"""Reddit, through praw (OAuth "script" app of the brand's account).

Read: the account's inbox (username mentions, comment and post replies) newer
than the cursor (``before=<fullname>`` of the newest item stored), each author's
profile from ``/user/<name>/about``. Act: reply; as a moderator of the
configured subreddit, remove a comment (``delete``) and ban its author
(``block``); report to the subreddit's moderators. Reddit has no hiding of
someone else's comment and no mute.

Requests go through ``Reddit.request`` so the JSON is kept exactly as Reddit
sent it (the raw payload), not praw's objects.
"""

from __future__ import annotations

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
    check_length,
    epoch_iso,
    from_epoch,
    queued_text,
    retry_after_from,
    same_text,
)

PAGE = 100
UNKNOWN_AUTHORS = {"", "[deleted]", None}


def comment_row(data: dict, profile: dict | None = None) -> dict:
    """An inbox comment (a ``t1`` thing) in the message schema."""
    about = profile or {}
    sub = about.get("subreddit") or {}
    author = data.get("author") or "[deleted]"
    return {
        "network_id": data["name"],
        "text": data.get("body", ""),
        "created_at": epoch_iso(data.get("created_utc")),
        "url": f"https://www.reddit.com{data['context']}" if data.get("context") else "",
        "kind": "mention" if data.get("type") == "username_mention" else "reply",
        "in_reply_to": data.get("parent_id") or None,
        "thread_id": data.get("link_id") or None,
        "author": {
            "handle": author,
            "network_id": data.get("author_fullname") or author,
            "display_name": sub.get("title") or "",
            "bio": sub.get("public_description") or "",
            "followers": sub.get("subscribers"),
            "created_at": epoch_iso(about.get("created_utc")),
            "verified": bool(about.get("verified")),
            "url": f"https://www.reddit.com/user/{author}" if author not in UNKNOWN_AUTHORS else "",
        },
    }


@register
class RedditConnector(Connector):
    kind = "reddit"
    max_reply_length = 10_000
    # 100 queries per minute per OAuth client (Reddit's Data API terms).
    rate_limit = (100, 60)
    credential_fields = {
        "client_id": _('App client id (a "script" app)'),
        "client_secret": _("App secret"),
        "username": _("Brand account username"),
        "password": _("Brand account password"),
        "subreddit": _("Subreddit the brand moderates (for remove and ban; optional)"),
    }
    optional_credentials = ("subreddit",)
    repeatable_verbs = frozenset({"delete", "block"})

    def __init__(self, channel, credentials=None):
        super().__init__(channel, credentials)
        if not self.credentials.get("subreddit"):
            # This channel moderates no subreddit: asked through the channel, it
            # says so; asked through the class (the matrix), the network's answer.
            self.capabilities = self._capabilities_without_moderation

    def _capabilities_without_moderation(self):
        caps = dict(type(self).capabilities())
        reason = _("No moderated subreddit is set for this channel.")
        caps["delete"] = Capability(False, reason)
        caps["block"] = Capability(False, reason)
        return caps

    @classmethod
    def capabilities(cls):
        return {
            "reply": Capability(True),
            "hide": Capability(
                False, _("Reddit cannot hide someone else's comment; a moderator can remove it.")
            ),
            "delete": Capability(True, _("Removal as a moderator of the subreddit.")),
            "block": Capability(True, _("Ban from the subreddit (moderators only).")),
            "mute": Capability(False, _("Reddit offers no mute of a user's comments.")),
            "report": Capability(True, _("Sent to the subreddit's moderators.")),
        }

    # -- client ------------------------------------------------------------
    def client(self):
        if getattr(self, "_client", None) is None:
            import praw

            creds = self.credentials
            if not all(
                creds.get(k) for k in ("client_id", "client_secret", "username", "password")
            ):
                raise PermanentError(gettext("The channel's Reddit credentials are incomplete."))
            self._client = praw.Reddit(
                client_id=creds["client_id"],
                client_secret=creds["client_secret"],
                username=creds["username"],
                password=creds["password"],
                user_agent=f"accalmie:community-inbox:1.0 (by u/{creds['username']})",
                check_for_updates=False,
                check_for_async=False,
                ratelimit_seconds=0,  # never sleep on a RATELIMIT answer: reschedule instead
            )
        return self._client

    def _request(self, method: str, path: str, **kwargs):
        import praw.exceptions
        import prawcore

        try:
            answer = self.client().request(method=method, path=path, **kwargs)
        except prawcore.TooManyRequests as exc:
            raise RateLimited(
                "Reddit rate limit", retry_after=retry_after_from(exc.response.headers)
            ) from exc
        except prawcore.ServerError as exc:
            raise TransientError(f"Reddit server error {exc.response.status_code}") from exc
        except prawcore.RequestException as exc:
            raise TransientError(
                f"Reddit unreachable: {exc.original_exception.__class__.__name__}"
            ) from exc
        except prawcore.OAuthException as exc:
            raise PermanentError(gettext("Reddit refused the credentials.")) from exc
        except prawcore.ResponseException as exc:
            status = exc.response.status_code
            if status == 401:
                raise PermanentError(gettext("Reddit refused the credentials (401).")) from exc
            raise PermanentError(f"Reddit {status}") from exc
        except praw.exceptions.RedditAPIException as exc:
            raise self._api_error(exc.items) from exc
        errors = (
            ((answer or {}).get("json") or {}).get("errors") if isinstance(answer, dict) else None
        )
        if errors:
            raise self._api_error(errors)
        return answer

    @staticmethod
    def _api_error(items) -> Exception:
        import re

        for item in items:
            code, text = (
                (item.error_type, item.message)
                if hasattr(item, "error_type")
                else (item[0], item[1])
            )
            if code == "RATELIMIT":
                found = re.search(r"(\d+) (minute|second)", text or "")
                wait = (
                    int(found.group(1)) * (60 if found and found.group(2) == "minute" else 1)
                    if found
                    else 60
                )
                return RateLimited(text or "RATELIMIT", retry_after=float(wait))
        first = items[0]
        text = first.message if hasattr(first, "message") else first[1]
        return PermanentError(f"Reddit: {text}")

    # -- reading -----------------------------------------------------------
    def fetch(self, cursor: str) -> FetchResult:
        # Cursor: "<fullname of the newest item stored>@<its created_utc>".
        anchor, _sep, stamp = cursor.partition("@")
        params = {"limit": PAGE, "raw_json": 1}
        if anchor:
            params["before"] = anchor
        listing = self._request("GET", "/message/inbox", params=params)
        children = (listing.get("data") or {}).get("children") or []
        if not children and anchor and stamp:
            children = self._if_anchor_gone(anchor, float(stamp))
        if not children:
            return FetchResult(items=[], cursor=cursor)
        newest = children[0]["data"]
        profiles: dict[str, dict] = {}
        items = []
        for child in reversed(children):  # oldest first
            if child.get("kind") != "t1":
                continue  # private messages are not read here
            data = child["data"]
            author = data.get("author")
            if author not in UNKNOWN_AUTHORS and author not in profiles:
                profiles[author] = self._about(author)
            items.append((comment_row(data, profiles.get(author)), child))
        next_cursor = f"{newest['name']}@{newest.get('created_utc') or stamp or 0}"
        return FetchResult(items=items, cursor=next_cursor, more=len(children) >= PAGE)

    def _if_anchor_gone(self, anchor: str, stamp: float) -> list[dict]:
        """What is newer than the cursor's time, when the cursor's item left the inbox.

        Reddit answers ``before=<an item no longer listed>`` with nothing, forever;
        a quiet inbox and a vanished anchor look the same until the latest page is
        read (one more request, only when nothing came).
        """
        latest = self._request("GET", "/message/inbox", params={"limit": PAGE, "raw_json": 1})
        children = (latest.get("data") or {}).get("children") or []
        if any(c.get("data", {}).get("name") == anchor for c in children):
            return []  # the anchor is there: nothing is new
        return [c for c in children if float(c.get("data", {}).get("created_utc") or 0) > stamp]

    def _about(self, name: str) -> dict:
        # A suspended or shadow-banned account has no profile: the message still counts.
        try:
            return (self._request("GET", f"/user/{name}/about") or {}).get("data") or {}
        except PermanentError:
            return {}

    def fetch_profile(self, network_id_or_handle: str) -> Profile:
        name = network_id_or_handle.removeprefix("u/").lstrip("@")
        about = (self._request("GET", f"/user/{name}/about") or {}).get("data") or {}
        sub = about.get("subreddit") or {}
        return Profile(
            network_id=f"t2_{about['id']}" if about.get("id") else name,
            handle=about.get("name") or name,
            display_name=sub.get("title") or "",
            bio=sub.get("public_description") or "",
            followers=sub.get("subscribers"),
            created_at=from_epoch(about.get("created_utc")),
            verified=bool(about.get("verified")),
            url=f"https://www.reddit.com/user/{about.get('name') or name}",
            raw=about,
        )

    # -- acting ------------------------------------------------------------
    def reply(self, message, text: str, *, idempotency_key: str) -> ActionResult:
        check_length(text, self.max_reply_length)
        answer = self._request(
            "POST",
            "/api/comment",
            data={"thing_id": message.network_id, "text": text, "api_type": "json"},
        )
        things = ((answer.get("json") or {}).get("data") or {}).get("things") or [{}]
        made = things[0].get("data") or {}
        link = made.get("permalink")
        return ActionResult(
            network_id=made.get("name", ""),
            url=f"https://www.reddit.com{link}" if link else "",
            raw=answer,
        )

    def find_reply(self, message, *, idempotency_key: str) -> ActionResult | None:
        text = queued_text(idempotency_key)
        if not text:
            return None
        name = self.credentials.get("username", "")
        listing = self._request(
            "GET", f"/user/{name}/comments", params={"limit": 100, "raw_json": 1}
        )
        for child in (listing.get("data") or {}).get("children") or []:
            data = child.get("data") or {}
            if data.get("parent_id") == message.network_id and same_text(data.get("body"), text):
                return ActionResult(network_id=data.get("name", ""), already_done=True, raw=child)
        return None

    def delete(self, message, *, idempotency_key: str) -> ActionResult:
        self._request("POST", "/api/remove", data={"id": message.network_id, "spam": "false"})
        return ActionResult(network_id=message.network_id)

    def block(self, author, *, idempotency_key: str) -> ActionResult:
        subreddit = self.credentials.get("subreddit", "").removeprefix("r/")
        if not subreddit:
            raise PermanentError(gettext("No moderated subreddit is set for this channel."))
        answer = self._request(
            "POST",
            f"/r/{subreddit}/api/friend",
            data={
                "name": author.handle,
                "type": "banned",
                "api_type": "json",
                "ban_reason": "code of conduct",
            },
        )
        return ActionResult(network_id=author.handle, raw=answer or {})

    def report(self, message, *, reason: str, category: str = "other", idempotency_key: str):
        answer = self._request(
            "POST",
            "/api/report",
            data={"thing_id": message.network_id, "reason": reason[:100], "api_type": "json"},
        )
        return ActionResult(network_id=message.network_id, raw=answer or {})

    def hide(self, message, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(self.capabilities()["hide"].reason)

    def mute(self, author, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(self.capabilities()["mute"].reason)
