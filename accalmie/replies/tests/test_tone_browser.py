"""The live tone check in the message page's editor, in a real browser."""

import pytest

from accalmie.testing.factories import ChannelFactory, MessageFactory
from accalmie.testing.hostile import MARK

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_findings_appear_as_the_agent_types_and_hostile_drafts_stay_text(login, live_server, agent):
    channel = ChannelFactory(name="bsky-main", kind="bluesky")
    message = MessageFactory(
        channel=channel,
        text="Encore 3h de retard, bande de nuls",
        language="fr",
        category="negative",
    )
    page = login("agent-a")
    page.goto(f"{live_server.url}/m/{message.pk}/")
    editor = page.locator("textarea[name=text]")

    editor.fill("")
    editor.type("Vous auriez dû réserver plus tôt, bande de nuls !!!")
    blame = page.locator("#tone-findings .tone-finding[data-code=blame]")
    blame.wait_for()
    assert "vous auriez dû" in blame.inner_text().lower()
    assert page.locator("#tone-findings [data-code=repeats_insult]").count() == 1
    assert page.locator("#tone-findings mark.tone-problem").first.inner_text() == "Vous auriez dû"
    assert "Would you say this to their face?" in page.locator("#tone-findings").inner_text()

    editor.fill(f'<img src=x onerror="{MARK}=1"> vous auriez dû')
    editor.type(" ")
    page.locator("#tone-findings .tone-draft").filter(has_text="<img").wait_for()
    assert page.evaluate(f"typeof {MARK}") == "undefined"
    assert page.locator("#tone-findings img").count() == 0
