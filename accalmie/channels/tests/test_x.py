"""X: recorded API v2 payloads (X's documented JSON), tweepy's HTTP layer (requests) mocked."""

import json
import time

import pytest
import responses

from accalmie.channels.connectors.base import (
    NotSupported,
    PermanentError,
    RateLimited,
    TransientError,
    get_connector,
)
from accalmie.channels.connectors.x import XConnector
from accalmie.channels.models import OutboundAction
from accalmie.inbox.models import Message

from .network_helpers import channel_with, fetch_and_ingest, load

pytestmark = pytest.mark.django_db

API = "https://api.twitter.com/2"
BRAND_ID = "987654321"
MENTIONS = f"{API}/users/{BRAND_ID}/mentions"


@pytest.fixture
def x_channel(db):
    return channel_with(
        "x",
        {
            "consumer_key": "ck",
            "consumer_secret": "cs",
            "access_token": f"{BRAND_ID}-abcdef",
            "access_token_secret": "ats",
        },
        name="x-brand",
        handle="RailAtlantique",
    )


@pytest.fixture
def mocked():
    # Strict: any request not registered here fails the test (no network in tests).
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        yield rsps


def _ingested(x_channel, mocked):
    mocked.get(MENTIONS, json=load("x", "mentions.json"))
    return fetch_and_ingest(x_channel)


def test_mentions_reach_the_inbox_once_with_public_metrics(x_channel, mocked):
    result, report = _ingested(x_channel, mocked)
    assert report.created == 2 and result.cursor == "1859912345678901250"
    request = mocked.calls[0].request
    assert "expansions=author_id" in request.url and "public_metrics" in request.url
    assert "since_id" not in request.url
    assert request.headers["Authorization"].startswith("OAuth ")
    angry = Message.objects.get(network_id="1859912345678901250")
    assert angry.kind == "reply" and angry.in_reply_to == "1859900000000000000"
    assert angry.author.handle == "trainhater42"
    assert angry.author.followers == 4 and angry.author.following == 870
    assert angry.author.posts == 1502 and angry.author.account_created_at.year == 2026
    assert angry.url == "https://x.com/trainhater42/status/1859912345678901250"
    # Polling again from the cursor sends since_id; the same items again are stored once.
    mocked.replace(responses.GET, MENTIONS, json=load("x", "mentions.json"))
    _, again = fetch_and_ingest(x_channel, result.cursor)
    assert "since_id=1859912345678901250" in mocked.calls[1].request.url
    assert again.created == 0 and Message.objects.filter(channel=x_channel).count() == 2


def test_pages_are_walked_down_to_the_cursor_and_resumed(x_channel, mocked, monkeypatch):
    monkeypatch.setattr("accalmie.channels.connectors.x.MAX_PAGES", 1)
    page1 = load("x", "mentions.json")
    page1["meta"]["next_token"] = "tok2"
    mocked.get(MENTIONS, json=page1)
    result = get_connector(x_channel).fetch("100")
    assert result.more and result.cursor == "100|1859912345678901250|tok2"
    mocked.replace(responses.GET, MENTIONS, json={"meta": {"result_count": 0}})
    done = get_connector(x_channel).fetch(result.cursor)
    assert "pagination_token=tok2" in mocked.calls[1].request.url
    assert "since_id=100" in mocked.calls[1].request.url
    assert not done.more and done.cursor == "1859912345678901250"


def test_reply_sends_the_right_request(x_channel, mocked):
    _ingested(x_channel, mocked)
    msg = Message.objects.get(network_id="1859912345678901250")
    mocked.post(f"{API}/tweets", json=load("x", "create_tweet.json"), status=201)
    text = "We are sorry about the 8817. A replacement bus leaves at 10:05."
    result = get_connector(x_channel).reply(msg, text, idempotency_key="k1")
    sent = mocked.calls[-1].request
    assert sent.method == "POST" and sent.url == f"{API}/tweets"
    assert json.loads(sent.body) == {
        "text": text,
        "reply": {"in_reply_to_tweet_id": "1859912345678901250"},
    }
    assert result.network_id == "1859999999999999999"


