"""Facebook Page and Instagram: recorded Graph API payloads, httpx mocked with respx
(strict: an unmocked request fails); Meta's webhooks, signed and unsigned."""

import hashlib
import hmac
import json
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from accalmie.channels.connectors.base import (
    NotSupported,
    PermanentError,
    RateLimited,
    TransientError,
    get_connector,
)
from accalmie.channels.connectors.meta import GRAPH, FacebookConnector, InstagramConnector
from accalmie.inbox.models import Message

from .network_helpers import PAYLOADS, channel_with, fetch_and_ingest, load

pytestmark = pytest.mark.django_db

PAGE = "104210"
IG = "17841400000000000"
SECRET = "app-secret-xyz"
PAGE_TOKEN = "EAAB-page-token-secret"


@pytest.fixture
def fb_channel(db):
    return channel_with(
        "facebook",
        {
            "page_id": PAGE,
            "page_access_token": PAGE_TOKEN,
            "app_secret": SECRET,
            "verify_token": "vt-123",
        },
        name="fb-page",
    )


@pytest.fixture
def ig_channel(db):
    return channel_with(
        "instagram",
        {
            "ig_user_id": IG,
            "page_access_token": "ig-token",
            "app_secret": SECRET,
            "verify_token": "vt-ig",
        },
        name="ig-brand",
    )


@pytest.fixture
def graph():
    with respx.mock(base_url=GRAPH, assert_all_called=False, assert_all_mocked=True) as mock:
        yield mock


def _form(request) -> dict:
    return {k: v[0] for k, v in parse_qs(request.content.decode()).items()}


def test_facebook_comments_reach_the_inbox_once_without_the_pages_own(fb_channel, graph):
    graph.get(f"/{PAGE}/feed").respond(json=load("meta", "fb_feed.json"))
    comments = graph.get("/104210_5501/comments").respond(json=load("meta", "fb_comments.json"))
    result, report = fetch_and_ingest(fb_channel)
    assert report.created == 2  # the Page's own reply is not a case
    angry = Message.objects.get(network_id="5501_9001")
    assert angry.kind == "comment" and angry.thread_key == "104210_5501"
    assert angry.author.handle == "Train Hater" and angry.author.network_id == "7001"
    assert angry.text.endswith("<script>alert(1)</script>")
    reply = Message.objects.get(network_id="5501_9002")
    assert reply.kind == "reply" and reply.in_reply_to == "5501_9001"
    assert result.cursor == "1795166400"  # 09:20:00 UTC, the newest comment stored
    request = comments.calls.last.request
    assert request.headers["Authorization"] == f"Bearer {PAGE_TOKEN}"
    assert PAGE_TOKEN not in str(request.url)  # never in a URL a log line could keep
    proof = hmac.new(SECRET.encode(), PAGE_TOKEN.encode(), hashlib.sha256).hexdigest()
    assert request.url.params["appsecret_proof"] == proof
    # Next poll: since the cursor, nothing new; the same batch again is stored once.
    again, report2 = fetch_and_ingest(fb_channel, result.cursor)
    assert again.items == []
    assert report2.created == 0 and Message.objects.filter(channel=fb_channel).count() == 2


def test_facebook_actions_send_the_right_requests(fb_channel, graph, message):
    message.network_id = "5501_9001"
    message.author.network_id = "7001"
    routes = {
        "reply": graph.post("/5501_9001/comments").respond(json={"id": "5501_9200"}),
        "hide": graph.post("/5501_9001").respond(json={"success": True}),
        "delete": graph.delete("/5501_9001").respond(json={"success": True}),
        "block": graph.post(f"/{PAGE}/blocked").respond(json={"7001": True}),
    }
    connector = get_connector(fb_channel)
    made = connector.reply(message, "Nous sommes désolés.", idempotency_key="k")
    connector.hide(message, idempotency_key="h")
    connector.delete(message, idempotency_key="d")
    connector.block(message.author, idempotency_key="b")
    assert made.network_id == "5501_9200"
    assert _form(routes["reply"].calls.last.request) == {"message": "Nous sommes désolés."}
    assert _form(routes["hide"].calls.last.request) == {"is_hidden": "true"}
    assert routes["delete"].calls.last.request.method == "DELETE"
    assert _form(routes["block"].calls.last.request) == {"user": "7001"}
    with pytest.raises(NotSupported):
        connector.mute(message.author, idempotency_key="m")
    with pytest.raises(NotSupported):
        connector.report(message, reason="x", idempotency_key="r")


