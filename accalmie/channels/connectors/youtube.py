"""YouTube, through google-api-python-client (Data API v3) and the channel owner's OAuth.

Read: ``commentThreads.list(allThreadsRelatedToChannelId=…, order=time)``, newest
first, page by page down to the last comment stored; the authors' channels
(subscribers, videos, creation date) in one ``channels.list`` per page. Act:
reply (``comments.insert``), hide = hold for review, delete = reject (the
brand's own comments are deleted), block = reject and ban the author
(``banAuthor``). No mute; reporting (``markAsSpam``) was withdrawn by YouTube.

The service is built from the discovery document that ships inside the
client library (``static_discovery``): no request is made to learn the API.
Quota, not requests, is YouTube's limit: 10,000 units a day, 50 per write.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

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
from .common import check_length, queued_text, retry_after_from, same_text

SCOPES = ["https://www.googleapis.com/auth/youtube.force-ssl"]
TOKEN_URI = "https://oauth2.googleapis.com/token"  # noqa: S105 - an address, not a secret


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def seconds_to_quota_reset(now: datetime | None = None) -> float:
    """YouTube's daily quota starts again at midnight, Pacific time."""
    pacific = ZoneInfo("America/Los_Angeles")
    now = (now or datetime.now(UTC)).astimezone(pacific)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max((midnight - now).total_seconds(), 60.0)


def comment_row(comment: dict, *, video_id: str, thread_id: str, channels: dict[str, dict]) -> dict:
    """A Comment resource in the message schema."""
    snippet = comment.get("snippet") or {}
    author_id = (snippet.get("authorChannelId") or {}).get("value") or ""
    channel = channels.get(author_id) or {}
    stats = channel.get("statistics") or {}
    about = channel.get("snippet") or {}
    parent = snippet.get("parentId")
    handle = snippet.get("authorDisplayName") or about.get("customUrl") or author_id or "?"

    def count(name):
        value = stats.get(name)
        return (
            int(value)
            if value is not None and not stats.get(f"hidden{name[0].upper()}{name[1:]}")
            else None
        )

    return {
        "network_id": comment["id"],
        "text": snippet.get("textOriginal") or snippet.get("textDisplay") or "",
        "created_at": snippet.get("publishedAt"),
        "url": f"https://www.youtube.com/watch?v={video_id}&lc={comment['id']}" if video_id else "",
        "kind": "reply" if parent else "comment",
        "in_reply_to": parent,
        "thread_id": thread_id,
        "author": {
            "handle": handle,
            "network_id": author_id or None,
            "display_name": about.get("title") or snippet.get("authorDisplayName") or "",
            "bio": about.get("description") or "",
            "followers": count("subscriberCount"),
            "posts": count("videoCount"),
            "created_at": about.get("publishedAt"),
            "url": snippet.get("authorChannelUrl") or "",
        },
    }


