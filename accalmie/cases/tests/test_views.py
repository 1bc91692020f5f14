"""The case panel, queues and forms through the web layer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accalmie.cases import actions
from accalmie.cases.models import Department, Handoff, RootCause
from accalmie.channels.models import OutboundAction
from accalmie.inbox.models import Status
from accalmie.moderation.defaults import ensure_code_of_conduct
from accalmie.testing.factories import MessageFactory
from accalmie.testing.hostile import MARK, SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(channel, agent):
    actions.ensure_defaults()
    ensure_code_of_conduct()
    return MessageFactory(channel=channel, category="negative", assignee=agent, status="assigned")


def test_message_page_shows_the_playbook_and_moderation(client, agent, case):
    client.force_login(agent)
    page = client.get(f"/m/{case.pk}/").content.decode()
    assert 'class="card case"' in page and 'data-step="root_cause"' in page
    assert page.count('class="step ') == 7
    assert 'class="card moderation"' in page
    assert "Insults and harassment" in page  # the rules to choose from
    assert "0 of 2 in this conversation" in page


def test_reply_limit_notice_shows_on_the_panel(client, agent, case):
    for i in range(2):
        OutboundAction.objects.create(
            channel=case.channel,
            verb="reply",
            message=case,
            idempotency_key=f"k{i}",
            state=OutboundAction.State.SENT,
        )
    client.force_login(agent)
    page = client.get(f"/m/{case.pk}/").content.decode()
    assert "Reply limit reached" in page


def test_root_cause_hand_off_resolve_and_close_through_the_forms(client, agent, case):
    client.force_login(agent)
    ops = Department.objects.get(name="Operations")
    client.post(f"/cases/m/{case.pk}/root-cause/", {"what": "Signal failure", "department": ops.pk})
    assert RootCause.objects.get(message=case).what == "Signal failure"
    due = (timezone.localtime() + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        f"/cases/m/{case.pk}/hand-off/",
        {"department": ops.pk, "note": "Compensation?", "due_at": due},
    )
    handoff = Handoff.objects.get(message=case)
    assert handoff.note == "Compensation?" and not handoff.is_overdue
    client.post(f"/cases/m/{case.pk}/resolve/")
    case.refresh_from_db()
    assert case.status == Status.MONITORING
    client.post(f"/cases/m/{case.pk}/close/", {"note": "done"})
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_a_refused_form_says_why(client, agent, case):
    client.force_login(agent)
    response = client.post(f"/cases/m/{case.pk}/hand-off/", {"note": "x"}, follow=True)
    assert "Give a due date." in response.content.decode()
    assert not Handoff.objects.exists()


def test_hostile_text_never_becomes_markup_in_the_panels(client, agent, channel):
    actions.ensure_defaults()
    ensure_code_of_conduct()
    client.force_login(agent)
    ops = Department.objects.get(name="Operations")
    for text in SAMPLES[:10]:
        m = MessageFactory(channel=channel, category="negative", text=text)
        actions.note_root_cause(m, what=text, department=ops, by=agent)
        actions.hand_off(m, department=ops, note=text, due_at=timezone.now(), by=agent)
        page = client.get(f"/m/{m.pk}/").content.decode()
        for markup in (f"<script>{MARK}", "<img src=x", "<svg/onload", "<iframe", "<details open"):
            assert markup not in page


def test_due_soon_lists_late_and_nearly_late_open_cases(client, agent, channel):
    late = MessageFactory(channel=channel, due_at=timezone.now() - timedelta(minutes=5))
    soon = MessageFactory(channel=channel, due_at=timezone.now() + timedelta(minutes=10))
    later = MessageFactory(channel=channel, due_at=timezone.now() + timedelta(hours=3))
    closed = MessageFactory(channel=channel, due_at=timezone.now(), status=Status.CLOSED)
    client.force_login(agent)
    page = client.get("/cases/due/?within=30").content.decode()
    for m in (late, soon):
        assert f"/m/{m.pk}/" in page
    for m in (later, closed):
        assert f"/m/{m.pk}/" not in page
    assert page.index(f"/m/{late.pk}/") < page.index(f"/m/{soon.pk}/")
    assert f"/m/{later.pk}/" in client.get("/cases/due/?within=240").content.decode()


def test_overdue_hand_offs_are_visible_to_the_team(client, agent, approver, case):
    ops = Department.objects.get(name="Operations")
    actions.hand_off(
        case,
        department=ops,
        note="Need the refund status",
        due_at=timezone.now() - timedelta(hours=1),
        by=agent,
    )
    client.force_login(approver)
    assert "Need the refund status" in client.get("/cases/due/").content.decode()


def test_escalations_reach_approvers_strip_and_queue(client, agent, approver, case):
    from accalmie.cases.escalation import escalate_overdue

    case.due_at = timezone.now() - timedelta(minutes=1)
    case.save()
    escalate_overdue()
    client.force_login(approver)
    assert "1 escalated case" in client.get("/").content.decode()
    assert f"/m/{case.pk}/" in client.get("/cases/mine/").content.decode()
    client.force_login(agent)
    assert "escalated case" not in client.get("/").content.decode()
    assert f"/m/{case.pk}/" in client.get("/cases/mine/").content.decode()  # their own


def test_each_form_confirms_what_it_did(client, agent, case):
    client.force_login(agent)
    ops = Department.objects.get(name="Operations")
    r = client.post(
        f"/cases/m/{case.pk}/root-cause/", {"what": "Signal", "department": ops.pk}, follow=True
    )
    assert "Root cause noted." in r.content.decode()
    r = client.post(f"/cases/m/{case.pk}/resolve/", follow=True)
    assert "Resolved: the case is monitored for new activity." in r.content.decode()


def test_default_departments_read_in_french(client, agent, case):
    client.force_login(agent)
    ops = Department.objects.get(name="Operations")
    actions.note_root_cause(case, what="Signalisation", department=ops, by=agent)
    page = client.get(f"/m/{case.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Exploitation — Signalisation" in page
    assert ">Service client</option>" in page