def test_instagram_comments_and_replies(ig_channel, graph):
    graph.get(f"/{IG}/media").respond(json=load("meta", "ig_media.json"))
    graph.get("/17900000000000001/comments").respond(json=load("meta", "ig_comments.json"))
    result, report = fetch_and_ingest(ig_channel)
    assert report.created == 2
    top = Message.objects.get(network_id="18000000000000001")
    assert top.kind == "comment" and top.author.handle == "trainhater42"
    assert top.url == "https://www.instagram.com/p/Cx1/"
    reply = Message.objects.get(network_id="18000000000000002")
    assert reply.kind == "reply" and reply.in_reply_to == "18000000000000001"
    # Media without comments cost no request.
    assert not any("17900000000000002" in str(c.request.url) for c in graph.calls)
    _, again = fetch_and_ingest(ig_channel, result.cursor)
    assert again.created == 0


def test_instagram_actions_and_what_it_lacks(ig_channel, graph):
    graph.get(f"/{IG}/media").respond(json=load("meta", "ig_media.json"))
    graph.get("/17900000000000001/comments").respond(json=load("meta", "ig_comments.json"))
    fetch_and_ingest(ig_channel)
    reply_msg = Message.objects.get(network_id="18000000000000002")
    replies = graph.post("/18000000000000001/replies").respond(json={"id": "18000000000000300"})
    hide = graph.post("/18000000000000002").respond(json={"success": True})
    connector = get_connector(ig_channel)
    connector.reply(reply_msg, "Merci de votre patience", idempotency_key="k")
    connector.hide(reply_msg, idempotency_key="h")
    # A reply to a reply goes under the top-level comment (Instagram threads are one level).
    assert _form(replies.calls.last.request) == {"message": "Merci de votre patience"}
    assert _form(hide.calls.last.request) == {"hide": "true"}
    caps = InstagramConnector.capabilities()
    assert not caps["block"].supported and not caps["report"].supported
    with pytest.raises(NotSupported):
        connector.block(reply_msg.author, idempotency_key="b")
    with pytest.raises(PermanentError):
        connector.reply(reply_msg, "x" * 2201, idempotency_key="k2")
    assert len(replies.calls) == 1


def test_rate_limit_reads_the_business_use_case_header(fb_channel, graph):
    usage = {PAGE: [{"type": "pages", "call_count": 100, "estimated_time_to_regain_access": 7}]}
    graph.get(f"/{PAGE}/feed").respond(
        403,
        json=load("meta", "rate_limited.json"),
        headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
    )
    with pytest.raises(RateLimited) as exc:
        get_connector(fb_channel).fetch("")
    assert exc.value.retry_after == 420


def test_429_with_retry_after(fb_channel, graph):
    graph.get(f"/{PAGE}/feed").respond(
        429, json=load("meta", "rate_limited.json"), headers={"Retry-After": "90"}
    )
    with pytest.raises(RateLimited) as exc:
        get_connector(fb_channel).fetch("")
    assert exc.value.retry_after == 90


@pytest.mark.parametrize(
    ("status", "payload", "error"),
    [(500, "server_error.json", TransientError), (401, "token_expired.json", PermanentError)],
)
def test_server_error_and_expired_token(fb_channel, graph, status, payload, error):
    graph.get(f"/{PAGE}/feed").respond(status, json=load("meta", payload))
    with pytest.raises(error) as exc:
        get_connector(fb_channel).fetch("")
    assert type(exc.value) is error


def test_connection_failure_is_transient(fb_channel, graph):
    graph.get(f"/{PAGE}/feed").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(TransientError):
        get_connector(fb_channel).fetch("")


def test_long_reply_refused_before_any_call(fb_channel, graph, message):
    with pytest.raises(PermanentError):
        get_connector(fb_channel).reply(message, "x" * 8001, idempotency_key="k")
    assert not graph.calls
    assert FacebookConnector.max_reply_length == 8000


