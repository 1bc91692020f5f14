"""The dashboard, its CSV, the weekly PDF, the risk check, planned posts, the public page."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from accalmie.audit.models import AuditEntry
from accalmie.insights import actions, report, risk
from accalmie.insights.models import (
    Alert,
    InsightsSettings,
    PlannedPost,
    ReportSubscription,
    WeeklyReport,
)
from accalmie.testing.factories import ChannelFactory, MessageFactory, UserFactory

pytestmark = pytest.mark.django_db

JOURNEY_POST = "Posez vos questions à notre PDG ! #DemandezAuPDG"


@pytest.fixture
def week(db):
    """A week with answered, late and unanswered complaints on two channels."""
    now = timezone.now()
    x = ChannelFactory(name="x-brand", kind="x", display_name="X · Rail")
    masto = ChannelFactory(name='=HYPERLINK("evil")', kind="mastodon")
    camille = UserFactory(role="agent", username="camille", first_name="Camille")
    for i, (channel, minutes) in enumerate([(x, 20), (x, 40), (x, 200), (masto, None)]):
        created = now - timedelta(days=1, minutes=i)
        MessageFactory(
            channel=channel,
            category="negative",
            assignee=camille if minutes else None,
            created_at=created,
            due_at=created + timedelta(hours=1),
            first_response_at=created + timedelta(minutes=minutes) if minutes else None,
            status="replied" if minutes else "new",
        )
    return {"x": x, "masto": masto, "camille": camille}


def test_dashboard_shows_the_figures_with_charts(client, approver, week):
    client.force_login(approver)
    html = client.get("/insights/").content.decode()
    assert "75.0 %" in html  # 3 of 4 answered
    assert "50.0 %" in html  # 2 of 4 on time
    assert html.count("<svg") >= 4
    assert "40 min" in html  # median first response (20, 40, 200)
    assert "Camille" in html


def test_dashboard_in_french(client, approver, week):
    client.force_login(approver)
    client.cookies["django_language"] = "fr"
    html = client.get("/insights/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Tableau de bord" in html
    assert "75,0 %" in html or "75.0 %" in html
    # the resolution panel's two tables each say what they hold
    assert "<summary>Chiffres par canal</summary>" in html
    assert "<summary>Chiffres par agent</summary>" in html


def test_agents_see_only_their_own_figures(client, week):
    other = UserFactory(role="agent", username="hugo")
    client.force_login(other)
    html = client.get(f"/insights/?agent={week['camille'].pk}").content.decode()
    assert "your own figures" in html
    assert "75.0 %" not in html


def test_channel_and_period_filters(client, approver, week):
    client.force_login(approver)
    html = client.get(f"/insights/?channel={week['masto'].pk}").content.decode()
    assert "0.0 %" in html
    html = client.get("/insights/?period=today").content.decode()
    assert "75.0 %" not in html
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    html = client.get(f"/insights/?period=custom&start={day}&end={day}").content.decode()
    assert "75.0 %" in html


def test_csv_export_defuses_formulas(client, approver, week):
    client.force_login(approver)
    response = client.get("/insights/export.csv?period=7d")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["answers", "all", "answered_pct", "75.0"] in rows
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_weekly_report_is_sent_once_per_week_with_a_pdf(week, approver):
    approver.email = "ines@example.test"
    approver.save()
    ReportSubscription.objects.create(user=approver)
    monday = timezone.now() + timedelta(days=(7 - timezone.localtime().weekday()) % 7 or 7)
    monday = monday.replace(hour=9)
    assert report.weekly_clock(now=monday) == 1
    assert report.weekly_clock(now=monday + timedelta(hours=1)) == 0
    assert WeeklyReport.objects.count() == 1
    assert len(mail.outbox) == 1
    name, content, kind = mail.outbox[0].attachments[0]
    assert kind == "application/pdf" and content.startswith(b"%PDF")


def test_send_me_the_report_now(client, approver, week, django_capture_on_commit_callbacks):
    approver.email = "ines@example.test"
    approver.save()
    client.force_login(approver)
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/insights/report/send/")
    assert AuditEntry.objects.filter(action="report.requested").exists()
    assert report.send_to_one(approver.pk) == 1
    assert mail.outbox[-1].attachments[0][1].startswith(b"%PDF")


def test_subscribe_toggle(client, agent):
    client.force_login(agent)
    client.post("/insights/report/subscribe/", {"on": "1"})
    assert ReportSubscription.objects.filter(user=agent).exists()
    client.post("/insights/report/subscribe/", {"on": "0"})
    assert not ReportSubscription.objects.filter(user=agent).exists()


# --------------------------------------------------------------------------- risk


@pytest.fixture
def controversies(db):
    risk.ensure_default_controversies()


def _storm():
    ch = ChannelFactory(name="x-brand", kind="x")
    now = timezone.now()
    Alert.objects.create(
        scope="channel",
        key=str(ch.pk),
        channel=ch,
        label="x-brand",
        started_at=now - timedelta(days=2),
        last_burst_at=now - timedelta(days=2),
        peak=23,
        baseline=0.4,
    )


def test_the_journey_post_scores_high_with_the_hashtag_and_the_storm(controversies):
    _storm()
    result = risk.check(JOURNEY_POST)
    codes = {r["code"] for r in result.reasons}
    assert {"open_question", "storm_alert", "imperative"} <= codes
    assert result.score >= 60 and result.level == "high"
    with translation.override("fr"):
        words = " ".join(risk.explain(r) for r in result.reasons)
    assert "#DemandezAuPDG" in words and "tempête" in words


def test_english_ask_us_anything_scores_high(controversies):
    result = risk.check("Ask us anything about the strike! #AskRailAtlantique")
    codes = {r["code"] for r in result.reasons}
    assert {"open_question", "controversy"} <= codes
    assert result.level in ("high", "medium") and result.score >= 55


@pytest.mark.parametrize(
    "text",
    [
        "Nouveaux horaires d'été sur Nantes–La Rochelle : +2 allers-retours le soir.",
        "Our new summer timetable is online: two more evening trains.",
    ],
)
def test_calm_posts_score_low(controversies, text):
    result = risk.check(text)
    assert result.score < 30 and result.level == "low", result.reasons


def test_risk_page_scores_in_both_languages(client, agent, controversies):
    _storm()
    client.force_login(agent)
    html = client.post("/insights/risk/", {"text": JOURNEY_POST, "save": "0"}).content.decode()
    assert 'id="risk-score"' in html and "high risk" in html and "#AskJPM" in html
    client.cookies["django_language"] = "fr"
    html = client.post("/insights/risk/", {"text": JOURNEY_POST, "save": "0"}).content.decode()
    assert "risque élevé" in html


def test_hostile_post_text_is_escaped(client, agent):
    client.force_login(agent)
    html = client.post(
        "/insights/risk/", {"text": "<script>alert(1)</script> #AskUs", "save": "0"}
    ).content.decode()
    assert "<script>alert(1)" not in html


def test_planned_post_needs_another_approver(agent, approver):
    _result, post = actions.check_post(JOURNEY_POST, ["x"], by=approver, save=True)
    actions.submit_post(post, by=approver)
    with pytest.raises(actions.SelfApprovalError):
        actions.decide_post(post, approve=True, by=approver)
    with pytest.raises(PermissionDenied):
        actions.decide_post(post, approve=True, by=agent)  # agents do not approve
    second = UserFactory(role="approver")
    post = actions.decide_post(post, approve=False, by=second, note="postpone: strike week")
    assert post.state == PlannedPost.State.REJECTED
    assert AuditEntry.objects.filter(action="planned_post.rejected").count() == 1


def test_planned_post_flow_through_the_pages(client, agent, approver):
    client.force_login(agent)
    response = client.post(
        "/insights/risk/", {"text": JOURNEY_POST, "networks": ["x"], "save": "1"}
    )
    post = PlannedPost.objects.get()
    assert response.status_code == 302 and post.author == agent
    client.post(f"/insights/risk/{post.pk}/submit/")
    client.force_login(approver)
    client.post(f"/insights/risk/{post.pk}/decide/", {"decision": "approve"})
    post.refresh_from_db()
    assert post.state == "approved" and post.decided_by == approver


# --------------------------------------------------------------------------- public


def test_transparency_is_public_and_shows_no_names_or_texts(client, week):
    html = client.get("/insights/transparency/").content.decode()
    assert "75.0 %" in html
    assert "Camille" not in html and "retard" not in html


def test_transparency_can_be_switched_off(client, db):
    config = InsightsSettings.load()
    config.transparency_enabled = False
    config.save()
    assert client.get("/insights/transparency/").status_code == 404


def test_alert_pages(client, agent):
    _storm()
    client.force_login(agent)
    alert = Alert.objects.get()
    alert.scopes = [["channel", str(alert.channel_id)], ["thread", "3:2123442423199253251"]]
    alert.save()
    assert client.get("/insights/alerts/").status_code == 200
    page = client.get(f"/insights/alerts/{alert.pk}/")
    assert page.status_code == 200
    # scopes read as words, not as internal keys such as "channel: 3"
    assert '<span class="label">Channel</span>' in page.content.decode()
    assert '<span class="label">Post</span>' in page.content.decode()
    assert "2123442423199253251" not in page.content.decode()
    client.post(f"/insights/alerts/{alert.pk}/acknowledge/")
    alert.refresh_from_db()
    assert alert.state == "acknowledged" and alert.acknowledged_by == agent


def test_hostile_names_are_escaped_in_the_charts(client, approver):
    now = timezone.now()
    ch = ChannelFactory(name="evil", display_name='<script>alert("x")</script>', kind="x")
    troll = UserFactory(role="agent", first_name="<img src=x onerror=alert(1)>")
    MessageFactory(
        channel=ch,
        category="negative",
        assignee=troll,
        created_at=now - timedelta(hours=2),
        first_response_at=now - timedelta(hours=1),
    )
    client.force_login(approver)
    html = client.get("/insights/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_charts_carry_their_own_text_size_for_the_pdf():
    # WeasyPrint ignores the page's CSS inside inline SVG: without the svg's own
    # font-size, the weekly PDF drew chart labels at 16px, cut at the page's edge.
    from accalmie.insights import charts

    drawn = [
        charts.hbars("t", [("Facebook · Rail Atlantique", 3, "3")]),
        charts.paired_hbars("t", [("Facebook · Rail Atlantique", 60, 120, "1 / 2")], ("a", "b")),
        charts.stacked_columns("t", [("14/11", {"negative": 3})], [("negative", "Complaint")]),
    ]
    for svg in drawn:
        assert svg.startswith("<svg") and 'font-size="11"' in svg.split(">", 1)[0]
