"""X (Twitter), through tweepy's API v2 Client with OAuth 1.0a user context.

Read: the mentions timeline after the cursor (``since_id``), every page up to
the cursor before it advances. Act: reply, hide/unhide a reply (only in
conversations the brand started), mute. Block is Enterprise-only and X has no
report endpoint: both are declared, not attempted.

X takes no idempotency key. ``find_reply`` looks through the brand's recent
posts for a reply to the same post with the text queued under the key; it can
only see the brand's latest 100 posts, so a retry much later is marked
uncertain rather than re-sent (see ``can_find_replies``).
"""

from __future__ import annotations

import re
import unicodedata

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
    jsonable,
    queued_text,
    quiet_credential_loggers,
    retry_after_from,
    same_text,
)

quiet_credential_loggers()

# twitter-text v3: these code points weigh 1, every other one 2; a link weighs 23.
LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
URL = re.compile(r"https?://\S+", re.I)
MAX_PAGES = 10  # 1,000 mentions per poll at most; the cursor waits for the rest
TWEET_FIELDS = [
    "created_at",
    "conversation_id",
    "in_reply_to_user_id",
    "referenced_tweets",
    "lang",
    "author_id",
]
USER_FIELDS = ["created_at", "description", "public_metrics", "verified", "url", "username", "name"]


def weighted_length(text: str) -> int:
    """The length X counts: CJK and emoji count double, a link counts 23.

    An emoji sequence joined by ZWJ counts per code point here (X counts it as
    2): a conservative error, it may refuse a reply X would take, never the reverse.
    """
    text = unicodedata.normalize("NFC", text)
    links = URL.findall(text)
    rest = URL.sub("", text)
    weight = sum(1 if any(lo <= ord(ch) <= hi for lo, hi in LIGHT_RANGES) else 2 for ch in rest)
    return weight + 23 * len(links)


def _author(user: dict) -> dict:
    metrics = user.get("public_metrics") or {}
    return {
        "handle": user.get("username") or user.get("id"),
        "network_id": str(user.get("id")),
        "display_name": user.get("name") or "",
        "bio": user.get("description") or "",
        "followers": metrics.get("followers_count"),
        "following": metrics.get("following_count"),
        "posts": metrics.get("tweet_count"),
        "created_at": user.get("created_at"),
        "verified": bool(user.get("verified")),
        "url": f"https://x.com/{user['username']}" if user.get("username") else "",
    }


def tweet_row(tweet: dict, users: dict[str, dict]) -> dict:
    """A v2 Tweet object (with its expanded author) in the message schema."""
    refs = {r["type"]: str(r["id"]) for r in tweet.get("referenced_tweets") or []}
    user = users.get(str(tweet.get("author_id")), {"id": tweet.get("author_id")})
    kind = "reply" if "replied_to" in refs else "quote" if "quoted" in refs else "mention"
    handle = user.get("username") or "i"
    return {
        "network_id": str(tweet["id"]),
        "text": tweet.get("text", ""),
        "created_at": tweet.get("created_at"),
        "url": f"https://x.com/{handle}/status/{tweet['id']}",
        "kind": kind,
        "in_reply_to": refs.get("replied_to") or refs.get("quoted"),
        "thread_id": str(tweet["conversation_id"]) if tweet.get("conversation_id") else None,
        "lang": tweet.get("lang")
        if tweet.get("lang") not in (None, "und", "zxx", "qme", "qht")
        else None,
        "author": _author(user),
    }


