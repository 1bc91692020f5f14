"""The inbox in a real browser: log in, see, filter, open, assign, live arrival."""

import pytest
from django.utils import timezone

from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message
from accalmie.testing.factories import ChannelFactory, MessageFactory, payload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agent_logs_in_filters_opens_and_assigns(login, live_server, agent):
    bsky = ChannelFactory(name="bsky-main", kind="bluesky")
    masto = ChannelFactory(name="masto-main", kind="mastodon")
    MessageFactory(channel=bsky, text="Merci pour le wifi, top", language="fr")
    target = MessageFactory(
        channel=masto, text="My refund never arrived, 3 weeks now", language="en"
    )
    page = login("agent-a")
    assert page.locator("#rows .row").count() == 2

    page.select_option("select[name=channel]", "masto-main")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**channel=masto-main**")
    assert page.locator("#rows .row").count() == 1
    assert "My refund never arrived" in page.locator("#rows").inner_text()

    page.click("#rows .row .cover")
    page.wait_for_url(f"**/m/{target.pk}/")
    assert "My refund never arrived" in page.locator(".conversation").inner_text()
    page.click("text=Assign to me")
    page.wait_for_url(f"**/m/{target.pk}/")
    assert (
        "Camille" in page.locator(".work .owner").inner_text()
        or agent.first_name in page.locator(".work .owner").inner_text()
    )
    target.refresh_from_db()
    assert target.assignee_id == agent.pk and target.status == "assigned"


def test_new_messages_arrive_without_reloading(login, live_server, agent, channel):
    MessageFactory(channel=channel, text="already here")
    page = login("agent-a")
    page.evaluate("window.__notReloaded = true")
    ingest_rows(
        channel,
        [
            (
                1,
                payload(
                    "live-1",
                    text="Just arrived: train 8817 cancelled",
                    created_at=timezone.now().isoformat(),
                ),
            )
        ],
    )
    page.locator("#rows .row", has_text="Just arrived").wait_for(timeout=15_000)
    assert page.evaluate("window.__notReloaded") is True
    assert Message.objects.count() == 2


def test_search_in_the_browser(login, live_server, agent, channel):
    MessageFactory(channel=channel, text="Le contrôleur était très aimable")
    MessageFactory(channel=channel, text="Toilettes bouchées voiture 12")
    page = login("agent-a")
    page.fill("input[name=q]", "toilettes")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**q=toilettes**")
    assert page.locator("#rows .row").count() == 1
