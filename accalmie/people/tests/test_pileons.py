from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accalmie.core import periodic
from accalmie.inbox.ingest import ingest_rows
from accalmie.people.models import PileOn
from accalmie.people.pileons import close_quiet_pileons, note_pileons
from accalmie.testing.factories import AuthorFactory, ChannelFactory, MessageFactory, payload

pytestmark = pytest.mark.django_db

T0 = timezone.now() - timedelta(hours=1)


@pytest.fixture
def x():
    return ChannelFactory(name="x-main", kind="x")


def stream(
    channel, n, *, young, start=T0, every=timedelta(seconds=50), category="negative", offset=0
):
    """n replies under the same post from n different accounts; returns the stored messages."""
    rows = []
    for i in range(offset, offset + n):
        author = AuthorFactory(
            network="x",
            followers=4 if young else 800,
            account_created_at=timezone.now() - timedelta(days=3 if young else 2000),
        )
        rows.append(
            MessageFactory(
                channel=channel,
                author=author,
                thread_key="post-1",
                in_reply_to="post-1",
                category=category,
                created_at=start + i * every,
            )
        )
    return rows


def test_young_accounts_piling_on_are_one_event_that_grows(x):
    first = stream(x, 12, young=True, category="abuse")
    note_pileons(first)
    note_pileons(first)  # the same batch seen twice: still one event

    event = PileOn.objects.get()
    assert (event.message_count, event.author_count) == (12, 12)
    assert event.suspicious_share == 1.0 and event.state == "open"

    more = stream(x, 8, young=True, category="abuse", offset=12)
    note_pileons(more)

    event = PileOn.objects.get()
    assert (event.message_count, event.author_count) == (20, 20)
    assert event.last_at == more[-1].created_at


def test_a_busy_thread_of_established_accounts_is_not_a_pileon(x):
    note_pileons(stream(x, 30, young=False, category="question", every=timedelta(seconds=20)))
    assert not PileOn.objects.exists()


def test_a_backlash_of_established_accounts_is_one_event(x):
    """The demo's strike: ordinary accounts, but nearly all angry within minutes."""
    note_pileons(stream(x, 15, young=False, category="negative", every=timedelta(seconds=40)))
    event = PileOn.objects.get()
    assert event.suspicious_share == 0 and event.hostile_share == 1.0


def test_a_pileon_goes_on_while_the_crowd_keeps_coming_even_if_calmer(x):
    """Started by an angry crowd; the questions that follow in the same minutes
    are part of the same event, in this batch or the next one."""
    angry = stream(x, 12, young=False, category="abuse")
    calmer = stream(x, 10, young=False, category="question", offset=12)
    note_pileons(angry)
    note_pileons(calmer)
    event = PileOn.objects.get()
    assert event.message_count == 22 and event.last_at == calmer[-1].created_at


def test_a_calm_crowd_alone_does_not_start_a_pileon(x):
    note_pileons(stream(x, 22, young=False, category="question"))
    assert not PileOn.objects.exists()


def test_spread_out_replies_are_not_a_pileon(x):
    note_pileons(stream(x, 12, young=True, every=timedelta(minutes=5)))
    assert not PileOn.objects.exists()


@override_settings(ACCALMIE_PILEON={"min_authors": 5})
def test_thresholds_are_settings(x):
    note_pileons(stream(x, 6, young=True))
    assert PileOn.objects.count() == 1


def test_pileons_are_noticed_at_ingest_and_closed_when_quiet(x, client, agent):
    now = timezone.now()
    rows = [
        (
            i,
            payload(
                f"r{i}",
                text="vous êtes nuls, remboursez tout le monde !!",
                in_reply_to="post-1",
                created_at=(now - timedelta(minutes=30) + i * timedelta(seconds=30)).isoformat(),
                author={
                    "handle": f"angry{i}",
                    "network_id": f"x:angry{i}",
                    "followers": 2,
                    "created_at": (now - timedelta(days=2)).isoformat(),
                },
            ),
        )
        for i in range(12)
    ]
    ingest_rows(x, rows)
    event = PileOn.objects.get()
    assert event.author_count == 12

    client.force_login(agent)
    inbox = client.get(reverse("inbox:list")).content.decode()
    assert reverse("people:pileon", args=[event.pk]) in inbox
    page = client.get(reverse("people:pileon", args=[event.pk])).content.decode()
    assert page.count("@<bdi>angry") == 12

    assert close_quiet_pileons() == 0  # last message 24 minutes ago
    PileOn.objects.update(last_at=now - timedelta(hours=3))
    # the clock's job (run_once would close the test's database connection)
    job = {j.name: j for j in periodic.jobs()}["people.close_pileons"]
    assert job.job() == 1
    assert PileOn.objects.get().state == "closed"