@register
class XConnector(Connector):
    kind = "x"
    # 280 weighted characters (a CJK character or an emoji counts double; links 23).
    max_reply_length = 280
    # Mentions timeline, per user and per 15-minute window (plan-dependent on X).
    rate_limit = (300, 900)
    credential_fields = {
        "consumer_key": _("API key (consumer key)"),
        "consumer_secret": _("API key secret"),
        "access_token": _("Access token (the brand account's)"),
        "access_token_secret": _("Access token secret"),
    }
    can_find_replies = False  # only the latest posts are visible: not proof of absence
    repeatable_verbs = frozenset({"hide", "mute"})

    @classmethod
    def capabilities(cls):
        return {
            "reply": Capability(True),
            "hide": Capability(
                True, _("Only replies in conversations the brand started can be hidden.")
            ),
            "delete": Capability(False, _("X lets the brand delete only its own posts.")),
            "block": Capability(
                False, _("Blocking through the API is reserved to X's Enterprise tier.")
            ),
            "mute": Capability(True),
            "report": Capability(False, _("X has no API endpoint for reporting.")),
        }

    # -- client ------------------------------------------------------------
    def client(self):
        if getattr(self, "_client", None) is None:
            import tweepy

            creds = self.credentials
            missing = [k for k in self.credential_fields if not creds.get(k)]
            if missing:
                raise PermanentError(gettext("The channel's X credentials are incomplete."))
            self._client = tweepy.Client(
                consumer_key=creds["consumer_key"],
                consumer_secret=creds["consumer_secret"],
                access_token=creds["access_token"],
                access_token_secret=creds["access_token_secret"],
                return_type=dict,
                wait_on_rate_limit=False,  # never sleep in a worker: the caller reschedules
            )
        return self._client

    @property
    def brand_id(self) -> str:
        # OAuth 1.0a access tokens start with the account's numeric id.
        return self.credentials.get("access_token", "").partition("-")[0]

    def _call(self, fn, *args, **kwargs):
        import requests
        import tweepy

        kwargs.setdefault("user_auth", True)
        try:
            return fn(*args, **kwargs)
        except tweepy.TooManyRequests as exc:
            raise RateLimited(
                "X rate limit", retry_after=retry_after_from(exc.response.headers)
            ) from exc
        except tweepy.TwitterServerError as exc:
            raise TransientError(f"X server error {exc.response.status_code}") from exc
        except tweepy.Unauthorized as exc:
            raise PermanentError(gettext("X refused the credentials (401).")) from exc
        except tweepy.HTTPException as exc:
            detail = "; ".join(exc.api_messages) or exc.response.reason
            raise PermanentError(f"X {exc.response.status_code}: {detail}") from exc
        except requests.RequestException as exc:
            raise TransientError(f"X unreachable: {exc.__class__.__name__}") from exc

    # -- reading -----------------------------------------------------------
    def fetch(self, cursor: str) -> FetchResult:
        # The cursor is the newest mention stored (since_id). Mid-walk through
        # more pages than one poll reads, it is "since|newest|next_token", so a
        # restart carries on down to since_id before jumping to newest.
        since, _sep, rest = cursor.partition("|")
        newest, _sep, token = rest.partition("|")
        newest = newest or since
        tweets: list[dict] = []
        users: dict[str, dict] = {}
        for _page in range(MAX_PAGES):
            params = {
                "max_results": 100,
                "expansions": ["author_id", "referenced_tweets.id"],
                "tweet_fields": TWEET_FIELDS,
                "user_fields": USER_FIELDS,
            }
            if since:
                params["since_id"] = since
            if token:
                params["pagination_token"] = token
            page = self._call(self.client().get_users_mentions, self.brand_id, **params)
            meta = page.get("meta") or {}
            if not token and meta.get("newest_id"):
                newest = meta["newest_id"]
            tweets.extend(page.get("data") or [])
            for user in (page.get("includes") or {}).get("users") or []:
                users[str(user["id"])] = user
            token = meta.get("next_token") if since else None  # first poll: latest page only
            if not token:
                break
        tweets.sort(key=lambda t: (len(str(t["id"])), str(t["id"])))
        items = [
            (tweet_row(t, users), {"tweet": t, "author": users.get(str(t.get("author_id")))})
            for t in tweets
        ]
        next_cursor = f"{since}|{newest}|{token}" if token else newest
        return FetchResult(items=items, cursor=next_cursor or "", more=bool(token))

    def fetch_profile(self, network_id_or_handle: str) -> Profile:
        value = network_id_or_handle.lstrip("@")
        key = {"id": value} if value.isdigit() else {"username": value}
        user = (self._call(self.client().get_user, user_fields=USER_FIELDS, **key) or {}).get(
            "data"
        )
        if not user:
            raise PermanentError(gettext("No such account on X."))
        row = _author(user)
        return Profile(
            network_id=row["network_id"],
            handle=row["handle"],
            display_name=row["display_name"],
            bio=row["bio"],
            followers=row["followers"],
            following=row["following"],
            posts=row["posts"],
            created_at=row["created_at"],
            verified=row["verified"],
            url=row["url"],
            raw=jsonable(user),
        )

    # -- acting ------------------------------------------------------------
    def reply(self, message, text: str, *, idempotency_key: str) -> ActionResult:
        check_length(text, self.max_reply_length)
        if weighted_length(text) > self.max_reply_length:
            raise PermanentError(
                gettext(
                    "X counts this reply as %(length)d characters (links 23, emoji and CJK 2); the limit is %(limit)d."
                )
                % {"length": weighted_length(text), "limit": self.max_reply_length}
            )
        made = self._call(
            self.client().create_tweet, text=text, in_reply_to_tweet_id=message.network_id
        )
        data = made.get("data") or {}
        return ActionResult(
            network_id=str(data.get("id", "")),
            url=f"https://x.com/i/status/{data['id']}" if data.get("id") else "",
            raw=made,
        )

    def find_reply(self, message, *, idempotency_key: str) -> ActionResult | None:
        text = queued_text(idempotency_key)
        if not text:
            return None
        page = self._call(
            self.client().get_users_tweets,
            self.brand_id,
            max_results=100,
            tweet_fields=["referenced_tweets", "created_at"],
        )
        for tweet in page.get("data") or []:
            refs = {r["type"]: str(r["id"]) for r in tweet.get("referenced_tweets") or []}
            if refs.get("replied_to") == str(message.network_id) and same_text(tweet["text"], text):
                return ActionResult(
                    network_id=str(tweet["id"]),
                    url=f"https://x.com/i/status/{tweet['id']}",
                    already_done=True,
                    raw=tweet,
                )
        return None

    def hide(self, message, *, idempotency_key: str) -> ActionResult:
        answer = self._call(self.client().hide_reply, message.network_id)
        return ActionResult(network_id=str(message.network_id), raw=answer or {})

    def unhide(self, message, *, idempotency_key: str = "") -> ActionResult:
        answer = self._call(self.client().unhide_reply, message.network_id)
        return ActionResult(network_id=str(message.network_id), raw=answer or {})

    def mute(self, author, *, idempotency_key: str) -> ActionResult:
        answer = self._call(self.client().mute, author.network_id)
        return ActionResult(network_id=str(author.network_id), raw=answer or {})

    def block(self, author, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(self.capabilities()["block"].reason)

    def report(self, message, *, reason: str, category: str = "other", idempotency_key: str):
        raise NotSupported(self.capabilities()["report"].reason)

    def delete(self, message, *, idempotency_key: str) -> ActionResult:
        raise NotSupported(self.capabilities()["delete"].reason)
