"""Spike detection on synthetic streams: known bursts are caught, quiet streams stay quiet."""

import hashlib
import hmac
import json
import random
from datetime import timedelta

import httpx
import pytest
import respx
from django.core import mail
from django.utils import timezone

from accalmie.inbox.ingest import ingest_rows
from accalmie.insights import spikes, tasks
from accalmie.insights.models import Alert, AlertDelivery, InsightsSettings, VolumeBucket
from accalmie.testing.factories import ChannelFactory, MessageFactory, UserFactory, payload

pytestmark = pytest.mark.django_db

START = timezone.now().replace(second=0, microsecond=0) - timedelta(days=2)


def stream(
    channel,
    per_minute,
    minutes,
    *,
    start=START,
    thread="post-1",
    category="negative",
    text="Encore un retard, c'est honteux",
    rng=None,
):
    """Feeds the detector minute by minute, as ingest would; returns the alerts raised."""
    rng = rng or random.Random(1)
    raised = []
    for i in range(minutes):
        at = start + timedelta(minutes=i)
        n = per_minute(i) if callable(per_minute) else per_minute
        n = int(n) + (1 if rng.random() < (n - int(n)) else 0)
        batch = [
            MessageFactory(
                channel=channel,
                category=category,
                thread_key=thread,
                text=text,
                created_at=at + timedelta(seconds=rng.randrange(60)),
            )
            for _ in range(n)
        ]
        raised += spikes.record(batch, now=at + timedelta(seconds=59))
    return raised


def test_a_pile_on_is_detected_within_the_minute_with_its_messages():
    ch = ChannelFactory(name="x-brand", kind="x")
    stream(ch, 0.05, 6 * 60, thread="old-post")  # a quiet channel: 3 complaints an hour
    burst_start = START + timedelta(hours=6)
    burst = []
    alerts_seen_at = None
    for i in range(15):  # then 2 a minute under the strike post
        at = burst_start + timedelta(minutes=i)
        batch = [
            MessageFactory(
                channel=ch,
                category="negative",
                thread_key="strike-post",
                text=f"Grève encore #greve {i}-{k}",
                created_at=at + timedelta(seconds=10 * k),
            )
            for k in range(2)
        ]
        burst += batch
        raised = spikes.record(batch, now=at + timedelta(seconds=30))
        if raised and alerts_seen_at is None:
            alerts_seen_at = i
    assert alerts_seen_at is not None and alerts_seen_at <= 4  # 8 messages: the 4th minute
    alerts = list(Alert.objects.all())
    assert len(alerts) == 1, "the channel, the post and the hashtag are one alert"
    alert = alerts[0]
    assert {tuple(s) for s in alert.scopes} >= {
        ("channel", str(ch.pk)),
        ("thread", f"{ch.pk}:strike-post"),
    }
    assert alert.channel == ch
    assert alert.peak >= 18
    assert set(alert.messages.values_list("pk", flat=True)) == {m.pk for m in burst}
    assert alert.started_at >= burst_start - timedelta(minutes=1)


def test_an_alert_grows_instead_of_repeating_and_notifies_once():
    UserFactory(role="agent", email="camille@example.test")
    ch = ChannelFactory(name="x-brand", kind="x")
    with_alerts = stream(ch, 2, 40, thread="strike-post")
    assert with_alerts
    assert Alert.objects.count() == 1
    assert AlertDelivery.objects.filter(kind="email").count() == 1


def test_a_new_burst_after_the_cool_down_is_a_new_alert():
    ch = ChannelFactory(name="x-brand", kind="x")
    stream(ch, 2, 10, thread="a")
    stream(ch, 0, 120, start=START + timedelta(minutes=10))
    stream(ch, 3, 10, thread="b", start=START + timedelta(minutes=130))
    assert Alert.objects.count() == 2


def history(channel, rate, minutes, *, start, rng):
    """The counts a channel's past left (bulk, as the ingest hook would have)."""
    rows = []
    for i in range(minutes):
        r = rate(i)
        n = int(r) + (1 if rng.random() < (r - int(r)) else 0)
        if n:
            rows.append(
                VolumeBucket(
                    scope="channel",
                    key=str(channel.pk),
                    minute=start + timedelta(minutes=i),
                    hits=n,
                )
            )
    VolumeBucket.objects.bulk_create(rows)


def test_steady_high_volume_raises_nothing():
    ch = ChannelFactory(name="busy", kind="x")
    rng = random.Random(3)
    # a day at 2 complaints a minute, then three more hours of the same, over many posts
    history(ch, lambda i: 2, 24 * 60, start=START - timedelta(days=1), rng=rng)
    raised = []
    for i in range(3 * 60):
        at = START + timedelta(minutes=i)
        batch = [
            MessageFactory(
                channel=ch,
                category="negative",
                thread_key=f"p{rng.randrange(400)}",
                text="retard",
                created_at=at,
            )
            for _ in range(rng.choice((1, 2, 2, 3)))
        ]
        raised += spikes.record(batch, now=at + timedelta(seconds=30))
    assert raised == []
    assert Alert.objects.count() == 0


