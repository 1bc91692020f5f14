"""Bluesky through its official protocol (AT Protocol, the ``atproto`` client).

Credentials: ``service`` (the PDS; default https://bsky.social), ``handle``,
``app_password``; optional ``moderation_did`` (where reports go; Bluesky's
own moderation service on bsky.social) and ``stream_url`` (a
``com.atproto.sync.subscribeRepos`` endpoint — the PDS's or a relay's — whose
events wake the poller at once; see ADR 0008).

Reading: mentions, replies and quotes come from the brand's notifications
(``app.bsky.notification.listNotifications``). The cursor is the newest
``indexedAt`` seen; notifications indexed at that instant are read again and
dedupe drops them, so none is skipped. Authors' counts (followers, follows,
posts, account creation) need ``app.bsky.actor.getProfiles``: one call per
25 authors in the batch.

Acting: a reply and a block are records whose key (a TID, as the lexicon
requires) is derived from the idempotency key, so a retry after a crash is
refused by the network as "already exists" and recognised, and
``find_reply`` can look the reply up. Hiding is a threadgate's
``hiddenReplies`` on the brand's root post (record key = the post's), or a
postgate's ``detachedEmbeddingUris`` for a quote; both are merged with what
is there and written with ``putRecord`` (repeatable). Mute is
``app.bsky.graph.muteActor`` (repeatable); a report goes to the moderation
service through the PDS (``atproto-proxy``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from django.utils.translation import gettext_lazy as _

from .base import (
    ActionResult,
    Capability,
    Connector,
    FetchResult,
    PermanentError,
    Profile,
    RateLimited,
    TransientError,
    register,
)

log = logging.getLogger(__name__)

DEFAULT_SERVICE = "https://bsky.social"
DEFAULT_PLC = "https://plc.directory"
# Bluesky's own moderation service, where reports go from bsky.social accounts.
BLUESKY_MODERATION_DID = "did:plc:ar7c4by46qjdydhdevvrndac"
READ_REASONS = {"mention": "mention", "reply": "reply", "quote": "quote"}
MAX_PAGES = 5
PAGE_SIZE = 100
PROFILES_PER_CALL = 25
PROFILE_TTL_S = 60.0
_PROFILES: dict[str, tuple[float, object]] = {}  # did -> (when read, profile)
_ACCOUNT_DATES: dict[str, str | None] = {}  # did -> account creation, from the PLC log
REPORT_REASONS = {
    "spam": "com.atproto.moderation.defs#reasonSpam",
    "abuse": "com.atproto.moderation.defs#reasonRude",
    "harassment": "com.atproto.moderation.defs#reasonRude",
    "threat": "com.atproto.moderation.defs#reasonViolation",
    "misleading": "com.atproto.moderation.defs#reasonMisleading",
    "sexual": "com.atproto.moderation.defs#reasonSexual",
}

# --------------------------------------------------------------------------- record keys

_B32 = "234567abcdefghijklmnopqrstuvwxyz"
_TID_EPOCH_US = 1_672_531_200_000_000  # 2023-01-01: keys look like past TIDs


def tid_from_key(idempotency_key: str) -> str:
    """A valid TID record key that only this idempotency key gives.

    53 bits of microseconds (a moment in 2023–2024, chosen by the key's
    hash) and 10 bits of clock id, base32-sortable, 13 characters.
    """
    digest = int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:8], "big")
    micros = _TID_EPOCH_US + (digest >> 19) % (1 << 45)
    value = (micros << 10) | (digest & 0x3FF)
    return "".join(_B32[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def grapheme_count(text: str) -> int:
    """Bluesky's limit counts graphemes: combining marks, joiners, variation
    selectors and skin tones do not start a new one (a close approximation)."""
    count = 0
    joined = False
    for ch in text:
        code = ord(ch)
        if (
            unicodedata.combining(ch)
            or unicodedata.category(ch) in ("Mn", "Me", "Mc")
            or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF
            or 0xE0020 <= code <= 0xE007F
        ):
            continue
        if ch == "\u200d":
            joined = True
            continue
        if joined:
            joined = False
            continue
        count += 1
    return count


def make_cursor(indexed_at: str, uris: set[str]) -> str:
    """``indexedAt`` of the newest notification read, and the ones read at that instant.

    Several notifications may share an instant: those listed are skipped next
    time, any other at that instant is read. Too many to list: none are, and
    they are read again (dedupe drops them).
    """
    if not indexed_at:
        return ""
    listed = " ".join(sorted(uris))
    return f"{indexed_at} {listed}" if len(indexed_at) + len(listed) < 500 else indexed_at


def parse_cursor(cursor: str) -> tuple[str, set[str]]:
    since, *uris = (cursor or "").split(" ")
    return since, set(uris)


def post_url(handle: str, uri: str) -> str:
    return f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"


def _did_of(uri: str) -> str:
    # at://did:plc:xyz/app.bsky.feed.post/rkey
    return uri.removeprefix("at://").split("/", 1)[0]


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --------------------------------------------------------------------------- errors


@contextmanager
def network_errors(what: str) -> Iterator[None]:
    """The client's exceptions as the connector contract's (messages safe to show)."""
    from atproto_client import exceptions as ex

    try:
        yield
    except ex.RateLimitExceededError as exc:
        retry = exc.retry_after
        if retry is None and exc.reset_at is not None:
            retry = max(1.0, (exc.reset_at - datetime.now(UTC)).total_seconds())
        raise RateLimited(f"Bluesky: rate limited ({what})", retry_after=retry or 60.0) from None
    except ex.UnauthorizedError as exc:
        raise PermanentError(f"Bluesky refused {what}: {_detail(exc)}") from None
    except ex.BadRequestError as exc:
        raise PermanentError(f"Bluesky refused {what}: {_detail(exc)}") from None
    except ex.NetworkError as exc:
        raise TransientError(f"Bluesky unreachable ({what}): {_detail(exc)}") from None
    except ex.RequestException as exc:
        status = exc.response.status_code if exc.response is not None else 0
        error = PermanentError if 400 <= status < 500 else TransientError
        raise error(f"Bluesky answered {status} ({what}): {_detail(exc)}") from None
    except ex.AtProtocolError as exc:
        raise TransientError(f"Bluesky ({what}): {type(exc).__name__}") from None


def _detail(exc) -> str:
    content = getattr(getattr(exc, "response", None), "content", None)
    message = getattr(content, "message", None) or getattr(content, "error", None)
    return str(message or type(exc).__name__)[:300]


# --------------------------------------------------------------------------- sessions

_SESSIONS: dict[tuple, object] = {}
_SESSIONS_LOCK = threading.Lock()


def _session(credentials: dict):
    """A logged-in client, reused across calls in this process (tokens refresh themselves)."""
    from atproto import Client

    service = (credentials.get("service") or DEFAULT_SERVICE).rstrip("/")
    handle = (credentials.get("handle") or "").lstrip("@")
    password = credentials.get("app_password") or ""
    if not handle or not password:
        raise PermanentError("Bluesky: the channel has no handle or app password")
    key = (service, handle, hashlib.sha256(password.encode()).hexdigest())
    with _SESSIONS_LOCK:
        client = _SESSIONS.get(key)
        if client is None:
            client = Client(base_url=service)
            with network_errors("the login"):
                client.login(handle, password)
            _SESSIONS[key] = client
    return client


def forget_sessions() -> None:
    with _SESSIONS_LOCK:
        _SESSIONS.clear()


# --------------------------------------------------------------------------- connector


@register
class BlueskyConnector(Connector):
    kind = "bluesky"
    max_reply_length = 300  # graphemes
    # Documented: 3,000 requests per 5 minutes per IP; 5,000 record points per hour.
    rate_limit = (3000, 300)
    credential_fields = {
        "service": _("Server (PDS) address"),
        "handle": _("Handle"),
        "app_password": _("App password"),
        "moderation_did": _("Moderation service DID (optional)"),
        "stream_url": _("Firehose address for streaming (optional)"),
        "plc_url": _("PLC directory (optional)"),
    }
    can_find_replies = True
    repeatable_verbs = frozenset({"hide", "mute", "block"})

    @classmethod
    def capabilities(cls) -> dict[str, Capability]:
        return {
            "reply": Capability(True, _("Up to 300 characters.")),
            "hide": Capability(
                True,
                _(
                    "Only replies under the brand's own posts (threadgate), "
                    "and quotes of the brand's posts (detached)."
                ),
            ),
            "delete": Capability(
                False,
                _("Bluesky lets an account delete only its own posts: hide or report instead."),
            ),
            "block": Capability(True, _("Public on Bluesky: the author can see the block.")),
            "mute": Capability(True, _("Private: the author is not told.")),
            "report": Capability(True, _("Sent to the moderation service.")),
        }

    # -- session -------------------------------------------------------------
    def client(self):
        return _session(self.credentials)

    @property
    def brand_did(self) -> str:
        return self.client().me.did

    # -- reading -------------------------------------------------------------
    def fetch(self, cursor: str) -> FetchResult:
        client = self.client()
        since, seen_then = parse_cursor(cursor)
        wanted = []
        newest, at_newest = since, set(seen_then)
        page_cursor = None
        with network_errors("reading notifications"):
            for _page in range(MAX_PAGES):
                params = {"limit": PAGE_SIZE}
                if page_cursor:
                    params["cursor"] = page_cursor
                page = client.app.bsky.notification.list_notifications(params=params)
                reached_cursor = False
                for n in page.notifications:
                    if since and n.indexed_at < since:
                        reached_cursor = True
                        break
                    if n.indexed_at == since and n.uri in seen_then:
                        continue  # read by the previous poll
                    if not newest or n.indexed_at > newest:
                        newest, at_newest = n.indexed_at, set()
                    if n.indexed_at == newest:
                        at_newest.add(n.uri)
                    if n.reason in READ_REASONS and n.author.did != client.me.did:
                        wanted.append(n)
                # The first poll of a new channel reads the newest page only.
                if reached_cursor or not since or not page.cursor or not page.notifications:
                    break
                page_cursor = page.cursor
            profiles = self._profiles({n.author.did for n in wanted}) if wanted else {}
        created = {
            did: self._account_created(did)
            for did, p in profiles.items()
            if not getattr(p, "created_at", None)
        }
        items = [
            self._item(n, profiles.get(n.author.did), created.get(n.author.did))
            for n in reversed(wanted)
        ]
        return FetchResult(items=items, cursor=make_cursor(newest, at_newest))

    def _account_created(self, did: str) -> str | None:
        """When the account was made, from the PLC directory's log (its first operation).

        A profile only carries ``createdAt`` once its owner has written a
        profile record; the directory always knows. Best effort: None on failure.
        """
        if not did.startswith("did:plc:"):
            return None
        if did in _ACCOUNT_DATES:  # never changes
            return _ACCOUNT_DATES[did]
        import httpx

        plc = (self.credentials.get("plc_url") or DEFAULT_PLC).rstrip("/")
        try:
            answer = httpx.get(f"{plc}/{did}/log/audit", timeout=5.0)
            answer.raise_for_status()
            entries = answer.json()
            created = entries[0]["createdAt"] if entries else None
            if len(_ACCOUNT_DATES) > 10_000:
                _ACCOUNT_DATES.clear()
            _ACCOUNT_DATES[did] = created
            return created
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
            log.info("account date of %s unknown: %s", did, exc)
            return None

    def _profiles(self, dids: set[str]) -> dict:
        """Full profiles (counts), 25 per call; kept a minute to spare the AppView in bursts."""
        client = self.client()
        now = time.monotonic()
        found = {}
        missing = []
        for did in sorted(dids):
            cached = _PROFILES.get(did)
            if cached and now - cached[0] < PROFILE_TTL_S:
                found[did] = cached[1]
            else:
                missing.append(did)
        for i in range(0, len(missing), PROFILES_PER_CALL):
            chunk = missing[i : i + PROFILES_PER_CALL]
            answer = client.app.bsky.actor.get_profiles(params={"actors": chunk})
            for p in answer.profiles:
                found[p.did] = p
                _PROFILES[p.did] = (now, p)
        if len(_PROFILES) > 10_000:
            _PROFILES.clear()
        return found

    def _item(self, n, profile, account_created: str | None = None) -> tuple[dict, dict]:
        from atproto_client.models.utils import get_model_as_dict

        raw = get_model_as_dict(n)
        row = self._row(
            n.uri,
            raw.get("record") or {},
            READ_REASONS[n.reason],
            profile or n.author,
            account_created,
            fallback_time=n.indexed_at,
        )
        return row, raw

    def _row(self, uri, record, kind, author, account_created=None, fallback_time="") -> dict:
        reply = record.get("reply") or {}
        langs = record.get("langs") or []
        row = {
            "network_id": uri,
            "text": record.get("text", ""),
            "created_at": record.get("createdAt") or fallback_time,
            "kind": kind,
            "url": post_url(author.handle, uri),
            "author": self._author_row(author),
        }
        if account_created and not row["author"].get("created_at"):
            row["author"]["created_at"] = account_created
        if reply.get("parent", {}).get("uri"):
            row["in_reply_to"] = reply["parent"]["uri"]
            row["thread_id"] = reply.get("root", {}).get("uri") or reply["parent"]["uri"]
        if langs and isinstance(langs[0], str) and 2 <= len(langs[0]) <= 8:
            row["lang"] = langs[0]
        return row

    def stream_items(self, seen: list[dict]) -> list[tuple[dict, dict]]:
        """Rows for posts read on the firehose (see ``stream``), like ``fetch``'s.

        Stored at once by the stream's poller; the next notifications poll
        finds them again and dedupe keeps them single. The author's profile
        still comes from the AppView (one getProfiles call).
        """
        with network_errors("reading profiles"):
            profiles = self._profiles({item["author"] for item in seen})
        items = []
        for item in seen:
            profile = profiles.get(item["author"])
            if profile is None:  # not indexed yet, or gone: the notifications poll will tell
                continue
            created = None
            if not getattr(profile, "created_at", None):
                created = self._account_created(item["author"])
            raw = {**item, "source": "firehose"}
            items.append(
                (self._row(item["uri"], item["record"], item["reason"], profile, created), raw)
            )
        return items

    @staticmethod
    def _author_row(p) -> dict:
        row = {
            "handle": p.handle,
            "network_id": p.did,
            "display_name": p.display_name or "",
            "bio": getattr(p, "description", None) or "",
            "url": f"https://bsky.app/profile/{p.handle}",
        }
        for field, attr in (
            ("followers", "followers_count"),
            ("following", "follows_count"),
            ("posts", "posts_count"),
        ):
            value = getattr(p, attr, None)
            if value is not None:
                row[field] = value
        if getattr(p, "created_at", None):
            row["created_at"] = p.created_at
        verification = getattr(p, "verification", None)
        if verification is not None and getattr(verification, "verified_status", "") == "valid":
            row["verified"] = True
        return row

    def fetch_profile(self, network_id_or_handle: str) -> Profile:
        with network_errors("reading a profile"):
            p = self.client().app.bsky.actor.get_profile(params={"actor": network_id_or_handle})
        row = self._author_row(p)
        created = row.get("created_at")
        return Profile(
            network_id=p.did,
            handle=p.handle,
            display_name=row["display_name"],
            bio=row["bio"],
            followers=row.get("followers"),
            following=row.get("following"),
            posts=row.get("posts"),
            created_at=datetime.fromisoformat(created.replace("Z", "+00:00")) if created else None,
            verified=row.get("verified", False),
            url=row["url"],
        )

    # -- what a message is, on the network ---------------------------------
    def _post(self, message) -> dict:
        """The post's uri, cid and record (from the stored notification, else the network)."""
        raw = (message.raw or {}).get("raw") or {}
        if raw.get("uri") == message.network_id and raw.get("cid") and raw.get("record"):
            return {"uri": raw["uri"], "cid": raw["cid"], "record": raw["record"]}
        from atproto_client.models.utils import get_model_as_dict

        with network_errors("reading the post"):
            posts = self.client().app.bsky.feed.get_posts(params={"uris": [message.network_id]})
        if not posts.posts:
            raise PermanentError("Bluesky: the post is gone (deleted or blocked)")
        p = posts.posts[0]
        return {"uri": p.uri, "cid": p.cid, "record": get_model_as_dict(p.record)}

    def _get_record(self, collection: str, rkey: str, repo: str | None = None):
        """The record, or None when there is none (the one 'not found' we expect)."""
        from atproto_client import exceptions as ex

        try:
            with network_errors("reading a record"):
                return self.client().com.atproto.repo.get_record(
                    params={"repo": repo or self.brand_did, "collection": collection, "rkey": rkey}
                )
        except PermanentError:
            return None
        except ex.AtProtocolError:  # pragma: no cover - mapped above
            return None

    def _create(self, collection: str, rkey: str, record: dict, what: str) -> ActionResult:
        """createRecord at a key of our choosing; 'already exists' means done before."""
        client = self.client()
        try:
            with network_errors(what):
                created = client.com.atproto.repo.create_record(
                    data={
                        "repo": client.me.did,
                        "collection": collection,
                        "rkey": rkey,
                        "record": record,
                    }
                )
        except (PermanentError, TransientError):
            existing = self._get_record(collection, rkey)
            if existing is None:
                raise
            return ActionResult(network_id=existing.uri, already_done=True)
        return ActionResult(network_id=created.uri, raw={"cid": created.cid})

    # -- acting ----------------------------------------------------------------
    def reply(self, message, text: str, *, idempotency_key: str) -> ActionResult:
        if not text.strip():
            raise PermanentError("Bluesky: an empty reply cannot be sent")
        if grapheme_count(text) > self.max_reply_length:
            raise PermanentError(
                f"Bluesky: replies are limited to {self.max_reply_length} characters"
            )
        post = self._post(message)
        parent = {"uri": post["uri"], "cid": post["cid"]}
        root = (post["record"].get("reply") or {}).get("root") or parent
        record = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": _now_iso(),
            "reply": {"root": {"uri": root["uri"], "cid": root["cid"]}, "parent": parent},
        }
        result = self._create(
            "app.bsky.feed.post", tid_from_key(idempotency_key), record, "the reply"
        )
        result.url = post_url(self.client().me.handle, result.network_id)
        return result

    def find_reply(self, message, *, idempotency_key: str) -> ActionResult | None:
        found = self._get_record("app.bsky.feed.post", tid_from_key(idempotency_key))
        if found is None:
            return None
        return ActionResult(
            network_id=found.uri,
            url=post_url(self.client().me.handle, found.uri),
            already_done=True,
        )

    def hide(self, message, *, idempotency_key: str) -> ActionResult:
        post = self._post(message)
        record = post["record"]
        brand = self.brand_did
        root_uri = ((record.get("reply") or {}).get("root") or {}).get("uri", "")
        if root_uri and _did_of(root_uri) == brand:
            return self._gate(
                "app.bsky.feed.threadgate", root_uri, "hiddenReplies", post["uri"], "hiding"
            )
        quoted = _quoted_uri(record)
        if quoted and _did_of(quoted) == brand:
            return self._gate(
                "app.bsky.feed.postgate", quoted, "detachedEmbeddingUris", post["uri"], "detaching"
            )
        raise PermanentError(
            "Bluesky lets the brand hide only replies under its own posts and quotes of them"
        )

    def _gate(self, collection: str, post_uri: str, field: str, target: str, what: str):
        """Adds ``target`` to the gate record of the brand's post (key = the post's key)."""
        rkey = post_uri.rsplit("/", 1)[-1]
        existing = self._get_record(collection, rkey)
        from atproto_client.models.utils import get_model_as_dict

        value = get_model_as_dict(existing.value) if existing is not None else {}
        listed = list(value.get(field) or [])
        if target in listed:
            return ActionResult(network_id=existing.uri, already_done=True)
        value.update({"$type": collection, "post": post_uri, field: [*listed, target]})
        value.setdefault("createdAt", _now_iso())
        client = self.client()
        with network_errors(what):
            written = client.com.atproto.repo.put_record(
                data={
                    "repo": client.me.did,
                    "collection": collection,
                    "rkey": rkey,
                    "record": value,
                }
            )
        return ActionResult(network_id=written.uri)

    def block(self, author, *, idempotency_key: str) -> ActionResult:
        record = {
            "$type": "app.bsky.graph.block",
            "subject": author.network_id,
            "createdAt": _now_iso(),
        }
        return self._create(
            "app.bsky.graph.block", tid_from_key(idempotency_key), record, "the block"
        )

    def mute(self, author, *, idempotency_key: str) -> ActionResult:
        with network_errors("the mute"):
            self.client().app.bsky.graph.mute_actor(data={"actor": author.network_id})
        return ActionResult(network_id=author.network_id)

    def report(
        self, message, *, reason: str, category: str = "other", idempotency_key: str
    ) -> ActionResult:
        moderation = self.credentials.get("moderation_did") or ""
        service = (self.credentials.get("service") or DEFAULT_SERVICE).rstrip("/")
        if not moderation and service == DEFAULT_SERVICE:
            moderation = BLUESKY_MODERATION_DID
        if not moderation:
            raise PermanentError("Bluesky: no moderation service is set for this channel")
        post = self._post(message)
        client = self.client().with_proxy("atproto_labeler", moderation)
        with network_errors("the report"):
            answer = client.com.atproto.moderation.create_report(
                data={
                    "reasonType": REPORT_REASONS.get(
                        category, "com.atproto.moderation.defs#reasonOther"
                    ),
                    "reason": reason[:2000],
                    "subject": {
                        "$type": "com.atproto.repo.strongRef",
                        "uri": post["uri"],
                        "cid": post["cid"],
                    },
                }
            )
        return ActionResult(network_id=str(answer.id), raw={"moderation": moderation})

    # -- streaming -------------------------------------------------------------
    def stream(self, on_activity: Callable[[list], None], stop: threading.Event) -> None:
        """Blocks, calling ``on_activity(seen)`` when a new post names the brand's DID.

        ``seen`` lists the posts that mention, reply to or quote the brand
        (uri, cid, record, author DID, reason), for ``stream_items``; it may
        be empty (the DID was there, the reason unclear): the poller then
        asks the notifications. The notifications stay the source of truth
        and hold the cursor. Returns when ``stop`` is set or the connection
        ends (the supervisor starts it again).
        """
        from atproto import (
            CAR,
            FirehoseSubscribeReposClient,
            models,
            parse_subscribe_repos_message,
        )

        url = self.credentials.get("stream_url")
        if not url:
            return
        if "/subscribe" in url:  # Jetstream: JSON, filtered by collection on the server
            return self._jetstream(url, on_activity, stop)
        brand_did = self.brand_did
        brand = brand_did.encode()
        firehose = FirehoseSubscribeReposClient(base_uri=url)
        stopper = threading.Thread(
            target=lambda: (stop.wait(), firehose.stop()), name="firehose-stop", daemon=True
        )
        stopper.start()

        def on_message(message) -> None:
            commit = parse_subscribe_repos_message(message)
            if not isinstance(commit, models.ComAtprotoSyncSubscribeRepos.Commit):
                return
            if commit.repo.encode() == brand:
                return
            posts = [
                op
                for op in commit.ops
                if op.action == "create" and op.path.startswith("app.bsky.feed.post/")
            ]
            # A mention (facet), reply (parent/root uri) or quote (embed uri)
            # of the brand carries its DID in the record's bytes: a cheap test
            # before decoding anything.
            if not posts or brand not in (commit.blocks or b""):
                return
            seen = []
            try:
                car = CAR.from_bytes(commit.blocks)
                for op in posts:
                    record = car.blocks.get(op.cid)
                    reason = reason_for(record or {}, brand_did)
                    if reason:
                        seen.append(
                            {
                                "uri": f"at://{commit.repo}/{op.path}",
                                "cid": str(op.cid),
                                "record": jsonable(record),
                                "author": commit.repo,
                                "reason": reason,
                            }
                        )
            except Exception as exc:  # an odd commit: the notifications poll still reads it
                log.info("firehose commit not decoded: %s", exc)
            on_activity(seen)

        firehose.start(on_message)

    def _jetstream(self, url: str, on_activity, stop: threading.Event) -> None:
        """The same, from a Jetstream (``…/subscribe``): JSON events, posts only.

        On bsky.social this is the light choice: the relay's own firehose
        carries every commit in the network as CBOR; Jetstream sends posts as
        JSON, and a message is parsed only when the brand's DID is in its text.
        """
        import json as _json
        from urllib.parse import urlencode

        from websockets.sync.client import connect

        brand_did = self.brand_did
        query = urlencode({"wantedCollections": "app.bsky.feed.post"})
        address = url + ("&" if "?" in url else "?") + query
        with connect(address, open_timeout=10, close_timeout=2) as ws:
            closer = threading.Thread(
                target=lambda: (stop.wait(), ws.close()), name="jetstream-stop", daemon=True
            )
            closer.start()
            for message in ws:
                if stop.is_set():
                    return
                if brand_did not in message:
                    continue
                try:
                    event = _json.loads(message)
                    commit = event.get("commit") or {}
                    if (
                        event.get("kind") != "commit"
                        or commit.get("operation") != "create"
                        or commit.get("collection") != "app.bsky.feed.post"
                        or event.get("did") == brand_did
                    ):
                        continue
                    record = commit.get("record") or {}
                    reason = reason_for(record, brand_did)
                    uri = f"at://{event['did']}/app.bsky.feed.post/{commit['rkey']}"
                except (ValueError, KeyError, TypeError, AttributeError) as exc:
                    log.info("jetstream event not read: %s", exc)
                    on_activity([])
                    continue
                seen = []
                if reason:
                    seen.append(
                        {
                            "uri": uri,
                            "cid": commit.get("cid", ""),
                            "record": record,
                            "author": event["did"],
                            "reason": reason,
                        }
                    )
                on_activity(seen)


def reason_for(record: dict, brand_did: str) -> str | None:
    """Why a post concerns the brand, as its notifications would say (reply > quote > mention)."""
    parent = ((record.get("reply") or {}).get("parent") or {}).get("uri", "")
    if parent and _did_of(parent) == brand_did:
        return "reply"
    quoted = _quoted_uri(record)
    if quoted and _did_of(quoted) == brand_did:
        return "quote"
    for facet in record.get("facets") or []:
        for feature in facet.get("features") or []:
            if feature.get("did") == brand_did and str(feature.get("$type", "")).endswith(
                "#mention"
            ):
                return "mention"
    return None


def jsonable(value):
    """A decoded DAG-CBOR record as JSON (CID links and bytes become strings)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def _quoted_uri(record: dict) -> str:
    embed = record.get("embed") or {}
    inner = embed.get("record") or {}
    if isinstance(inner.get("record"), dict):  # recordWithMedia
        inner = inner["record"]
    return inner.get("uri", "")
