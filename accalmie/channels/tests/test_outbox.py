from datetime import timedelta

import pytest
from django.utils import timezone

from accalmie.audit.models import AuditEntry
from accalmie.channels import outbox
from accalmie.channels.connectors.base import (
    ActionResult,
    NotSupported,
    PermanentError,
    RateLimited,
    TransientError,
    get_connector,
)
from accalmie.channels.connectors.recording import RecordingConnector
from accalmie.channels.models import OutboundAction
from accalmie.channels.signals import outbound_delivered, outbound_failed
from accalmie.testing.factories import ChannelFactory, MessageFactory, UserFactory

from .fakes import FakeConnector

State = OutboundAction.State


@pytest.fixture
def fake(monkeypatch):
    connector = FakeConnector()
    monkeypatch.setattr(outbox, "get_connector", lambda channel: connector)
    return connector


@pytest.fixture
def enqueued(monkeypatch):
    ids = []
    monkeypatch.setattr(outbox, "_enqueue", ids.append)
    return ids


@pytest.fixture
def heard():
    got = {"delivered": [], "failed": []}

    def on_delivered(sender, action, **kw):
        got["delivered"].append((action.pk, action.state))

    def on_failed(sender, action, **kw):
        got["failed"].append((action.pk, action.state))

    outbound_delivered.connect(on_delivered)
    outbound_failed.connect(on_failed)
    yield got
    outbound_delivered.disconnect(on_delivered)
    outbound_failed.disconnect(on_failed)


def queue(message, key="k1", verb="reply", **kw):
    kw.setdefault("payload", {"text": "Bonjour, nous regardons."})
    return outbox.queue_outbound(
        channel=message.channel, verb=verb, message=message, idempotency_key=key, **kw
    )


