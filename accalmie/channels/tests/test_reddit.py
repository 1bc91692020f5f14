"""Reddit: recorded payloads in Reddit's JSON (listings, things), praw's HTTP layer mocked."""

from urllib.parse import parse_qs

import pytest
import responses

from accalmie.channels.connectors.base import (
    NotSupported,
    PermanentError,
    RateLimited,
    TransientError,
    get_connector,
)
from accalmie.channels.connectors.reddit import RedditConnector
from accalmie.inbox.models import Message

from .network_helpers import channel_with, fetch_and_ingest, load

pytestmark = pytest.mark.django_db

TOKEN = "https://www.reddit.com/api/v1/access_token"
OAUTH = "https://oauth.reddit.com"


@pytest.fixture
def reddit_channel(db):
    return channel_with(
        "reddit",
        {
            "client_id": "cid",
            "client_secret": "csecret",
            "username": "RailAtlantique",
            "password": "pw",
            "subreddit": "RailAtlantique",
        },
        name="reddit-brand",
    )


@pytest.fixture
def mocked(monkeypatch):
    # prawcore retries 5xx after a random 2-4 s sleep; the tests need no sleeping.
    monkeypatch.setattr("prawcore.sessions.FiniteRetryStrategy._sleep_seconds", lambda self: None)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.post(TOKEN, json=load("reddit", "access_token.json"))
        yield rsps


def _body(call) -> dict:
    return {k: v[0] for k, v in parse_qs(call.request.body).items()}


def _oauth_calls(mocked):
    return [c for c in mocked.calls if c.request.url.startswith(OAUTH)]


def _inbox(mocked):
    mocked.get(f"{OAUTH}/message/inbox", json=load("reddit", "inbox.json"))
    mocked.get(f"{OAUTH}/user/trainhater42/about", json=load("reddit", "about_trainhater42.json"))
    mocked.get(f"{OAUTH}/user/marie_l/about", json=load("reddit", "about_marie_l.json"))


def test_inbox_mentions_and_replies_reach_the_inbox_once(reddit_channel, mocked):
    _inbox(mocked)
    result, report = fetch_and_ingest(reddit_channel)
    assert result.cursor == "t1_lq7x2c1@1763629920.0"  # the newest thing, private messages included
    assert report.created == 2  # the private message is not read
    mention = Message.objects.get(network_id="t1_lq7x2c1")
    assert mention.kind == "mention" and mention.in_reply_to == "t3_1gv8e0q"
    assert mention.text.endswith("<script>alert(1)</script>")  # kept as text, never HTML
    assert mention.url.startswith("https://www.reddit.com/r/RailAtlantique/comments/")
    assert mention.author.handle == "trainhater42" and mention.author.network_id == "t2_9xk2a"
    assert mention.author.account_created_at.year == 2025 and mention.author.followers == 2
    assert Message.objects.get(network_id="t1_lq7w001").kind == "reply"
    # The next poll asks for what is newer than the cursor; the same things again are stored once.
    _, again = fetch_and_ingest(reddit_channel, result.cursor)
    inbox_calls = [c for c in mocked.calls if "/message/inbox" in c.request.url]
    assert (
        "before=t1_lq7x2c1" in [c for c in inbox_calls if "before" in c.request.url][-1].request.url
    )
    assert again.created == 0 and Message.objects.filter(channel=reddit_channel).count() == 2


def test_reply_remove_ban_and_report_send_the_right_requests(reddit_channel, mocked):
    _inbox(mocked)
    fetch_and_ingest(reddit_channel)
    msg = Message.objects.get(network_id="t1_lq7x2c1")
    mocked.post(f"{OAUTH}/api/comment", json=load("reddit", "comment_created.json"))
    mocked.post(f"{OAUTH}/api/remove", json={})
    mocked.post(f"{OAUTH}/r/RailAtlantique/api/friend", json={"json": {"errors": []}})
    mocked.post(f"{OAUTH}/api/report", json={"json": {"errors": []}})
    connector = get_connector(reddit_channel)
    before = len(mocked.calls)
    made = connector.reply(
        msg, "We are sorry. The 8817 was replaced by a bus at 10:05.", idempotency_key="k"
    )
    connector.delete(msg, idempotency_key="d")
    connector.block(msg.author, idempotency_key="b")
    connector.report(msg, reason="harassment of staff", idempotency_key="r")
    sent = [c for c in mocked.calls[before:] if c.request.url.startswith(OAUTH)]
    assert [(c.request.method, c.request.url.split("?")[0]) for c in sent] == [
        ("POST", f"{OAUTH}/api/comment"),
        ("POST", f"{OAUTH}/api/remove"),
        ("POST", f"{OAUTH}/r/RailAtlantique/api/friend"),
        ("POST", f"{OAUTH}/api/report"),
    ]
    assert _body(sent[0])["thing_id"] == "t1_lq7x2c1" and "8817" in _body(sent[0])["text"]
    assert _body(sent[1])["id"] == "t1_lq7x2c1" and _body(sent[1])["spam"] == "false"
    assert _body(sent[2])["name"] == "trainhater42" and _body(sent[2])["type"] == "banned"
    assert (
        _body(sent[3])["thing_id"] == "t1_lq7x2c1"
        and _body(sent[3])["reason"] == "harassment of staff"
    )
    assert sent[0].request.headers["Authorization"] == "bearer eyJhbGciOi-test-token"
    assert made.network_id == "t1_lq80000" and made.url.endswith("/lq80000/")


