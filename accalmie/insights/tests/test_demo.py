"""Journeys 5 and 6 on the demo workspace: the strike raised an alert, the week has answers."""

import pytest
from django.utils import timezone

from accalmie.demo import seed
from accalmie.inbox.models import Message
from accalmie.insights import dashboard, metrics, risk
from accalmie.insights.models import Alert, Controversy, ReportSubscription

pytestmark = pytest.mark.django_db


def test_demo_week_feeds_the_dashboard_the_alerts_and_the_risk_check(client):
    now = timezone.now()
    seed.seed(now=now, holdback=0)
    # journey 5: the strike backlash raised one alert, on X, with the burst's messages
    strike = Alert.objects.filter(channel__kind="x").order_by("-peak").first()
    assert strike is not None, list(Alert.objects.values("label", "peak"))
    texts = list(strike.messages.values_list("text", flat=True))
    assert len(texts) >= 10
    assert strike.peak >= 10
    assert Alert.objects.count() <= 3, "no alert storm"
    check = risk.check("Posez vos questions à notre PDG ! #DemandezAuPDG")
    assert check.level == "high"
    assert {"open_question", "storm_alert"} <= {r["code"] for r in check.reasons}
    assert Controversy.objects.count() == 3
    # journey 6: a week of answered complaints, by channel and agent
    p = metrics.Period(now - timezone.timedelta(days=7), now)
    data = dashboard.build(p)
    assert data["rates"]["answered"] > 50
    assert 50 < data["rates"]["answered_pct"] < 100
    assert data["times"]["first_response"]["overall"]["p50"] < 3600
    assert len(data["times"]["first_response"]["by_agent"]) >= 2
    assert Message.objects.filter(resolved_at__isnull=False).count() > 50
    assert ReportSubscription.objects.filter(user__username="approver").exists()
    client.login(username="approver", password=seed.DEMO_PASSWORD)
    html = client.get("/insights/").content.decode()
    assert "<svg" in html and "Camille" in html
