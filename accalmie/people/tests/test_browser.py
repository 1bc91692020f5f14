"""Journey 3 in a real browser: the returning troll proposed, confirmed, noted."""

import pytest
from django.urls import reverse

from accalmie.people import detection
from accalmie.people.models import Notification
from accalmie.testing import hostile
from accalmie.testing.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_confirms_the_returning_troll_and_notes_it(login, live_server, agent, trolls):
    t1, t2, t3 = trolls
    julie = UserFactory(role="agent", username="julie")
    t3.bio = hostile.SAMPLES[0]  # the evidence shows the troll's own words, inert
    t3.save()
    detection.suggest_links([t2.pk, t3.pk])
    page = login("agent-a")

    page.goto(live_server.url + reverse("inbox:detail", args=[t3.messages.first().pk]))
    short = page.locator(".people-panel article.link-suggestion").filter(
        has_text="Probably the same person as @trainhater42,"
    )
    assert "blocked" in short.locator("h3").inner_text()
    assert "similar handles" in short.inner_text()
    short.locator("a.compare-link").click()
    page.wait_for_url("**/people/suggestions/*/")
    proposal = page.locator("article.link-suggestion")
    sides = proposal.locator(".side-by-side .side")
    assert sides.count() == 2
    assert "@tra1nhater42" in sides.nth(0).inner_text()
    assert "@trainhater42" in sides.nth(1).inner_text()
    assert "roi des guignols" in sides.nth(1).inner_text()  # sample messages side by side
    assert "similar handles" in proposal.inner_text()
    assert "after the other was blocked" in proposal.inner_text()

    proposal.locator("button.confirm-link").click()
    page.wait_for_url("**/people/contacts/*/")
    assert page.locator(".accounts .account").count() == 2
    # the other proposal (the second account) is still there: confirm it too
    page.locator("article.link-suggestion button.confirm-link").first.click()
    page.wait_for_url("**/people/contacts/*/")
    accounts = page.locator(".accounts .account")
    assert accounts.count() == 3
    assert {"@trainhater42", "@trainhater_42", "@tra1nhater42"} <= {
        line.strip()
        for text in accounts.all_inner_texts()
        for line in text.replace("·", "\n").split("\n")
    }
    assert page.locator("article.link-suggestion").count() == 0

    page.fill(".notes textarea[name=text]", "Même troll, 3e compte. @julie à surveiller")
    page.click(".notes button")
    page.wait_for_url("**/people/contacts/*/")
    assert "@julie à surveiller" in page.locator(".note-list").inner_text()
    assert Notification.objects.get(recipient=julie).kind == "mention"
    assert page.evaluate(f"typeof {hostile.MARK}") == "undefined"
