from datetime import timedelta

import pytest
from django.utils.translation import override

from accalmie.people import actions, detection
from accalmie.people.models import Author, LinkSuggestion
from accalmie.people.similarity import handle_forms, handle_similarity
from accalmie.testing.factories import ChannelFactory, UserFactory

from .conftest import BIO, INSULTS_3, NOW, POLITE, account, say

pytestmark = pytest.mark.django_db


def pairs():
    return {
        (s.author.handle, s.candidate.handle): s
        for s in LinkSuggestion.objects.select_related("author", "candidate")
    }


def test_handles_are_compared_without_their_disguises():
    assert handle_forms("@Tra1n.Hater_42") == ("trainhater42", "trainhater")
    assert handle_forms("tra1nhater@mastodon.social") == ("trainhater", "trainhater")
    assert handle_forms("tra1nhater42.bsky.social") == ("trainhater42", "trainhater")
    assert handle_similarity("trainhater42", "tra1nhater42") == 1.0
    assert handle_similarity("trainhater42", "marie_l44") < 0.7


def test_the_returning_troll_is_proposed_with_reasons(trolls):
    t1, t2, t3 = trolls

    proposed = detection.suggest_links([t2.pk, t3.pk])

    found = pairs()
    assert set(found) == {
        ("trainhater_42", "trainhater42"),
        ("tra1nhater42", "trainhater42"),
        ("tra1nhater42", "trainhater_42"),
    }
    assert len(proposed) == 3
    back = found[("trainhater_42", "trainhater42")]
    assert back.score >= 0.9
    texts = back.reason_texts
    assert "similar handles: @trainhater_42 and @trainhater42" in texts
    assert any(t.startswith("the same writing style") for t in texts)
    assert "created 19 hours after the other was blocked" in texts
    with override("fr"):
        assert "créé 19 heures après le blocage de l’autre" in back.reason_texts


def test_the_troll_score_counts_a_strong_suggestion_then_a_confirmed_link(trolls):
    t1, t2, t3 = trolls
    detection.suggest_links([t3.pk])
    t3.refresh_from_db()
    assert {"code": "linked_probably", "handle": "trainhater42"} in t3.troll_reasons or any(
        r.get("code") == "linked_probably" for r in t3.troll_reasons
    )
    score_before = t3.troll_score

    agent = UserFactory(role="agent")
    s = LinkSuggestion.objects.get(author=t3, candidate=t1)
    contact = actions.confirm_suggestion(s, by=agent)
    from accalmie.people.trollscore import refresh_troll_scores

    refresh_troll_scores([t3.pk])  # on_commit does not run inside the test transaction
    t3.refresh_from_db()
    assert t3.contact == contact and t1.pk in contact.accounts.values_list("pk", flat=True)
    assert any(r.get("code") == "linked" for r in t3.troll_reasons)
    assert t3.troll_score > score_before
    assert "same person as @trainhater42, a blocked or abusive account" in t3.troll_reason_texts


def test_look_alikes_are_not_linked(x, trolls):
    t1, _t2, _t3 = trolls
    # a new, polite fan with a similar handle, writing under the same post
    fan = account("trainfan42", "Train Fan", "j'aime le train", created=NOW - timedelta(days=2))
    say(x, fan, POLITE, start=NOW - timedelta(hours=5), category="question")
    # a long-standing customer whose name resembles the troll's
    old = account(
        "trainhater",
        "Train Hater",
        "cheminot retraité",
        created=NOW - timedelta(days=2000),
        followers=400,
    )
    say(x, old, POLITE, start=NOW - timedelta(hours=6), category="question")
    # the same handle on another network, no abuse there
    bsky = account(
        "trainhater42.bsky.social",
        "Train Hater",
        BIO,
        created=NOW - timedelta(days=1),
        network="bluesky",
    )
    say(
        ChannelFactory(kind="bluesky"),
        bsky,
        POLITE,
        start=NOW - timedelta(hours=2),
        category="question",
    )

    detection.suggest_links([fan.pk, old.pk, bsky.pk])

    involved = {h for pair in pairs() for h in pair}
    assert not involved & {"trainfan42", "trainhater", "trainhater42.bsky.social"}


def test_a_rejected_suggestion_is_not_proposed_again(trolls):
    t1, t2, _t3 = trolls  # _t3 is still proposed: only the rejected pair is left out
    detection.suggest_links([t2.pk])
    s = LinkSuggestion.objects.get(author=t2, candidate=t1)
    actions.reject_suggestion(s, by=UserFactory(role="agent"))

    again = detection.suggest_links([t2.pk, t1.pk])
    assert {(p.author_id, p.candidate_id) for p in again} == {(_t3.pk, t1.pk)}
    s.refresh_from_db()
    assert s.state == LinkSuggestion.State.REJECTED
    assert LinkSuggestion.objects.filter(author=t2, candidate=t1).count() == 1
    assert not LinkSuggestion.objects.filter(author=t1, candidate=t2).exists()


def test_legal_cannot_confirm(trolls, legal):
    detection.suggest_links([trolls[1].pk])
    s = LinkSuggestion.objects.first()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.confirm_suggestion(s, by=legal)


def test_new_accounts_at_ingest_queue_a_check(
    x, trolls, monkeypatch, django_capture_on_commit_callbacks
):
    from accalmie.inbox.ingest import ingest_rows
    from accalmie.people import tasks
    from accalmie.testing.factories import payload

    queued = []
    monkeypatch.setattr(
        tasks, "suggest_links", type("T", (), {"enqueue": staticmethod(queued.append)})
    )
    author = {
        "handle": "trainhater_4_2",
        "network_id": "x:new",
        "display_name": "Train Hater",
        "followers": 0,
        "created_at": (NOW - timedelta(hours=1)).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        ingest_rows(x, [(1, payload("n1", text=INSULTS_3[0], author=author))])
    new = Author.objects.get(network_id="x:new")
    assert queued == [[new.pk]]

    # run what was queued: the new account is proposed as the blocked troll
    assert detection.suggest_links(queued[0])
    assert LinkSuggestion.objects.filter(author=new, candidate=trolls[0]).exists()


def test_rejecting_returns_to_our_page_only(client, trolls, agent):
    from django.urls import reverse

    detection.suggest_links([trolls[1].pk])
    s = LinkSuggestion.objects.get(author=trolls[1], candidate=trolls[0])
    client.force_login(agent)
    response = client.post(
        reverse("people:reject", args=[s.pk]), {"back": "https://evil.example/phish"}
    )
    assert response["Location"] == reverse("people:author", args=[s.author_id])
    s.refresh_from_db()
    assert s.state == "rejected" and s.decided_by == agent
    # deciding twice is refused, and said
    response = client.post(reverse("people:confirm", args=[s.pk]), follow=True)
    assert "already decided" in response.content.decode()


def test_similarity_bounds_never_hide_a_real_match():
    from accalmie.people.similarity import Forms, jaro_winkler, jw_above

    names = [
        "trainhater42",
        "tra1nhater42",
        "trainfan42",
        "marie_l44",
        "jean.dupont",
        "j3an_dupont",
    ]
    for a in names:
        for b in names:
            x, y = Forms(a, a, ""), Forms(b, b, "")
            exact = jaro_winkler(x.handle, y.handle)
            bounded = jw_above(x, y, "handle", 0.85)
            assert bounded == exact or (bounded == 0.0 and exact < 0.85)
