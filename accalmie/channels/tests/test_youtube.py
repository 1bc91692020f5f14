"""YouTube: recorded Data API v3 payloads; the library's own HttpMockSequence as the HTTP
layer; the service built from a discovery document saved beside the payloads."""

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httplib2
import pytest
from googleapiclient.discovery import build_from_document
from googleapiclient.http import HttpMockSequence

from accalmie.channels.connectors.base import (
    NotSupported,
    PermanentError,
    RateLimited,
    TransientError,
    get_connector,
)
from accalmie.channels.connectors.youtube import YouTubeConnector, seconds_to_quota_reset
from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message

from .network_helpers import PAYLOADS, channel_with, load

pytestmark = pytest.mark.django_db

BRAND = "UCrailatlantique0000000"
OK = {"status": "200", "content-type": "application/json"}
NO_CONTENT = ({"status": "204"}, "")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    # Anything that would reach past the mock fails the test at once.
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(httplib2.Http, "request", refuse)


@pytest.fixture
def yt_channel(db):
    return channel_with(
        "youtube",
        {"channel_id": BRAND, "client_id": "cid", "client_secret": "cs", "refresh_token": "rt"},
        name="yt-brand",
    )


def connector_with(channel, responses):
    """The channel's connector talking to a scripted HTTP layer; returns (connector, http)."""
    http = HttpMockSequence(responses)
    doc = (PAYLOADS / "youtube" / "discovery_youtube_v3.json").read_text()
    connector = get_connector(channel)
    connector._service = build_from_document(doc, http=http)
    return connector, http


def _json(name):
    return (OK, json.dumps(load("youtube", name)))


def _query(uri) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(uri).query).items()}


def _ingest(channel, result):
    return ingest_rows(channel, [(i, row) for i, (row, _raw) in enumerate(result.items, 1)])


def test_comment_threads_reach_the_inbox_once_with_channel_profiles(yt_channel):
    connector, http = connector_with(
        yt_channel, [_json("comment_threads.json"), _json("channels.json")]
    )
    result = connector.fetch("")
    report = _ingest(yt_channel, result)
    assert report.created == 3 and not report.errors
    uri, method, _body, _headers = http.request_sequence[0]
    assert method == "GET" and urlsplit(uri).path == "/youtube/v3/commentThreads"
    assert _query(uri)["allThreadsRelatedToChannelId"] == BRAND and _query(uri)["order"] == "time"
    authors = _query(http.request_sequence[1][0])["id"].split(",")
    assert sorted(authors) == sorted(
        ["UCmarie00000000000000000", "UCtrainhater42000000000", "UCfan00000000000000000000"]
    )
    angry = Message.objects.get(network_id="UgzThreadAngry01")
    assert angry.text == "Encore 40 min de retard <b>bravo</b>" and angry.kind == "comment"
    assert angry.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzThreadAngry01"
    assert (
        angry.author.handle == "trainhater42"
        and angry.author.network_id == "UCtrainhater42000000000"
    )
    assert angry.author.followers == 3 and angry.author.account_created_at.year == 2026
    reply = Message.objects.get(network_id="UgzThreadAngry01.9xReplyMarie")
    assert reply.kind == "reply" and reply.in_reply_to == "UgzThreadAngry01"
    assert json.loads(result.cursor) == {"since": "2026-11-20T09:20:00Z"}
    assert not result.more  # a first poll reads the latest page only

    # Next poll: only what is newer than the cursor; the same again is stored once.
    connector, http = connector_with(yt_channel, [_json("comment_threads.json")])
    again = connector.fetch(result.cursor)
    assert again.items == [] and len(http.request_sequence) == 1
    assert _ingest(yt_channel, result).created == 0
    assert Message.objects.filter(channel=yt_channel).count() == 3


def test_a_long_walk_keeps_its_page_token_in_the_cursor(yt_channel):
    since = json.dumps({"since": "2026-10-01T00:00:00Z"})
    connector, http = connector_with(
        yt_channel, [_json("comment_threads.json"), _json("channels.json")]
    )
    first = connector.fetch(since)
    assert first.more and len(first.items) == 3
    state = json.loads(first.cursor)
    assert state == {
        "since": "2026-10-01T00:00:00Z",
        "newest": "2026-11-20T09:20:00Z",
        "page": "QURTSl9pM",
    }
    empty = (OK, json.dumps({"items": []}))
    connector, http = connector_with(yt_channel, [empty])
    last = connector.fetch(first.cursor)
    assert _query(http.request_sequence[0][0])["pageToken"] == "QURTSl9pM"
    assert not last.more and json.loads(last.cursor) == {"since": "2026-11-20T09:20:00Z"}


def _stored(yt_channel):
    connector, _ = connector_with(
        yt_channel, [_json("comment_threads.json"), _json("channels.json")]
    )
    _ingest(yt_channel, connector.fetch(""))
    return Message.objects.get(network_id="UgzThreadAngry01.9xReplyMarie"), Message.objects.get(
        network_id="UgzThreadAngry01"
    )


