"""Mastodon: against mastodon-mock (a real local server of Mastodon's client API)
plus recorded payloads in Mastodon's documented JSON for what the mock does not do."""

import time

import pytest
import responses
from mastodon_mock.testing import MockServer

from accalmie.channels.connectors.base import (
    PermanentError,
    RateLimited,
    TransientError,
    get_connector,
)
from accalmie.channels.connectors.mastodon import MastodonConnector
from accalmie.inbox.models import Message
from accalmie.testing.factories import AuthorFactory

from .network_helpers import channel_with, fetch_and_ingest, load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def server():
    with MockServer() as s:  # alice = the brand, bob = a customer
        yield s


@pytest.fixture
def brand_channel(server):
    return channel_with(
        "mastodon",
        {"api_base_url": server.base_url, "access_token": "alice_token"},
        name="masto-brand",
        handle="alice",
    )


def test_mentions_reach_the_inbox_once_with_the_authors_profile(server, brand_channel):
    bob = server.client("bob")
    posted = bob.status_post("@alice my train is 40 minutes late <b>again</b>")
    result, report = fetch_and_ingest(brand_channel)
    assert report.created >= 1
    msg = Message.objects.get(channel=brand_channel, network_id=str(posted["id"]))
    assert msg.text == "@alice my train is 40 minutes late <b>again</b>"
    assert msg.author.handle == "bob" and msg.author.network_id == str(posted["account"]["id"])
    assert msg.author.posts is not None and msg.author.account_created_at is not None
    # The next poll starts after the cursor: nothing again, nothing doubled.
    again, report2 = fetch_and_ingest(brand_channel, result.cursor)
    assert again.items == [] and report2.created == 0
    # The same batch ingested twice (a crash before the cursor was saved): stored once.
    _, report3 = fetch_and_ingest(brand_channel, "")
    assert report3.created == 0
    assert Message.objects.filter(channel=brand_channel, network_id=str(posted["id"])).count() == 1


def test_reply_is_posted_once_per_idempotency_key(server, brand_channel):
    bob = server.client("bob")
    posted = bob.status_post("@alice where is my refund?")
    fetch_and_ingest(brand_channel)
    msg = Message.objects.get(channel=brand_channel, network_id=str(posted["id"]))
    connector = get_connector(brand_channel)
    first = connector.reply(msg, "We are on it, sorry.", idempotency_key="out-1")
    second = get_connector(brand_channel).reply(
        msg, "We are on it, sorry.", idempotency_key="out-1"
    )
    assert first.network_id == second.network_id
    context = bob.status_context(posted["id"])
    replies = [s for s in context["descendants"] if str(s["in_reply_to_id"]) == str(posted["id"])]
    assert len(replies) == 1
    assert "@bob" in replies[0]["content"] and "We are on it" in replies[0]["content"]


def test_block_mute_and_report_take_effect(server, brand_channel):
    bob = server.client("bob")
    posted = bob.status_post("@alice you are all idiots")
    fetch_and_ingest(brand_channel)
    msg = Message.objects.get(channel=brand_channel, network_id=str(posted["id"]))
    connector = get_connector(brand_channel)
    connector.block(msg.author, idempotency_key="b-1")
    connector.mute(msg.author, idempotency_key="m-1")
    rel = server.client("alice").account_relationships(msg.author.network_id)[0]
    assert rel["blocking"] and rel["muting"]
    result = connector.report(msg, reason="insults", category="spam", idempotency_key="r-1")
    assert result.raw["category"] == "spam"
    assert [str(i) for i in result.raw["status_ids"]] == [str(posted["id"])]


def test_profile_fields(server, brand_channel):
    profile = get_connector(brand_channel).fetch_profile("@bob")
    assert profile.handle == "bob" and profile.posts is not None and profile.created_at


def test_capabilities_say_why_hide_is_missing():
    caps = MastodonConnector.capabilities()
    assert not caps["hide"].supported and "moderators" in str(caps["hide"].reason)
    assert caps["report"].supported and caps["block"].supported and caps["mute"].supported


# -- recorded payloads: Mastodon's documented entities, HTTP mocked ----------
BASE = "https://mastodon.example"


@pytest.fixture
def recorded_channel(db):
    return channel_with(
        "mastodon", {"api_base_url": BASE, "access_token": "tok"}, name="masto-recorded"
    )


@responses.activate
def test_recorded_notification_is_plain_text_and_hostile_profile_is_inert(recorded_channel):
    responses.get(f"{BASE}/api/v1/notifications", json=load("mastodon", "notifications.json"))
    result, report = fetch_and_ingest(recorded_channel)
    assert result.cursor == "34975861" and report.created == 1
    msg = Message.objects.get(network_id="113456789012345678")
    assert msg.text == "@railatlantique encore 40 min de retard <b>bravo</b>\n\nNuls."
    assert msg.kind == "reply" and msg.in_reply_to == "113456789000000001"
    assert msg.author.handle == "trainhater42@piaille.fr"
    assert msg.author.followers == 3 and msg.author.following == 250
    assert msg.author.bio == "I say what I want & you'll read it"
    sent = responses.calls[0].request
    assert "types%5B%5D=mention" in sent.url or "types[]=mention" in sent.url


