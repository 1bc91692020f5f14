"""Dashboard figures against hand-computed cases (run on SQLite and PostgreSQL)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accalmie.channels.models import OutboundAction
from accalmie.incidents.models import Incident
from accalmie.insights import metrics
from accalmie.testing.factories import ChannelFactory, MessageFactory, UserFactory

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0) - timedelta(days=2)


def make(channel, minutes_to_answer=None, category="negative", assignee=None, due=60, **kw):
    created = kw.pop("created_at", T0)
    return MessageFactory(
        channel=channel,
        category=category,
        assignee=assignee,
        created_at=created,
        due_at=created + timedelta(minutes=due) if due is not None else None,
        first_response_at=(
            created + timedelta(minutes=minutes_to_answer)
            if minutes_to_answer is not None
            else None
        ),
        **kw,
    )


@pytest.fixture
def period():
    return metrics.Period(start=T0 - timedelta(hours=1), end=T0 + timedelta(days=1))


def test_answer_rates_count_complaints_and_questions_only(period):
    ch = ChannelFactory(name="x")
    make(ch, 30)  # on time
    make(ch, 90)  # late
    make(ch, 10, category="question")  # on time
    make(ch, None)  # unanswered
    make(ch, 5, category="praise")  # does not need an answer
    make(ch, None, category="abuse")  # moderated, not answered
    make(ch, 50, due=None)  # no deadline: the default hour applies → on time
    make(ch, 70, due=None)  # → late
    rates = metrics.answer_rates(period)
    assert rates["needing"] == 6
    assert rates["answered"] == 5
    assert rates["on_time"] == 3
    assert rates["answered_pct"] == 83.3
    assert rates["on_time_pct"] == 50.0


def test_empty_period_has_no_percentages(period):
    assert metrics.answer_rates(period)["answered_pct"] is None
    assert metrics.durations(period, "first_response", None) == {}


def test_percentiles_interpolate_like_percentile_cont(period):
    ch = ChannelFactory(name="x")
    for minutes in (10, 20, 30, 40, 100):
        make(ch, minutes)
    got = metrics.durations(period, "first_response", None)[None]
    assert got["n"] == 5
    # p50: the middle value; p90: position 0.9 * 4 = 3.6 → 40 + 0.6 × (100 − 40) = 76 min
    assert got["p50"] == pytest.approx(30 * 60, abs=0.5)
    assert got["p90"] == pytest.approx(76 * 60, abs=0.5)


def test_percentiles_by_channel_agent_and_category(period):
    a, b = ChannelFactory(name="a"), ChannelFactory(name="b")
    camille, hugo = UserFactory(role="agent"), UserFactory(role="agent")
    make(a, 10, assignee=camille)
    make(a, 20, assignee=camille, category="question")
    make(b, 60, assignee=hugo)
    make(b, 120, assignee=hugo)
    make(b, None, assignee=hugo)
    by_channel = metrics.durations(period, "first_response", "channel")
    assert by_channel[a.pk]["n"] == 2 and by_channel[b.pk]["n"] == 2
    assert by_channel[a.pk]["p50"] == pytest.approx(15 * 60, abs=0.5)
    assert by_channel[b.pk]["p90"] == pytest.approx((60 + 0.9 * 60) * 60, abs=0.5)
    by_agent = metrics.durations(period, "first_response", "agent")
    assert by_agent[camille.pk]["p50"] == pytest.approx(15 * 60, abs=0.5)
    assert by_agent[hugo.pk]["p50"] == pytest.approx(90 * 60, abs=0.5)
    by_category = metrics.durations(period, "first_response", "category")
    assert by_category["question"] == {
        "n": 1,
        "p50": pytest.approx(1200, abs=0.5),
        "p90": pytest.approx(1200, abs=0.5),
    }
    assert by_category["negative"]["n"] == 3
    assert by_category["negative"]["p50"] == pytest.approx(60 * 60, abs=0.5)


def test_filters_narrow_every_figure(period):
    a, b = ChannelFactory(name="a"), ChannelFactory(name="b")
    camille = UserFactory(role="agent")
    make(a, 10, assignee=camille)
    make(b, 300)
    only_a = metrics.Period(period.start, period.end, channel_id=a.pk)
    assert metrics.answer_rates(only_a)["needing"] == 1
    mine = metrics.Period(period.start, period.end, agent_id=camille.pk)
    assert metrics.durations(mine, "first_response", None)[None]["p50"] == pytest.approx(600)


def test_resolution_time(period):
    ch = ChannelFactory(name="x")
    for hours in (1, 3):
        m = make(ch, 10)
        m.resolved_at = m.created_at + timedelta(hours=hours)
        m.save()
    got = metrics.durations(period, "resolution", None)[None]
    assert got["p50"] == pytest.approx(2 * 3600, abs=0.5)


def test_volume_per_hour_and_category(period):
    ch = ChannelFactory(name="x")
    make(ch, category="negative", created_at=T0)
    make(ch, category="negative", created_at=T0 + timedelta(minutes=5))
    make(ch, category="praise", created_at=T0 + timedelta(hours=2))
    rows = metrics.volume(period)
    # T0 + 5 min may fall in the next hour: count per category across buckets
    counts: dict = {}
    for r in rows:
        counts[r["category"]] = counts.get(r["category"], 0) + r["n"]
        assert r["at"].minute == 0 and r["at"].second == 0  # hourly buckets
    assert counts == {"negative": 2, "praise": 1}
    assert len({r["at"] for r in rows if r["category"] == "praise"}) == 1
    assert period.by_hour


def test_open_cases_by_age():
    now = timezone.now()
    ch = ChannelFactory(name="x")
    for age in (
        timedelta(minutes=10),
        timedelta(hours=2),
        timedelta(hours=5),
        timedelta(days=2),
        timedelta(days=4),
        timedelta(days=5),
    ):
        MessageFactory(channel=ch, created_at=now - age, status="new")
    MessageFactory(channel=ch, created_at=now - timedelta(hours=2), status="resolved")
    p = metrics.Period(now - timedelta(days=1), now)
    assert metrics.open_by_age(p, now=now) == {
        "lt1h": 1,
        "1to4h": 1,
        "4to24h": 1,
        "1to3d": 1,
        "gt3d": 2,
    }


def test_abuse_handled_and_incidents(period):
    ch = ChannelFactory(name="x")
    msg = make(ch)
    for i, (verb, state) in enumerate(
        [
            ("hide", "sent"),
            ("hide", "sent"),
            ("block", "sent"),
            ("report", "failed"),
            ("reply", "sent"),
        ]
    ):
        OutboundAction.objects.create(
            channel=ch,
            verb=verb,
            message=msg,
            idempotency_key=f"k{i}",
            state=state,
            sent_at=T0 + timedelta(minutes=i),
        )
    got = metrics.abuse_handled(period)
    assert got == {"hide": 2, "delete": 0, "block": 1, "mute": 0, "report": 0}
    Incident.objects.create(title="t", message=msg, severity="high")
    now = timezone.now()
    assert (
        metrics.incidents_opened(
            metrics.Period(now - timedelta(hours=1), now + timedelta(minutes=1))
        )["total"]
        == 1
    )


def test_open_cases_count_stops_at_the_cap():
    now = timezone.now()
    ch = ChannelFactory(name="x")
    for _ in range(4):
        MessageFactory(channel=ch, created_at=now - timedelta(days=5), status="new")
    p = metrics.Period(now - timedelta(days=1), now, channel_id=ch.pk)
    assert metrics.open_by_age(p, now=now, cap=2)["gt3d"] == 3  # "more than 2"
    assert metrics.open_by_age(p, now=now)["gt3d"] == 4