def test_reply_hide_reject_and_ban_send_the_right_requests(yt_channel):
    reply_msg, angry = _stored(yt_channel)
    connector, http = connector_with(
        yt_channel, [_json("comment_inserted.json"), NO_CONTENT, NO_CONTENT, NO_CONTENT]
    )
    made = connector.reply(reply_msg, "Nous sommes désolés.", idempotency_key="k")
    connector.hide(angry, idempotency_key="h")
    connector.delete(angry, idempotency_key="d")
    connector.block(angry.author, idempotency_key="b")
    calls = http.request_sequence
    uri, method, body, _ = calls[0]
    assert method == "POST" and urlsplit(uri).path == "/youtube/v3/comments"
    # A reply to a reply goes under the thread's top-level comment.
    assert json.loads(body) == {
        "snippet": {"parentId": "UgzThreadAngry01", "textOriginal": "Nous sommes désolés."}
    }
    assert made.network_id == "UgzThreadAngry01.9xBrandReply"
    moderation = [(m, urlsplit(u).path, _query(u)) for u, m, _b, _h in calls[1:]]
    path = "/youtube/v3/comments/setModerationStatus"
    assert moderation == [
        (
            "POST",
            path,
            {
                "id": "UgzThreadAngry01",
                "moderationStatus": "heldForReview",
                "banAuthor": "false",
            },
        ),
        (
            "POST",
            path,
            {
                "id": "UgzThreadAngry01",
                "moderationStatus": "rejected",
                "banAuthor": "false",
            },
        ),
        (
            "POST",
            path,
            {
                "id": "UgzThreadAngry01",
                "moderationStatus": "rejected",
                "banAuthor": "true",
            },
        ),
    ]


def test_find_reply_looks_for_the_brands_reply_with_the_queued_text(yt_channel):
    from accalmie.channels.models import OutboundAction

    reply_msg, angry = _stored(yt_channel)
    OutboundAction.objects.create(
        channel=yt_channel,
        verb="reply",
        message=angry,
        idempotency_key="yk",
        payload={"text": "Nous sommes désolés."},
    )
    listing = {"items": [load("youtube", "comment_inserted.json")]}
    connector, http = connector_with(yt_channel, [(OK, json.dumps(listing))])
    found = connector.find_reply(angry, idempotency_key="yk")
    assert found and found.already_done and found.network_id == "UgzThreadAngry01.9xBrandReply"
    assert _query(http.request_sequence[0][0])["parentId"] == "UgzThreadAngry01"


def test_quota_spent_waits_until_pacific_midnight(yt_channel):
    connector, _ = connector_with(
        yt_channel, [({"status": "403"}, json.dumps(load("youtube", "quota_exceeded.json")))]
    )
    with pytest.raises(RateLimited) as exc:
        connector.fetch("")
    assert abs(exc.value.retry_after - seconds_to_quota_reset()) < 5
    # 23:30 in Los Angeles (07:30 UTC in November): half an hour left.
    assert seconds_to_quota_reset(datetime(2026, 11, 21, 7, 30, tzinfo=UTC)) == 1800


def test_429_with_retry_after(yt_channel):
    connector, _ = connector_with(yt_channel, [({"status": "429", "retry-after": "30"}, "{}")])
    with pytest.raises(RateLimited) as exc:
        connector.fetch("")
    assert exc.value.retry_after == 30


@pytest.mark.parametrize(
    ("status", "payload", "error"),
    [("503", "backend_error.json", TransientError), ("401", "unauthorized.json", PermanentError)],
)
def test_server_error_and_bad_credentials(yt_channel, status, payload, error):
    connector, _ = connector_with(
        yt_channel, [({"status": status}, json.dumps(load("youtube", payload)))]
    )
    with pytest.raises(error) as exc:
        connector.fetch("")
    assert type(exc.value) is error


def test_mute_report_not_offered_and_long_reply_refused_before_any_call(yt_channel, message):
    caps = YouTubeConnector.capabilities()
    assert not caps["mute"].supported and not caps["report"].supported
    assert "ban" in str(caps["block"].reason)
    connector, http = connector_with(yt_channel, [])
    with pytest.raises(NotSupported):
        connector.mute(message.author, idempotency_key="m")
    with pytest.raises(PermanentError):
        connector.reply(message, "x" * 10_001, idempotency_key="k")
    assert http.request_sequence == []


def test_profile_of_a_channel(yt_channel):
    one = {"items": [load("youtube", "channels.json")["items"][0]]}
    connector, http = connector_with(yt_channel, [(OK, json.dumps(one))])
    profile = connector.fetch_profile("UCtrainhater42000000000")
    assert profile.handle == "trainhater42" and profile.followers == 3 and profile.posts == 0
    assert profile.created_at.year == 2026
    assert _query(http.request_sequence[0][0])["id"] == "UCtrainhater42000000000"