@responses.activate
def test_cursor_is_sent_as_min_id(recorded_channel):
    responses.get(f"{BASE}/api/v1/notifications", json=[])
    result = get_connector(recorded_channel).fetch("34975861")
    assert "min_id=34975861" in responses.calls[0].request.url
    assert result.items == [] and result.cursor == "34975861"


@responses.activate
def test_rate_limit_gives_retry_after_from_the_reset_header(recorded_channel):
    reset = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + 120))
    responses.get(
        f"{BASE}/api/v1/notifications",
        status=429,
        json=load("mastodon", "rate_limited.json"),
        headers={
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": reset,
        },
    )
    with pytest.raises(RateLimited) as exc:
        get_connector(recorded_channel).fetch("")
    assert 100 < exc.value.retry_after <= 121


@pytest.mark.parametrize(
    ("status", "error"), [(503, TransientError), (500, TransientError), (401, PermanentError)]
)
@responses.activate
def test_server_errors_and_bad_token(recorded_channel, status, error):
    responses.get(f"{BASE}/api/v1/notifications", status=status, json={"error": "x"})
    with pytest.raises(error) as exc:
        get_connector(recorded_channel).fetch("")
    assert not isinstance(exc.value, RateLimited)


@responses.activate
def test_too_long_reply_is_refused_before_any_call(recorded_channel, message):
    with pytest.raises(PermanentError):
        get_connector(recorded_channel).reply(message, "x" * 501, idempotency_key="k")
    assert len(responses.calls) == 0


@responses.activate
def test_reply_sends_the_idempotency_key_header(recorded_channel):
    status = load("mastodon", "notifications.json")[0]["status"]
    responses.post(f"{BASE}/api/v1/statuses", json={**status, "id": "999", "in_reply_to_id": "5"})
    fetch_msg = Message(channel=recorded_channel, network_id="5", text="x", raw={})
    fetch_msg.author = AuthorFactory(network="mastodon", handle="carol@example.org")
    result = get_connector(recorded_channel).reply(fetch_msg, "Bonjour", idempotency_key="idem-42")
    request = responses.calls[0].request
    assert request.headers["Idempotency-Key"] == "idem-42"
    body = request.body if isinstance(request.body, str) else request.body.decode()
    assert "in_reply_to_id=5" in body and "carol%40example.org" in body
    assert result.network_id == "999"


def test_find_reply_finds_the_brands_earlier_reply_in_the_thread(server, brand_channel):
    from accalmie.channels.models import OutboundAction

    bob = server.client("bob")
    posted = bob.status_post("@alice is the 8817 running today?")
    other = bob.status_post("@alice and the 8819?")
    fetch_and_ingest(brand_channel)
    msg = Message.objects.get(channel=brand_channel, network_id=str(posted["id"]))
    unanswered = Message.objects.get(channel=brand_channel, network_id=str(other["id"]))
    text = "Yes, on time this morning."
    for key, target in (("find-1", msg), ("find-2", unanswered)):
        OutboundAction.objects.create(
            channel=brand_channel,
            verb="reply",
            message=target,
            idempotency_key=key,
            payload={"text": text},
        )
    connector = get_connector(brand_channel)
    assert connector.can_find_replies
    assert connector.find_reply(msg, idempotency_key="find-1") is None  # not sent yet
    sent = connector.reply(msg, text, idempotency_key="find-1")
    found = get_connector(brand_channel).find_reply(msg, idempotency_key="find-1")
    assert found and found.already_done and found.network_id == sent.network_id
    assert get_connector(brand_channel).find_reply(unanswered, idempotency_key="find-2") is None


def test_stream_rings_on_a_mention(server, brand_channel):
    import threading

    brand_channel.set_credentials(
        {
            "api_base_url": server.base_url,
            "access_token": "alice_token",
            "stream_url": server.base_url,
        }
    )
    brand_channel.save()
    rang, stop = threading.Event(), threading.Event()
    seen: list = []

    def ring(items=None):
        seen.extend(items or [])
        rang.set()

    connector = get_connector(brand_channel)
    reader = threading.Thread(target=connector.stream, args=(ring, stop), daemon=True)
    reader.start()
    try:
        time.sleep(1.0)
        assert not rang.is_set()  # nothing rings without a mention
        # The stream connects in the background (no ready signal): mention until it rings.
        for attempt in range(15):
            server.client("carol").status_post(f"@alice live #{attempt}: the 8817 just stopped")
            if rang.wait(1.0):
                break
        assert rang.is_set(), "no ring within 15 s"
    finally:
        stop.set()
        reader.join(5)
    assert not reader.is_alive()
    # What rang is stored straight away, as the poll would have stored it.
    from accalmie.channels.fetching import store_stream_items

    rows = connector.stream_items(seen)
    assert rows and rows[0][0]["text"].startswith("@alice live #")
    assert store_stream_items(brand_channel.pk, seen)["created"] == len(rows)
    _, later = fetch_and_ingest(brand_channel)
    assert (
        Message.objects.filter(channel=brand_channel, text__startswith="@alice live #0").count()
        == 1
    )
