"""The dashboard's charts and the risk check in a real browser, in English and French."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accalmie.insights.models import Alert
from accalmie.testing.factories import ChannelFactory, MessageFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _week():
    now = timezone.now()
    x = ChannelFactory(name="x-brand", kind="x")
    camille = UserFactory(role="agent", username="camille", first_name="Camille")
    for i, minutes in enumerate([20, 40, 200, None]):
        created = now - timedelta(days=1, minutes=i)
        MessageFactory(
            channel=x,
            category="negative",
            assignee=camille,
            created_at=created,
            due_at=created + timedelta(hours=1),
            first_response_at=created + timedelta(minutes=minutes) if minutes else None,
        )
    return x


def test_dashboard_charts_render_in_english_and_french(login, live_server, approver):
    _week()
    page = login("approver-a")
    page.goto(f"{live_server.url}/insights/")
    assert page.locator("svg.chart").count() >= 4
    assert page.locator("svg.chart rect").count() >= 3
    assert "75.0 %" in page.locator("#kpi-answered").inner_text()
    assert "40 min" in page.locator("#kpi-median").inner_text()
    assert page.locator("svg.chart title").first.text_content() != ""
    page.click(".lang button[value=fr]")
    page.wait_for_load_state()
    assert "Tableau de bord" in page.locator("h1").inner_text()
    assert "traités" in page.locator("#kpi-answered").inner_text()
    assert page.locator("svg.chart").count() >= 4


def test_risk_check_scores_the_journey_post(login, live_server, agent):
    x = ChannelFactory(name="x-brand", kind="x")
    now = timezone.now()
    Alert.objects.create(
        scope="channel",
        key=str(x.pk),
        channel=x,
        label="x-brand",
        started_at=now - timedelta(days=1),
        last_burst_at=now - timedelta(days=1),
        peak=24,
        baseline=0.1,
    )
    page = login("agent-a")
    page.goto(f"{live_server.url}/insights/risk/")
    page.fill("textarea[name=text]", "Posez vos questions à notre PDG ! #DemandezAuPDG")
    page.click("button[name=save][value='0']")
    page.wait_for_selector("#risk-score")
    assert int(page.locator("#risk-score").inner_text()) >= 60
    reasons = page.locator(".risk-reasons").inner_text()
    assert "#AskJPM" in reasons and "storm" in reasons
