"""Journey 4 in a real browser: legal opens the incident, ticks a step, gets the dossier PDF."""

import pytest
from django.db import transaction

from accalmie.evidence.models import Dossier
from accalmie.evidence.tasks import build_dossier, render_evidence
from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message
from accalmie.incidents.models import Incident
from accalmie.testing.factories import payload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_legal_opens_the_incident_ticks_a_step_and_downloads_the_dossier(
    login, live_server, legal, channel
):
    from accalmie.triage.models import RoutingRule

    # the default threat rule is data from a migration: a transactional test flushed it
    RoutingRule.objects.get_or_create(
        name="threats",
        defaults={"conditions": "category = threat", "actions": "open_incident high"},
    )
    with transaction.atomic():
        ingest_rows(
            channel,
            [(1, payload("th1", text="Je sais où tu bosses, on se verra à la sortie.",
                         author={"handle": "trainhater42"}))],
        )  # fmt: skip
    render_evidence.call(list(Message.objects.values_list("pk", flat=True)))
    incident = Incident.objects.get()

    page = login("legal-a")
    page.goto(f"{live_server.url}/incidents/")
    assert "0/7" not in page.locator("table.incidents").inner_text()  # evidence step ticked
    page.click(f"a[href='/incidents/{incident.pk}/']")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    step = page.locator("li.step[data-step='inform-hr']")
    step.locator("input[name=note]").fill("RH prévenue")
    step.locator("button.tick").click()
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    assert "done by" in page.locator("li.step[data-step='inform-hr']").inner_text()
    assert incident.steps.get(code="inform-hr").done_by.username == "legal-a"

    page.click("button.request-dossier")
    page.wait_for_url("**/evidence/dossiers/*/")
    dossier = Dossier.objects.get()
    build_dossier.call(dossier.pk)  # the worker's part; the page polls until it is ready
    link = page.locator("a", has_text="PDF")
    link.wait_for(timeout=15_000)
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    with open(path, "rb") as f:
        assert f.read(5) == b"%PDF-"
