"""The daily figures the dashboard reads give the exact metrics' numbers."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from accalmie.insights import metrics, rollup
from accalmie.insights.models import DailyFigures
from accalmie.testing.factories import ChannelFactory, MessageFactory, UserFactory

pytestmark = pytest.mark.django_db


def _day_start(days_ago: int):
    tz = timezone.get_current_timezone()
    day = timezone.localdate() - timedelta(days=days_ago)
    return datetime.combine(day, time(10, 0), tz)


def test_rollup_matches_the_exact_metrics():
    a, b = ChannelFactory(name="a"), ChannelFactory(name="b")
    camille, hugo = UserFactory(role="agent"), UserFactory(role="agent")
    base = _day_start(3)
    minutes = [
        (a, camille, "negative", 10),
        (a, camille, "question", 20),
        (b, hugo, "negative", 60),
        (b, hugo, "negative", 125),
        (b, None, "negative", None),
        (a, hugo, "praise", 5),
        (a, camille, "negative", 400),
    ]
    for i, (channel, who, category, m) in enumerate(minutes):
        created = base + timedelta(hours=i % 2, minutes=i)
        MessageFactory(
            channel=channel,
            assignee=who,
            category=category,
            created_at=created,
            due_at=created + timedelta(hours=1),
            first_response_at=created + timedelta(minutes=m) if m is not None else None,
            resolved_at=created + timedelta(minutes=(m or 0) + 90) if m else None,
        )
    start = base - timedelta(hours=10)
    end = start + timedelta(days=1)
    p = metrics.Period(start, end)
    f = rollup.figures(start, end)
    exact = metrics.answer_rates(p)
    assert f["totals"] == {k: exact[k] for k in ("needing", "answered", "on_time")}
    for what in ("first_response", "resolution"):
        for group in (None, "channel", "agent", "category"):
            want = metrics.durations(p, what, group)
            got = f["durations"][what]["all" if group is None else group]
            assert set(got) == set(want), (what, group)
            for key, values in want.items():
                assert got[key]["n"] == values["n"]
                # whole minutes under three hours are exact; above, within the 5-minute step
                assert got[key]["p50"] == pytest.approx(values["p50"], abs=300)
                assert got[key]["p90"] == pytest.approx(values["p90"], abs=300)
    assert f["durations"]["first_response"]["all"][None]["p50"] == pytest.approx(
        metrics.durations(p, "first_response", None)[None]["p50"]
    )
    assert sum(sum(c.values()) for c in f["volume"].values()) == len(minutes)


def test_late_answers_reach_the_figures_when_the_day_is_refreshed():
    ch = ChannelFactory(name="a")
    created = _day_start(2)
    m = MessageFactory(
        channel=ch, category="negative", created_at=created, due_at=created + timedelta(hours=1)
    )
    start = created - timedelta(hours=10)
    end = start + timedelta(days=1)
    assert rollup.figures(start, end)["totals"]["answered"] == 0
    m.first_response_at = created + timedelta(minutes=30)
    m.save()
    assert rollup.figures(start, end)["totals"]["answered"] == 0  # computed after the day ended
    rollup.refresh_recent()
    assert rollup.figures(start, end)["totals"]["answered"] == 1


def test_today_is_recomputed_when_older_than_five_minutes():
    ch = ChannelFactory(name="a")
    now = timezone.now()
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    MessageFactory(channel=ch, category="negative", created_at=midnight + timedelta(seconds=1))
    assert rollup.figures(midnight, now, now=now)["totals"]["needing"] == 1
    MessageFactory(channel=ch, category="negative", created_at=midnight + timedelta(seconds=2))
    assert rollup.figures(midnight, now, now=now)["totals"]["needing"] == 1  # fresh enough
    later = now + timedelta(minutes=6)
    assert rollup.figures(midnight, later, now=later)["totals"]["needing"] == 2
    assert DailyFigures.objects.count() == 1


def test_percentiles_from_a_histogram():
    got = rollup.percentiles({10: 1, 20: 1, 30: 1, 40: 1, 100: 1})
    assert got == {"n": 5, "p50": 1800.0, "p90": pytest.approx(76 * 60)}
    assert rollup.percentiles({}) is None


def test_filtered_figures_match_the_exact_metrics():
    a, b = ChannelFactory(name="a"), ChannelFactory(name="b")
    camille = UserFactory(role="agent")
    base = _day_start(2)
    for i, (channel, who, m) in enumerate(
        [(a, camille, 10), (a, None, 30), (b, camille, 50), (b, camille, 70)]
    ):
        created = base + timedelta(minutes=i)
        MessageFactory(
            channel=channel,
            assignee=who,
            category="negative",
            created_at=created,
            first_response_at=created + timedelta(minutes=m),
        )
    start = base - timedelta(hours=10)
    end = start + timedelta(days=1)
    for channel_id, agent_id in ((a.pk, None), (None, camille.pk), (b.pk, camille.pk)):
        p = metrics.Period(start, end, channel_id, agent_id)
        got = rollup.figures(start, end, channel_id, agent_id)
        for group in ("channel", "agent"):
            want = metrics.durations(p, "first_response", group)
            assert {k: v["p50"] for k, v in got["durations"]["first_response"][group].items()} == {
                k: pytest.approx(v["p50"]) for k, v in want.items()
            }
        assert got["totals"]["answered"] == metrics.answer_rates(p)["answered"]
