from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message
from accalmie.people.models import Author
from accalmie.people.trollscore import AuthorStats, refresh_troll_scores, troll_score
from accalmie.testing.factories import AuthorFactory, MessageFactory, payload
from accalmie.triage.models import RoutingRule

pytestmark = pytest.mark.django_db

INSULTS = [
    "le CM c'est vraiment le roi des guignols 🤡🤡 bande de bras cassés",
    "et la julie du service client elle sait lire ou pas ?? incapables 🤡🤡",
    "vos controleurs = des abrutis payes a rien foutre 🤡🤡",
    "bande d'incapables, vous êtes des nuls 🤡",
]


def _author(days: int, followers: int, **kw) -> Author:
    return AuthorFactory(
        account_created_at=timezone.now() - timedelta(days=days, hours=1),
        followers=followers,
        **kw,
    )


def _messages(author, categories, *, every: timedelta) -> None:
    start = timezone.now() - timedelta(hours=1)
    for i, category in enumerate(categories):
        MessageFactory(author=author, category=category, created_at=start + i * every)


def test_the_demo_troll_scores_high_and_says_why():
    troll = _author(days=2, followers=3)
    _messages(troll, ["abuse", "abuse", "threat", "abuse", "question"], every=timedelta(minutes=2))

    refresh_troll_scores([troll.pk])
    troll.refresh_from_db()

    assert troll.troll_score >= 0.8 and troll.likely_troll
    assert troll.troll_reason_texts == [
        "4 of 5 messages abusive",
        "5 messages within 10 minutes",
        "account 2 days old",
        "3 followers",
    ]
    with override("fr"):
        assert "4 messages abusifs sur 5" in troll.troll_reason_texts


def test_troll_score_returns_sentences():
    score, reasons = troll_score(_author(days=1, followers=0), AuthorStats(3, 3, 3))
    assert score > 0.8
    assert [str(r) for r in reasons] == [
        "3 of 3 messages abusive",
        "3 messages within 10 minutes",
        "account 1 day old",
        "0 followers",
    ]


def test_an_old_customer_with_complaints_scores_low():
    customer = _author(days=6 * 365, followers=300)
    _messages(customer, ["negative", "negative"], every=timedelta(minutes=3))

    scores = refresh_troll_scores([customer.pk])
    customer.refresh_from_db()

    assert customer.troll_score < 0.2 and not customer.likely_troll
    assert customer.troll_reasons == []
    assert scores[customer.pk] == (customer.troll_score, [])


def test_a_verified_brand_scores_low():
    brand = _author(days=12 * 365, followers=250_000, verified=True, handle="sncf.bsky.social")
    _messages(brand, ["question", "other", "praise"], every=timedelta(minutes=1))

    refresh_troll_scores([brand.pk])
    brand.refresh_from_db()

    assert brand.troll_score < 0.2


def test_a_new_polite_account_stays_under_the_threshold():
    score, _reasons = troll_score(_author(days=0, followers=0), AuthorStats(1, 0, 1))
    assert score < 0.6


def test_a_routing_rule_reads_the_troll_score_at_ingest(channel):
    RoutingRule.objects.create(
        name="trolls",
        position=1,
        conditions="author.troll_score >= 0.6",
        actions="label troll",
    )
    now = timezone.now()
    troll = {
        "handle": "trainhater42",
        "network_id": "did:plc:troll",
        "followers": 3,
        "created_at": (now - timedelta(days=2)).isoformat(),
    }
    customer = {
        "handle": "alice",
        "network_id": "did:plc:alice",
        "followers": 300,
        "created_at": (now - timedelta(days=6 * 365)).isoformat(),
    }
    rows = [
        (
            i,
            payload(
                f"t{i}",
                text=text,
                author=troll,
                created_at=(now + i * timedelta(minutes=1)).isoformat(),
            ),
        )
        for i, text in enumerate(INSULTS, start=1)
    ]
    rows.append(
        (
            9,
            payload(
                "c1",
                text="Mon train a 3 heures de retard, je veux un remboursement",
                author=customer,
                created_at=now.isoformat(),
            ),
        )
    )
    ingest_rows(channel, rows)

    author = Author.objects.get(network_id="did:plc:troll")
    assert author.troll_score >= 0.6
    assert all("troll" in m.labels for m in Message.objects.filter(author=author))
    assert Message.objects.get(network_id="c1").labels == []


def test_the_inbox_shows_the_score_and_its_reasons(client, agent):
    troll = _author(days=2, followers=3)
    _messages(troll, ["abuse", "abuse", "abuse"], every=timedelta(minutes=1))
    polite = _author(days=900, followers=120)
    _messages(polite, ["question"], every=timedelta(minutes=1))
    refresh_troll_scores([troll.pk, polite.pk])
    troll.refresh_from_db()
    client.force_login(agent)

    page = client.get(reverse("inbox:list")).content.decode()
    assert page.count(f"troll {troll.troll_score:.2f}") == 3  # one badge per troll message
    assert "3 of 3 messages abusive; 3 messages within 10 minutes" in page

    detail = client.get(
        reverse("inbox:detail", args=[troll.messages.first().pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Score de troll" in detail
    assert "<li>3 messages abusifs sur 3</li>" in detail
    assert "<li>compte créé il y a 2 jours</li>" in detail
