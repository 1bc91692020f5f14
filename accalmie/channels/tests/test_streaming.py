"""The stream supervisor and the doorbell, without a network."""

import threading
import time

import pytest

from accalmie.channels import fetching, streaming
from accalmie.testing.factories import ChannelFactory

from .fakes import FakeConnector


class StreamingFake(FakeConnector):
    rings: list = []

    def stream(self, on_activity, stop):
        self.started.set()
        while not stop.is_set():
            if self.rings:
                on_activity(self.rings.pop(0))
            stop.wait(0.01)


@pytest.fixture
def fake(monkeypatch):
    connector = StreamingFake(credentials={"stream_url": "ws://example.invalid"})
    connector.started = threading.Event()
    monkeypatch.setattr(streaming, "get_connector", lambda channel: connector)
    monkeypatch.setattr(streaming, "_warm_up", lambda: None)
    yield connector
    streaming.stop_all()


@pytest.mark.django_db(transaction=True)
def test_supervisor_runs_only_in_the_clock_and_keeps_one_stream_per_channel(fake):
    channel = ChannelFactory(kind="bluesky")
    channel.set_credentials({"stream_url": "ws://example.invalid"})
    channel.save()
    assert streaming.ensure_streams() == 0  # not the worker's clock thread: nothing started
    assert streaming.ensure_streams(force=True) == 1
    first = streaming._STREAMS[channel.pk]
    assert fake.started.wait(5)
    assert streaming.ensure_streams(force=True) == 1
    assert streaming._STREAMS[channel.pk] is first  # alive: kept
    channel.is_active = False
    channel.save()
    assert streaming.ensure_streams(force=True) == 0  # turned off: stopped
    assert not first.alive()


@pytest.mark.django_db(transaction=True)
def test_items_seen_on_the_stream_are_stored_else_the_notifications_are_polled(fake, monkeypatch):
    calls = []
    monkeypatch.setattr(
        fetching,
        "store_stream_items",
        lambda cid, seen: calls.append(("store", len(seen))) or {"stored": len(seen)},
    )
    monkeypatch.setattr(fetching, "poll", lambda cid: calls.append(("poll",)) or {"created": 1})
    channel = ChannelFactory(kind="bluesky")
    stream = streaming.ChannelStream(channel.pk).start()
    try:
        assert fake.started.wait(5)
        time.sleep(0.2)
        calls.clear()  # the catch-up poll at connection
        fake.rings.append([{"uri": "at://x/app.bsky.feed.post/1"}])
        time.sleep(0.3)
        assert calls == [("store", 1)]  # stored straight away, no poll needed
        fake.rings.append([])  # the DID was there, the reason unclear
        time.sleep(0.3)
        assert calls[-1] == ("poll",)
    finally:
        stream.stop()