def test_find_reply_recognises_an_earlier_reply_by_its_queued_text(x_channel, mocked):
    _ingested(x_channel, mocked)
    msg = Message.objects.get(network_id="1859912345678901250")
    OutboundAction.objects.create(
        channel=x_channel,
        verb="reply",
        message=msg,
        idempotency_key="k-earlier",
        payload={"text": "We are sorry about the 8817. A replacement bus leaves at 10:05."},
    )
    mocked.get(f"{API}/users/{BRAND_ID}/tweets", json=load("x", "user_tweets.json"))
    found = get_connector(x_channel).find_reply(msg, idempotency_key="k-earlier")
    assert found and found.already_done and found.network_id == "1859999999999999999"
    other = Message.objects.get(network_id="1859912345678901249")
    assert get_connector(x_channel).find_reply(other, idempotency_key="k-earlier") is None


def test_hide_unhide_and_mute_requests(x_channel, mocked):
    _ingested(x_channel, mocked)
    msg = Message.objects.get(network_id="1859912345678901250")
    hidden = f"{API}/tweets/1859912345678901250/hidden"
    mocked.put(hidden, json={"data": {"hidden": True}})
    mocked.post(f"{API}/users/{BRAND_ID}/muting", json={"data": {"muting": True}})
    connector = get_connector(x_channel)
    connector.hide(msg, idempotency_key="h")
    connector.unhide(msg)
    connector.mute(msg.author, idempotency_key="m")
    calls = [
        (c.request.method, c.request.url, json.loads(c.request.body)) for c in mocked.calls[1:]
    ]
    assert calls == [
        ("PUT", hidden, {"hidden": True}),
        ("PUT", hidden, {"hidden": False}),
        ("POST", f"{API}/users/{BRAND_ID}/muting", {"target_user_id": "1401234567890"}),
    ]


def test_block_and_report_are_not_offered_and_never_called(x_channel, mocked, message):
    caps = XConnector.capabilities()
    assert not caps["block"].supported and "Enterprise" in str(caps["block"].reason)
    assert not caps["report"].supported
    assert caps["hide"].supported and "started" in str(caps["hide"].reason)
    connector = get_connector(x_channel)
    with pytest.raises(NotSupported):
        connector.block(message.author, idempotency_key="b")
    with pytest.raises(NotSupported):
        connector.report(message, reason="x", idempotency_key="r")
    assert len(mocked.calls) == 0


def test_rate_limit_reads_x_rate_limit_reset(x_channel, mocked):
    reset = int(time.time()) + 300
    mocked.get(
        MENTIONS,
        status=429,
        json=load("x", "rate_limited.json"),
        headers={
            "x-rate-limit-limit": "180",
            "x-rate-limit-remaining": "0",
            "x-rate-limit-reset": str(reset),
        },
    )
    with pytest.raises(RateLimited) as exc:
        get_connector(x_channel).fetch("")
    assert 290 < exc.value.retry_after <= 301


@pytest.mark.parametrize(("status", "error"), [(503, TransientError), (401, PermanentError)])
def test_server_error_and_bad_credentials(x_channel, mocked, status, error):
    mocked.get(MENTIONS, status=status, json=load("x", "unauthorized.json"))
    with pytest.raises(error) as exc:
        get_connector(x_channel).fetch("")
    assert type(exc.value) is error


def test_too_long_reply_refused_before_any_call(x_channel, mocked, message):
    with pytest.raises(PermanentError):
        get_connector(x_channel).reply(message, "é" * 281, idempotency_key="k")
    assert len(mocked.calls) == 0


def test_profile_with_public_metrics(x_channel, mocked):
    user = load("x", "mentions.json")["includes"]["users"][0]
    mocked.get(f"{API}/users/by/username/trainhater42", json={"data": user})
    profile = get_connector(x_channel).fetch_profile("@trainhater42")
    assert (profile.network_id, profile.followers, profile.following, profile.posts) == (
        "1401234567890",
        4,
        870,
        1502,
    )
    assert "public_metrics" in mocked.calls[0].request.url


def test_weighted_length_as_x_counts_it(x_channel, mocked, message):
    from accalmie.channels.connectors.x import weighted_length

    assert weighted_length("abc") == 3
    assert weighted_length("電車が遅い") == 10  # CJK counts double
    assert weighted_length("see https://example.com/a/very/long/path/indeed?x=1") == 4 + 23
    assert weighted_length("é" * 280) == 280  # Latin letters weigh 1
    with pytest.raises(PermanentError) as exc:
        get_connector(x_channel).reply(
            message, "遅" * 141, idempotency_key="k"
        )  # 141 chars, 282 weight
    assert "282" in str(exc.value)
    assert len(mocked.calls) == 0