# -- webhooks -----------------------------------------------------------------
def _signed(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _post(client, channel, body: bytes, signature: str | None):
    headers = {"HTTP_X_HUB_SIGNATURE_256": signature} if signature else {}
    return client.post(
        f"/channels/{channel.name}/meta-webhook", body, content_type="application/json", **headers
    )


def test_verification_handshake(client, fb_channel):
    url = f"/channels/{fb_channel.name}/meta-webhook"
    ok = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": "vt-123", "hub.challenge": "1158201444"}
    )
    assert (
        ok.status_code == 200
        and ok.content == b"1158201444"
        and ok["Content-Type"].startswith("text/plain")
    )
    bad = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": "nope", "hub.challenge": "1"}
    )
    assert bad.status_code == 403


def test_signed_comment_is_stored_before_the_200(client, fb_channel):
    body = (PAYLOADS / "meta" / "webhook_fb_comment.json").read_bytes()
    response = _post(client, fb_channel, body, _signed(body))
    assert response.status_code == 200 and response.json() == {"received": 1, "created": 1}
    msg = Message.objects.get(channel=fb_channel, network_id="5501_9100")
    assert msg.text == "Vous êtes des incapables" and msg.kind == "comment"
    assert msg.author.handle == "Train Hater" and msg.thread_key == "104210_5501"
    fb_channel.refresh_from_db()
    assert fb_channel.last_success_at is not None  # the health page shows it working
    # Meta retries a delivery it thinks failed: stored once.
    again = _post(client, fb_channel, body, _signed(body))
    assert again.json() == {"received": 1, "created": 0}
    assert Message.objects.filter(channel=fb_channel).count() == 1


def test_instagram_webhook(client, ig_channel):
    body = (PAYLOADS / "meta" / "webhook_ig_comment.json").read_bytes()
    assert _post(client, ig_channel, body, _signed(body)).status_code == 200
    msg = Message.objects.get(channel=ig_channel, network_id="18000000000000100")
    assert msg.author.handle == "trainhater42" and msg.thread_key == "17900000000000001"


@pytest.mark.parametrize("signature", [None, "sha256=00", _signed(b"other body"), "sha1=abc"])
def test_bad_signatures_are_refused_and_nothing_stored(client, fb_channel, signature):
    body = (PAYLOADS / "meta" / "webhook_fb_comment.json").read_bytes()
    assert _post(client, fb_channel, body, signature).status_code == 403
    wrong_secret = _post(client, fb_channel, body, _signed(body, "not-the-secret"))
    assert wrong_secret.status_code == 403
    assert not Message.objects.filter(channel=fb_channel).exists()


def test_bad_payloads_are_refused_whole_with_a_reason(client, fb_channel):
    good = load("meta", "webhook_fb_comment.json")
    broken = json.loads(json.dumps(good))
    second = json.loads(json.dumps(good["entry"][0]["changes"][0]))
    second["value"]["comment_id"] = "5501_9101"
    second["value"]["created_time"] = "not a time"  # one bad comment among good ones
    broken["entry"][0]["changes"].append(second)
    cases = [
        b"not json",
        json.dumps({"object": "page"}).encode(),
        json.dumps({**good, "object": "instagram"}).encode(),
        json.dumps(broken).encode(),
    ]
    for body in cases:
        response = _post(client, fb_channel, body, _signed(body))
        assert response.status_code == 400, body
        assert response.json()["error"]
    assert not Message.objects.filter(channel=fb_channel).exists()


def test_webhook_for_an_unknown_or_inactive_channel_is_404(client, fb_channel):
    fb_channel.is_active = False
    fb_channel.save()
    body = b"{}"
    assert _post(client, fb_channel, body, _signed(body)).status_code == 404
    assert client.get("/channels/nope/meta-webhook").status_code == 404


def test_facebook_find_reply_and_unhide(fb_channel, graph, message):
    from accalmie.channels.models import OutboundAction

    message.network_id = "5501_9001"
    OutboundAction.objects.create(
        channel=message.channel,
        verb="reply",
        message=message,
        idempotency_key="fk",
        payload={"text": "Désolés."},
    )
    graph.get("/5501_9001/comments").respond(
        json={
            "data": [
                {
                    "id": "5501_9300",
                    "message": "Désolés.",
                    "from": {"id": PAGE, "name": "Rail Atlantique"},
                }
            ]
        }
    )
    found = get_connector(fb_channel).find_reply(message, idempotency_key="fk")
    assert found and found.network_id == "5501_9300" and found.already_done
    unhide = graph.post("/5501_9001").respond(json={"success": True})
    get_connector(fb_channel).unhide(message)
    assert _form(unhide.calls.last.request) == {"is_hidden": "false"}