@register
class YouTubeConnector(Connector):
    kind = "youtube"
    max_reply_length = 10_000
    # 10,000 quota units a day per project (a list costs 1, a write 50).
    rate_limit = (10_000, 86_400)
    credential_fields = {
        "channel_id": _("YouTube channel id (UC…)"),
        "client_id": _("OAuth client id"),
        "client_secret": _("OAuth client secret"),
        "refresh_token": _("OAuth refresh token (scope youtube.force-ssl)"),
    }
    repeatable_verbs = frozenset({"hide", "delete", "block"})

    @classmethod
    def capabilities(cls):
        return {
            "reply": Capability(True),
            "hide": Capability(
                True, _("Held for review: hidden from viewers until the channel approves it.")
            ),
            "delete": Capability(
                True, _("Rejected (removed from the video); the brand's own comments are deleted.")
            ),
            "block": Capability(
                True, _("Rejects the comment and bans its author from the channel's comments.")
            ),
            "mute": Capability(
                False, _("YouTube has no mute; hold the comments for review or ban the author.")
            ),
            "report": Capability(
                False, _("YouTube withdrew reporting through the API (markAsSpam).")
            ),
        }

    # -- client ------------------------------------------------------------
    def service(self):
        if getattr(self, "_service", None) is None:
            from google.oauth2.credentials import Credentials
            from googleapiclient.discovery import build

            creds = self.credentials
            if not all(creds.get(k) for k in ("client_id", "client_secret", "refresh_token")):
                raise PermanentError(gettext("The channel's YouTube credentials are incomplete."))
            oauth = Credentials(
                None,
                refresh_token=creds["refresh_token"],
                client_id=creds["client_id"],
                client_secret=creds["client_secret"],
                token_uri=TOKEN_URI,
                scopes=SCOPES,
            )
            self._service = build(
                "youtube", "v3", credentials=oauth, static_discovery=True, cache_discovery=False
            )
        return self._service

    @property
    def channel_id(self) -> str:
        return self.credentials.get("channel_id", "")

    def _run(self, request):
        import google.auth.exceptions
        import httplib2
        from googleapiclient.errors import HttpError

        try:
            return request.execute()
        except HttpError as exc:
            raise self._http_error(exc) from exc
        except google.auth.exceptions.RefreshError as exc:
            raise PermanentError(gettext("Google refused the refresh token.")) from exc
        except (httplib2.HttpLib2Error, OSError) as exc:
            raise TransientError(f"YouTube unreachable: {exc.__class__.__name__}") from exc

    @staticmethod
    def _http_error(exc) -> Exception:
        status = int(exc.resp.status)
        try:
            reasons = {e.get("reason") for e in json.loads(exc.content)["error"].get("errors", [])}
        except (ValueError, KeyError, TypeError, AttributeError):
            reasons = set()
        if "quotaExceeded" in reasons or "dailyLimitExceeded" in reasons:
            return RateLimited("YouTube daily quota spent", retry_after=seconds_to_quota_reset())
        if status == 429 or reasons & {"rateLimitExceeded", "userRateLimitExceeded"}:
            return RateLimited("YouTube rate limit", retry_after=retry_after_from(dict(exc.resp)))
        if status >= 500:
            return TransientError(f"YouTube server error {status}")
        if status == 401:
            return PermanentError(gettext("YouTube refused the credentials (401)."))
        return PermanentError(
            f"YouTube {status}: {', '.join(sorted(r for r in reasons if r)) or exc.reason}"
        )

    # -- reading -----------------------------------------------------------
    def fetch(self, cursor: str) -> FetchResult:
        # cursor: {"since": newest stored, "newest": newest seen in this walk, "page": token}
        state = json.loads(cursor) if cursor else {}
        since = _when(state.get("since"))
        newest = state.get("newest") or state.get("since") or ""
        request = (
            self.service()
            .commentThreads()
            .list(
                part="snippet,replies",
                allThreadsRelatedToChannelId=self.channel_id,
                order="time",
                maxResults=100,
                textFormat="plainText",
                pageToken=state.get("page") or None,
            )
        )
        page = self._run(request)
        threads = page.get("items") or []
        comments: list[tuple[dict, str, str]] = []
        for thread in threads:
            snippet = thread.get("snippet") or {}
            video = snippet.get("videoId") or ""
            top = snippet.get("topLevelComment") or {}
            for comment in [top, *((thread.get("replies") or {}).get("comments") or [])]:
                published = _when((comment.get("snippet") or {}).get("publishedAt"))
                if comment.get("id") and (since is None or (published and published > since)):
                    comments.append((comment, video, thread["id"]))
        stamps = [c[0]["snippet"]["publishedAt"] for c in comments]
        if stamps:
            newest = max(
                [newest, *stamps], key=lambda s: _when(s) or datetime.min.replace(tzinfo=UTC)
            )
        channels = self._channels(
            {(c[0]["snippet"].get("authorChannelId") or {}).get("value") for c in comments}
        )
        comments.sort(key=lambda c: _when(c[0]["snippet"]["publishedAt"]))
        items = [
            (comment_row(c, video_id=v, thread_id=t, channels=channels), c) for c, v, t in comments
        ]
        oldest_on_page = min(
            (
                _when(
                    (t.get("snippet") or {})
                    .get("topLevelComment", {})
                    .get("snippet", {})
                    .get("publishedAt")
                )
                for t in threads
            ),
            default=None,
        )
        token = page.get("nextPageToken")
        # Keep walking while the page is still newer than what was stored (never on a first poll).
        if token and since is not None and oldest_on_page and oldest_on_page > since:
            return FetchResult(
                items=items,
                cursor=json.dumps({"since": state.get("since"), "newest": newest, "page": token}),
                more=True,
            )
        return FetchResult(items=items, cursor=json.dumps({"since": newest}) if newest else "")

    def _channels(self, ids: set) -> dict[str, dict]:
        ids = sorted(i for i in ids if i)
        found: dict[str, dict] = {}
        for start in range(0, len(ids), 50):
            answer = self._run(
                self.service()
                .channels()
                .list(
                    part="snippet,statistics", id=",".join(ids[start : start + 50]), maxResults=50
                )
            )
            found.update({c["id"]: c for c in answer.get("items") or []})
        return found

    def fetch_profile(self, network_id_or_handle: str) -> Profile:
        value = network_id_or_handle
        key = {"id": value} if value.startswith("UC") else {"forHandle": value}
        answer = self._run(self.service().channels().list(part="snippet,statistics", **key))
        items = answer.get("items") or []
        if not items:
            raise PermanentError(gettext("No such YouTube channel."))
        channel = items[0]
        row = comment_row(
            {
                "id": "-",
                "snippet": {
                    "authorChannelId": {"value": channel["id"]},
                    "authorDisplayName": (channel["snippet"].get("customUrl") or channel["id"]),
                },
            },
            video_id="",
            thread_id="-",
            channels={channel["id"]: channel},
        )["author"]
        return Profile(
            network_id=channel["id"],
            handle=row["handle"].lstrip("@"),
            display_name=row["display_name"],
            bio=row["bio"],
            followers=row["followers"],
            posts=row["posts"],
            created_at=_when(row["created_at"]),
            url=f"https://www.youtube.com/channel/{channel['id']}",
            raw=channel,
        )

    # -- acting ------------------------------------------------------------
    @staticmethod
    def _top_level(message) -> str:
        # Replies go under the thread's top-level comment: YouTube threads are one level deep.
        return message.in_reply_to or message.network_id

    def reply(self, message, text: str, *, idempotency_key: str) -> ActionResult:
        check_length(text, self.max_reply_length)
        body = {"snippet": {"parentId": self._top_level(message), "textOriginal": text}}
        made = self._run(self.service().comments().insert(part="snippet", body=body))
        return ActionResult(network_id=made.get("id", ""), raw=made)

    def find_reply(self, message, *, idempotency_key: str) -> ActionResult | None:
        text = queued_text(idempotency_key)
        if not text:
            return None
        answer = self._run(
            self.service()
            .comments()
            .list(
                part="snippet",
                parentId=self._top_level(message),
                maxResults=100,
                textFormat="plainText",
            )
        )
        for comment in answer.get("items") or []:
            snippet = comment.get("snippet") or {}
            mine = (snippet.get("authorChannelId") or {}).get("value") == self.channel_id
            if mine and same_text(snippet.get("textOriginal") or snippet.get("textDisplay"), text):
                return ActionResult(network_id=comment["id"], already_done=True, raw=comment)
        return None

    def _moderate(self, comment_id: str, status: str, *, ban: bool = False) -> ActionResult:
        request = (
            self.service()
            .comments()
            .setModerationStatus(id=comment_id, moderationStatus=status, banAuthor=ban)
        )
        self._run(request)
        return ActionResult(network_id=comment_id)

    def hide(self, message, *, idempotency_key: str) -> ActionResult:
        return self._moderate(message.network_id, "heldForReview")

    def delete(self, message, *, idempotency_key: str) -> ActionResult:
        if message.author.network_id == self.channel_id:
            self._run(self.service().comments().delete(id=message.network_id))
            return ActionResult(network_id=message.network_id)
        return self._moderate(message.network_id, "rejected")

    def block(self, author, *, idempotency_key: str) -> ActionResult:
        # YouTube bans through one of the author's comments: the latest one received.
        latest = author.messages.filter(channel=self.channel).order_by("-created_at").first()
        if latest is None:
            raise PermanentError(
                gettext("This author has no comment on the channel to ban them through.")
            )
        return self._moderate(latest.network_id, "rejected", ban=True)

    def mute(self, author, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(self.capabilities()["mute"].reason)

    def report(self, message, *, reason: str, category: str = "other", idempotency_key: str):
        raise NotSupported(self.capabilities()["report"].reason)