def test_a_slow_daily_rise_raises_nothing():
    ch = ChannelFactory(name="rising", kind="x")
    rng = random.Random(5)
    # from nearly nothing at night to 1.5 a minute in the evening, over a day and a half
    rate = lambda i: 0.05 + 1.45 * i / (36 * 60)  # noqa: E731
    history(ch, rate, 33 * 60, start=START - timedelta(hours=33), rng=rng)
    raised = []
    for i in range(3 * 60):
        at = START + timedelta(minutes=i)
        r = rate(33 * 60 + i)
        n = int(r) + (1 if rng.random() < (r - int(r)) else 0)
        batch = [
            MessageFactory(
                channel=ch,
                category="negative",
                thread_key=f"p{rng.randrange(300)}",
                text="retard",
                created_at=at,
            )
            for _ in range(n)
        ]
        raised += spikes.record(batch, now=at + timedelta(seconds=30))
    assert raised == []


def test_praise_and_questions_are_not_counted():
    ch = ChannelFactory(name="happy", kind="x")
    assert stream(ch, 3, 15, category="praise") == []
    assert VolumeBucket.objects.count() == 0


def test_hashtag_burst_across_channels():
    a, b = ChannelFactory(name="a", kind="x"), ChannelFactory(name="b", kind="bluesky")
    for i in range(6):
        at = START + timedelta(minutes=i)
        batch = [
            MessageFactory(
                channel=ch,
                category="negative",
                thread_key=f"{ch.name}{i}{k}",
                text="Quelle honte #GrèveSNCF",
                created_at=at,
            )
            for ch in (a, b)
            for k in range(1)
        ]
        spikes.record(batch, now=at + timedelta(seconds=30))
    alert = Alert.objects.get()
    assert ["hashtag", "#grèvesncf"] in alert.scopes
    assert alert.messages.count() == 12


def test_ingest_counts_new_messages_once():
    ch = ChannelFactory(name="hooked", kind="x")
    rows = [
        (1, payload("n1", text="Honte à vous, 3 heures de retard et aucune info, remboursez-moi"))
    ]
    ingest_rows(ch, rows)
    ingest_rows(ch, rows)  # a duplicate is not counted twice
    from accalmie.inbox.models import Message

    m = Message.objects.get()
    buckets = VolumeBucket.objects.filter(scope="channel")
    if m.category in spikes.HIT_CATEGORIES:
        assert buckets.get().hits == 1
    else:
        assert not buckets.exists()


def test_hashtags_are_normalised():
    assert spikes.hashtags("#Grève et #greve, #AskJPM x#no") == ["#grève", "#greve", "#askjpm"]


def _alert():
    ch = ChannelFactory(name="x-brand", kind="x")
    stream(ch, 2, 8, thread="strike-post")
    return Alert.objects.get()


def test_email_notification_quotes_messages_as_plain_text():
    UserFactory(role="approver", email="ines@example.test")
    UserFactory(role="agent", email="")
    alert = _alert()
    delivery = AlertDelivery.objects.get(alert=alert, kind="email")
    assert tasks.deliver_alert.call(delivery.pk) == "sent"
    assert tasks.deliver_alert.call(delivery.pk) == "skipped"  # safe twice
    assert len(mail.outbox) == 1
    assert "x-brand" in mail.outbox[0].subject
    assert "> Encore un retard" in mail.outbox[0].body


@respx.mock
def test_webhook_is_signed_and_retried():
    config = InsightsSettings.load()
    config.webhook_url = "https://hooks.example.test/accalmie"
    config.webhook_secret = "s3cret"
    config.email_alerts = False
    config.save()
    route = respx.post("https://hooks.example.test/accalmie").mock(
        side_effect=[httpx.Response(503), httpx.Response(200)]
    )
    alert = _alert()
    delivery = AlertDelivery.objects.get(alert=alert)
    assert delivery.kind == "webhook"
    assert tasks.deliver_alert.call(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.state == "pending" and delivery.next_attempt_at is not None
    assert tasks.retry_due_deliveries(now=delivery.next_attempt_at) == 1
    assert tasks.deliver_alert.call(delivery.pk) == "sent"
    request = route.calls[-1].request
    body = request.content
    expected = "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert request.headers["X-Accalmie-Signature"] == expected
    data = json.loads(body)
    assert data["event"] == "spike_alert" and len(data["messages"]) == alert.messages.count()


def test_inbox_strip_shows_open_alerts(client, agent):
    _alert_obj = _alert()
    _alert_obj.last_burst_at = timezone.now()
    _alert_obj.save()
    client.force_login(agent)
    html = client.get("/").content.decode()
    assert "spike-strip" in html and "x-brand" in html


def test_the_clock_scans_recent_buckets_and_prunes_old_ones():
    ch = ChannelFactory(name="x-brand", kind="x")
    now = timezone.now()
    VolumeBucket.objects.create(
        scope="channel", key=str(ch.pk), minute=now - timedelta(days=60), hits=3
    )
    for i in range(3):
        MessageFactory(
            channel=ch,
            category="negative",
            thread_key="p",
            text="honte",
            created_at=now - timedelta(minutes=i),
        )
    # counted as if by ingest, but the evaluation is left to the clock
    from collections import Counter

    from accalmie.inbox.models import Message

    counts = Counter()
    for m in Message.objects.all():
        for scope, key in spikes.scopes_of(m):
            counts[(scope, key, spikes.floor_minute(m.created_at))] += 4
    spikes._upsert(counts)
    result = tasks.alerts_clock()
    assert result["alerts"] == 1 and result["buckets_pruned"] == 1
    assert Alert.objects.count() == 1
