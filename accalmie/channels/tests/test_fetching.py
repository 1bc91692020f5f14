from datetime import timedelta

import pytest
from django.utils import timezone

from accalmie.channels import fetching
from accalmie.channels.connectors.base import FetchResult, PermanentError, RateLimited
from accalmie.channels.models import Channel
from accalmie.inbox.models import Message
from accalmie.testing.factories import ChannelFactory, payload

from .fakes import FakeConnector


@pytest.fixture
def fake(monkeypatch):
    connector = FakeConnector()
    monkeypatch.setattr(fetching, "get_connector", lambda channel: connector)
    return connector


@pytest.fixture
def channel(db):
    ch = ChannelFactory(kind="bluesky", poll_interval=30)
    ch.set_credentials({"handle": "brand.test", "app_password": "x"})
    ch.save()
    return ch


def page(cursor, *ids, more=False):
    return FetchResult(
        items=[(payload(i, text=f"texte {i}"), {"id": i, "network": "raw"}) for i in ids],
        cursor=cursor,
        more=more,
    )


def test_poll_stores_items_then_moves_the_cursor(fake, channel):
    fake.pages = [page("c1", "a", "b")]
    outcome = fetching.poll(channel.pk)
    assert outcome["created"] == 2
    channel.refresh_from_db()
    assert channel.cursor == "c1"
    assert channel.last_success_at is not None
    assert channel.next_poll_at > timezone.now() + timedelta(seconds=25)
    stored = Message.objects.get(channel=channel, network_id="a")
    assert stored.raw["raw"] == {"id": "a", "network": "raw"}  # the network's payload kept
    assert fake.calls == [("fetch", "")]


def test_the_same_item_twice_is_stored_once(fake, channel):
    fake.pages = [page("c1", "a", "b"), page("c2", "b", "c")]
    fetching.poll(channel.pk)
    outcome = fetching.poll(channel.pk)
    assert outcome == {"created": 1, "duplicates": 1, "rejected": 0, "pages": 1}
    assert Message.objects.filter(channel=channel).count() == 3
    assert fake.calls == [("fetch", ""), ("fetch", "c1")]


def test_more_pages_are_read_in_the_same_poll(fake, channel):
    fake.pages = [page("c1", "a", more=True), page("c2", "b")]
    assert fetching.poll(channel.pk)["pages"] == 2
    channel.refresh_from_db()
    assert channel.cursor == "c2"


def test_a_crash_before_commit_stores_nothing_and_keeps_the_cursor(fake, channel, monkeypatch):
    class Killed(Exception):
        pass

    def crash(name):
        if name == "before_cursor_commit":
            raise Killed

    monkeypatch.setattr(fetching, "crashpoint", crash)
    fake.pages = [page("c1", "a", "b")]
    with pytest.raises(Killed):
        fetching.poll(channel.pk)
    channel.refresh_from_db()
    assert channel.cursor == ""
    assert not Message.objects.filter(channel=channel).exists()
    # after restart, the same batch is read again and stored once
    monkeypatch.setattr(fetching, "crashpoint", lambda name: None)
    fake.pages = [page("c1", "a", "b")]
    assert fetching.poll(channel.pk)["created"] == 2


def test_a_cursor_moved_by_another_poll_is_not_overwritten(fake, channel, monkeypatch):
    original = fake.fetch

    def slow_fetch(cursor):
        Channel.objects.filter(pk=channel.pk).update(cursor="newer")  # the other poll
        return original(cursor)

    monkeypatch.setattr(fake, "fetch", slow_fetch)
    fake.pages = [page("older", "a")]
    fetching.poll(channel.pk)
    channel.refresh_from_db()
    assert channel.cursor == "newer"
    assert channel.last_success_at is not None


def test_errors_are_kept_on_the_channel_and_back_off(fake, channel):
    fake.pages = [PermanentError("Bluesky refused the login: bad password")]
    before = timezone.now()
    outcome = fetching.poll(channel.pk)
    assert "bad password" in outcome["error"]
    channel.refresh_from_db()
    assert channel.last_error == "Bluesky refused the login: bad password"
    assert channel.consecutive_errors == 1
    # 30 s x 2, with jitter 0.75–1.25
    assert before + timedelta(seconds=44) < channel.next_poll_at < before + timedelta(seconds=76)


def test_a_rate_limit_pauses_the_channel_until_the_network_says(fake, channel):
    fake.pages = [RateLimited(retry_after=600)]
    before = timezone.now()
    fetching.poll(channel.pk)
    channel.refresh_from_db()
    assert channel.rate_limited_until >= before + timedelta(seconds=599)
    assert channel.next_poll_at >= channel.rate_limited_until
    assert channel not in fetching.due_channels(before + timedelta(seconds=300))
    # a success clears it
    fake.pages = [page("c1", "a")]
    fetching.poll(channel.pk)
    channel.refresh_from_db()
    assert channel.rate_limited_until is None and channel.consecutive_errors == 0


def test_schedule_enqueues_due_channels_once(channel, monkeypatch):
    from accalmie.channels import tasks

    enqueued = []
    monkeypatch.setattr(tasks, "poll_channel", type("T", (), {"enqueue": enqueued.append}))
    ChannelFactory(kind="webhook").set_credentials({"x": 1})  # webhooks push: never polled
    ChannelFactory(kind="bluesky")  # no credentials
    off = ChannelFactory(kind="bluesky", is_active=False)
    off.set_credentials({"handle": "x"})
    off.save()
    now = timezone.now()
    assert fetching.schedule_polls(now) == 1
    assert enqueued == [channel.pk]
    assert fetching.schedule_polls(now + timedelta(seconds=5)) == 0  # leased until its turn
    assert fetching.schedule_polls(now + timedelta(seconds=31)) == 1


def test_simulated_channels_are_not_polled(channel):
    channel.set_credentials({"simulated": True})
    channel.save()
    assert fetching.poll(channel.pk) == {"skipped": "simulated channel"}


def test_a_connector_bug_is_kept_on_the_channel_not_raised(fake, channel):
    fake.pages = [KeyError("cursor")]
    outcome = fetching.poll(channel.pk)
    assert outcome["error"] == "KeyError"
    channel.refresh_from_db()
    assert channel.last_error == "unexpected error: KeyError"
    assert channel.consecutive_errors == 1