def test_reddit_ratelimit_answer_becomes_rate_limited(reddit_channel, mocked, message):
    mocked.post(f"{OAUTH}/api/comment", json=load("reddit", "ratelimit_error.json"))
    with pytest.raises(RateLimited) as exc:
        get_connector(reddit_channel).reply(message, "Bonjour", idempotency_key="k")
    assert exc.value.retry_after == 420


def test_http_429_reads_the_reset_header(reddit_channel, mocked):
    mocked.get(
        f"{OAUTH}/message/inbox",
        status=429,
        body="Too Many Requests",
        headers={
            "x-ratelimit-remaining": "0",
            "x-ratelimit-used": "100",
            "x-ratelimit-reset": "42",
        },
    )
    with pytest.raises(RateLimited) as exc:
        get_connector(reddit_channel).fetch("")
    assert exc.value.retry_after == 42


@pytest.mark.parametrize(
    ("status", "error"), [(503, TransientError), (500, TransientError), (401, PermanentError)]
)
def test_server_errors_and_refused_token(reddit_channel, mocked, status, error):
    # Reddit names the OAuth error in WWW-Authenticate on a 401.
    headers = (
        {"www-authenticate": 'Bearer realm="reddit", error="invalid_token"'}
        if status == 401
        else {}
    )
    mocked.get(
        f"{OAUTH}/message/inbox",
        status=status,
        json={"message": "x", "error": status},
        headers=headers,
    )
    with pytest.raises(error) as exc:
        get_connector(reddit_channel).fetch("")
    assert type(exc.value) is error


def test_hide_and_mute_not_offered_and_too_long_refused_before_any_call(
    reddit_channel, mocked, message
):
    caps = RedditConnector.capabilities()
    assert not caps["hide"].supported and not caps["mute"].supported
    assert caps["block"].supported and "moderators" in str(caps["block"].reason)
    connector = get_connector(reddit_channel)
    with pytest.raises(NotSupported):
        connector.hide(message, idempotency_key="h")
    with pytest.raises(PermanentError):
        connector.reply(message, "x" * 10_001, idempotency_key="k")
    assert len(mocked.calls) == 0


def test_profile_and_find_reply(reddit_channel, mocked):
    from accalmie.channels.models import OutboundAction

    mocked.get(f"{OAUTH}/user/trainhater42/about", json=load("reddit", "about_trainhater42.json"))
    profile = get_connector(reddit_channel).fetch_profile("u/trainhater42")
    assert profile.network_id == "t2_9xk2a" and profile.created_at.year == 2025 and profile.verified
    _inbox(mocked)
    fetch_and_ingest(reddit_channel)
    msg = Message.objects.get(network_id="t1_lq7x2c1")
    text = "We are sorry. The 8817 was replaced by a bus at 10:05."
    OutboundAction.objects.create(
        channel=reddit_channel,
        verb="reply",
        message=msg,
        idempotency_key="rk",
        payload={"text": text},
    )
    created = load("reddit", "comment_created.json")["json"]["data"]["things"][0]
    mocked.get(
        f"{OAUTH}/user/RailAtlantique/comments",
        json={"kind": "Listing", "data": {"children": [created], "after": None, "before": None}},
    )
    found = get_connector(reddit_channel).find_reply(msg, idempotency_key="rk")
    assert found and found.already_done and found.network_id == "t1_lq80000"


def test_a_channel_without_a_moderated_subreddit_offers_no_removal_or_ban(reddit_channel):
    from django.template import Context, Template

    from accalmie.channels.capabilities import cell

    assert cell(reddit_channel, "block").supported  # moderates r/RailAtlantique
    creds = reddit_channel.get_credentials()
    creds.pop("subreddit")
    reddit_channel.set_credentials(creds)
    reddit_channel.save()
    for verb in ("block", "delete"):
        narrowed = cell(reddit_channel, verb)
        assert not narrowed.supported and "No moderated subreddit" in str(narrowed.reason)
    assert cell("reddit", "block").supported  # the network itself still offers bans
    html = Template(
        '{% include "channels/_action_button.html" with kind=channel verb="block" label="Ban" %}'
    ).render(Context({"channel": reddit_channel}))
    assert "disabled" in html and "No moderated subreddit" in html


def test_a_cursor_whose_item_left_the_inbox_does_not_stall_the_channel(reddit_channel, mocked):
    import json
    from urllib.parse import parse_qs, urlsplit

    def inbox(request):
        # Reddit answers before=<an item no longer listed> (t1_gone) with nothing.
        # Nothing is newer than the mention either.
        before = parse_qs(urlsplit(request.url).query).get("before", [""])[0]
        if before in ("t1_gone", "t1_lq7x2c1"):
            return (200, {}, json.dumps({"kind": "Listing", "data": {"children": []}}))
        return (200, {}, json.dumps(load("reddit", "inbox.json")))

    mocked.add_callback(responses.GET, f"{OAUTH}/message/inbox", callback=inbox)
    mocked.get(f"{OAUTH}/user/trainhater42/about", json=load("reddit", "about_trainhater42.json"))
    mocked.get(f"{OAUTH}/user/marie_l/about", json=load("reddit", "about_marie_l.json"))
    # Stored up to 1763629850: only what came after (the mention, 1763629920) is new.
    result = get_connector(reddit_channel).fetch("t1_gone@1763629850")
    assert [row["network_id"] for row, _raw in result.items] == ["t1_lq7x2c1"]
    assert result.cursor == "t1_lq7x2c1@1763629920.0"
    # A quiet inbox whose anchor is still listed: nothing new, the cursor stays.
    quiet = get_connector(reddit_channel).fetch(result.cursor)
    assert quiet.items == [] and quiet.cursor == result.cursor
