"""The other networks through the project's own fetch loop and outbox (not only the
connectors alone): polling stores and advances, a crashed send is recovered, health shows."""

import time
from datetime import timedelta

import pytest
import responses
from django.urls import reverse
from django.utils import timezone
from mastodon_mock.testing import MockServer

from accalmie.channels import fetching, outbox
from accalmie.channels.health import health_of
from accalmie.channels.models import OutboundAction
from accalmie.inbox.models import Message

from .network_helpers import channel_with, load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def server():
    with MockServer() as s:
        yield s


def test_mastodon_poll_reply_and_crash_recovery(server):
    channel = channel_with(
        "mastodon",
        {"api_base_url": server.base_url, "access_token": "alice_token"},
        name="masto-loop",
    )
    bob = server.client("bob")
    posted = bob.status_post("@alice the 8817 is late again")
    first = fetching.poll(channel.pk)
    assert first["created"] == 1
    channel.refresh_from_db()
    assert channel.cursor and channel.last_success_at and health_of(channel).state == "ok"
    assert fetching.poll(channel.pk)["created"] == 0  # the cursor moved: nothing twice
    msg = Message.objects.get(channel=channel, network_id=str(posted["id"]))
    assert msg.raw["raw"]["type"] == "mention"  # the notification as received

    action = outbox.queue_outbound(
        channel=channel,
        verb="reply",
        message=msg,
        payload={"text": "Sorry, a bus leaves at 10:05."},
        idempotency_key="loop-reply-1",
    )
    assert outbox.deliver(action.pk) == "sent"
    action.refresh_from_db()
    # A worker that died after the call leaves the row `sending`; recovery finds the reply.
    long_ago = timezone.now() - timedelta(hours=2)  # past the sweep's staleness limit
    OutboundAction.objects.filter(pk=action.pk).update(state="sending", last_attempt_at=long_ago)
    assert outbox.deliver(action.pk) == "sent"
    replies = [
        s
        for s in bob.status_context(posted["id"])["descendants"]
        if str(s["in_reply_to_id"]) == str(posted["id"])
    ]
    assert len(replies) == 1 and str(replies[0]["id"]) == action.result_network_id


def test_x_rate_limit_pauses_the_channel_and_shows_on_the_admin_page(client, admin_user):
    channel = channel_with(
        "x",
        {
            "consumer_key": "a",
            "consumer_secret": "b",
            "access_token": "42-c",
            "access_token_secret": "d",
        },
        name="x-loop",
    )
    with responses.RequestsMock() as rsps:
        rsps.get(
            "https://api.twitter.com/2/users/42/mentions",
            status=429,
            json=load("x", "rate_limited.json"),
            headers={"x-rate-limit-reset": str(int(time.time()) + 600)},
        )
        result = fetching.poll(channel.pk)
    assert "error" in result
    channel.refresh_from_db()
    assert health_of(channel).state == "limited"
    client.force_login(admin_user)
    page = client.get(reverse("channels:list")).content.decode()
    assert "health-limited" in page and "x-loop" in page