@pytest.mark.django_db
def test_queue_twice_gives_the_first_row_and_enqueues_once(
    fake, enqueued, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    user = UserFactory(role="agent")
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(message, by=user)
        second = queue(message, payload={"text": "something else"})
    assert first.pk == second.pk
    assert second.payload == {"text": "Bonjour, nous regardons."}
    assert enqueued == [first.pk]
    assert OutboundAction.objects.count() == 1
    assert AuditEntry.objects.filter(action="outbound.queued").count() == 1


@pytest.mark.django_db
def test_queue_refuses_a_verb_the_network_lacks(fake, enqueued):
    message = MessageFactory()
    with pytest.raises(NotSupported, match="no deleting"):
        queue(message, verb="delete")
    assert not OutboundAction.objects.exists()


@pytest.mark.django_db
def test_delivery_marks_sent_audits_and_signals_after_commit(
    fake, enqueued, heard, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    action = queue(message)
    fake.script = [ActionResult(network_id="at://brand/post/1", url="https://bsky.app/x")]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert outbox.deliver(action.pk) == State.SENT
    assert heard["delivered"] == []  # not before the commit
    for cb in callbacks:
        cb()
    action.refresh_from_db()
    assert action.state == State.SENT
    assert action.attempts == 1
    assert action.result_network_id == "at://brand/post/1"
    assert action.sent_at is not None
    assert fake.calls == [("reply", message.pk, "Bonjour, nous regardons.", "k1")]
    assert heard["delivered"] == [(action.pk, State.SENT)]
    assert AuditEntry.objects.filter(action="outbound.sent").count() == 1
    # Delivering again does nothing.
    assert outbox.deliver(action.pk) == State.SENT
    assert len(fake.calls) == 1


@pytest.mark.django_db
def test_transient_error_requeues_with_backoff(fake, enqueued):
    action = queue(MessageFactory())
    fake.script = [TransientError("503 from the network")]
    before = timezone.now()
    assert outbox.deliver(action.pk) == State.QUEUED
    action.refresh_from_db()
    assert action.attempts == 1
    assert "503" in action.error
    # attempt 1: 10 s base, jitter 0.5x–1.5x
    assert before + timedelta(seconds=4) < action.next_attempt_at < before + timedelta(seconds=16)


@pytest.mark.django_db
def test_rate_limit_waits_at_least_retry_after(fake, enqueued):
    action = queue(MessageFactory())
    fake.script = [RateLimited(retry_after=900)]
    before = timezone.now()
    outbox.deliver(action.pk)
    action.refresh_from_db()
    assert action.state == State.QUEUED
    assert action.next_attempt_at >= before + timedelta(seconds=899)
    action.channel.refresh_from_db()
    assert action.channel.rate_limited_until >= before + timedelta(seconds=899)


@pytest.mark.django_db
def test_gives_up_after_max_attempts(fake, enqueued, heard, django_capture_on_commit_callbacks):
    action = queue(MessageFactory())
    fake.script = [TransientError("down")] * outbox.MAX_ATTEMPTS
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(outbox.MAX_ATTEMPTS):
            outbox.deliver(action.pk)
    action.refresh_from_db()
    assert action.state == State.FAILED
    assert action.attempts == outbox.MAX_ATTEMPTS
    assert "after 6 attempts" in action.error
    assert heard["failed"] == [(action.pk, State.FAILED)]


@pytest.mark.django_db
def test_permanent_error_fails_at_once(fake, enqueued, heard, django_capture_on_commit_callbacks):
    action = queue(MessageFactory())
    fake.script = [PermanentError("post deleted")]
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.deliver(action.pk) == State.FAILED
    action.refresh_from_db()
    assert action.error == "post deleted"
    assert heard["failed"] == [(action.pk, State.FAILED)]
    assert AuditEntry.objects.filter(action="outbound.failed").count() == 1


def _left_sending(action, seconds_ago=3600):
    OutboundAction.objects.filter(pk=action.pk).update(
        state=State.SENDING,
        attempts=1,
        last_attempt_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


@pytest.mark.django_db
def test_a_reply_in_flight_is_left_alone(fake, enqueued):
    action = queue(MessageFactory())
    _left_sending(action, seconds_ago=5)
    assert outbox.deliver(action.pk) == State.SENDING
    assert fake.calls == []


@pytest.mark.django_db
def test_crashed_reply_found_on_the_network_is_not_sent_again(fake, enqueued):
    action = queue(MessageFactory())
    _left_sending(action)
    fake.found = ActionResult(network_id="at://brand/post/earlier")
    assert outbox.deliver(action.pk) == State.SENT
    action.refresh_from_db()
    assert action.result_network_id == "at://brand/post/earlier"
    assert [c[0] for c in fake.calls] == ["find_reply"]
    entry = AuditEntry.objects.get(action="outbound.sent")
    assert entry.data["already_done"] is True


@pytest.mark.django_db
def test_crashed_reply_not_on_the_network_is_sent(fake, enqueued):
    action = queue(MessageFactory())
    _left_sending(action)
    assert outbox.deliver(action.pk) == State.SENT
    assert [c[0] for c in fake.calls] == ["find_reply", "reply"]


@pytest.mark.django_db
def test_crash_where_the_network_cannot_tell_is_uncertain(
    fake, enqueued, heard, django_capture_on_commit_callbacks
):
    message = MessageFactory()
    action = queue(message, key="r1", verb="report", payload={"reason": "spam"})
    _left_sending(action)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.deliver(action.pk) == State.UNCERTAIN
    assert fake.calls == []
    assert heard["failed"] == [(action.pk, State.UNCERTAIN)]
    assert AuditEntry.objects.filter(action="outbound.uncertain").exists()


@pytest.mark.django_db
def test_crashed_repeatable_verb_is_repeated(fake, enqueued):
    message = MessageFactory()
    action = queue(message, key="m1", verb="mute", payload={})
    assert action.author == message.author
    _left_sending(action)
    assert outbox.deliver(action.pk) == State.SENT
    assert fake.calls == [("mute", message.author.pk, "m1")]


@pytest.mark.django_db
def test_crashpoint_after_the_call_leaves_the_row_sending(fake, enqueued, monkeypatch):
    action = queue(MessageFactory())

    class Killed(BaseException):
        pass

    def crash(name):
        if name == "after_network_call":
            raise Killed

    monkeypatch.setattr(outbox, "crashpoint", crash)
    with pytest.raises(Killed):
        outbox.deliver(action.pk)
    action.refresh_from_db()
    assert action.state == State.SENDING
    assert action.attempts == 1


@pytest.mark.django_db
def test_sweep_enqueues_due_and_stale_rows_once(fake, enqueued):
    now = timezone.now()
    due = queue(MessageFactory(), key="due")
    later = queue(MessageFactory(), key="later")
    stale = queue(MessageFactory(), key="stale")
    fresh = queue(MessageFactory(), key="fresh")
    OutboundAction.objects.filter(pk=due.pk).update(next_attempt_at=now - timedelta(seconds=1))
    OutboundAction.objects.filter(pk=later.pk).update(next_attempt_at=now + timedelta(hours=1))
    _left_sending(stale)
    _left_sending(fresh, seconds_ago=1)
    assert outbox.sweep(now) == 2
    assert sorted(enqueued) == sorted([due.pk, stale.pk])
    # the lease: the next sweep does not enqueue the same row again
    assert outbox.sweep(now + timedelta(seconds=5)) == 1  # only the stale one again
    assert enqueued[-1] == stale.pk


@pytest.mark.django_db
def test_recording_connector_only_when_credentials_say_simulated():
    real = ChannelFactory(kind="bluesky")
    real.set_credentials({"handle": "brand.test", "app_password": "x", "simulated": "yes"})
    assert not isinstance(get_connector(real), RecordingConnector)
    demo = ChannelFactory(kind="bluesky")
    demo.set_credentials({"simulated": True})
    assert isinstance(get_connector(demo), RecordingConnector)


@pytest.mark.django_db
def test_simulated_reply_completes_and_says_so(enqueued, heard, django_capture_on_commit_callbacks):
    channel = ChannelFactory(kind="bluesky")
    channel.set_credentials({"simulated": True})
    channel.save()
    message = MessageFactory(channel=channel)
    with pytest.raises(NotSupported):  # Bluesky's real matrix: no deleting others' posts
        queue(message, key="d1", verb="delete")
    action = queue(message, key="s1")
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.deliver(action.pk) == State.SENT
    action.refresh_from_db()
    assert action.simulated is True
    assert action.result_network_id == "simulated:reply:s1"
    assert RecordingConnector.calls[-1]["text"] == "Bonjour, nous regardons."
    assert heard["delivered"] == [(action.pk, State.SENT)]
    assert get_connector(channel).max_reply_length == 300


@pytest.mark.django_db
def test_demo_network_channels_are_simulated_real_ones_untouched():
    from accalmie.channels.demo import simulate_network_channels

    demo = ChannelFactory(kind="mastodon")
    webhook = ChannelFactory(kind="webhook")
    real = ChannelFactory(kind="bluesky")
    real.set_credentials({"handle": "brand.bsky.social", "app_password": "secret"})
    real.save()
    assert simulate_network_channels() == 1
    for ch in (demo, webhook, real):
        ch.refresh_from_db()
    assert isinstance(get_connector(demo), RecordingConnector)
    assert not webhook.has_credentials
    assert real.get_credentials()["handle"] == "brand.bsky.social"
