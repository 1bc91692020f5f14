"""Incidents: opened by the threat rule or by hand, action plan, notices, permissions, audit."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from accalmie.audit.models import AuditEntry
from accalmie.evidence.models import Dossier
from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message
from accalmie.incidents import actions
from accalmie.incidents.models import ActionPlanStep, Incident, IncidentNotice
from accalmie.incidents.notify import email_for
from accalmie.incidents.tasks import send_incident_emails
from accalmie.testing.factories import MessageFactory, UserFactory, payload

pytestmark = pytest.mark.django_db
THREAT = "Je sais où tu bosses, on se verra à la sortie. Je vais te tuer."


@pytest.fixture
def team(db):
    legal = UserFactory(role="legal", username="lea", email="lea@example.org")
    admin = UserFactory(role="admin", username="alex", email="alex@example.org", is_superuser=True)
    agent = UserFactory(role="agent", username="camille", email="camille@example.org")
    return legal, admin, agent


def _threat(channel, django_capture_on_commit_callbacks, text=THREAT, handle="trainhater42"):
    with django_capture_on_commit_callbacks(execute=True):
        ingest_rows(channel, [(1, payload("th1", text=text, author={"handle": handle}))])
    return Incident.objects.get()


def test_threat_opens_an_incident_with_its_plan_and_tells_legal_and_admins(
    channel, team, django_capture_on_commit_callbacks
):
    legal, admin, agent = team
    incident = _threat(channel, django_capture_on_commit_callbacks)
    assert incident.opened_by_rule and incident.prepared_at is not None
    steps = list(incident.steps.all())
    assert [s.code for s in steps] == [
        "capture-evidence", "inform-legal", "inform-hr", "police-report",
        "check-employee", "block-author", "monitor",
    ]  # fmt: skip
    # the message's evidence record exists: the first step ticked itself
    assert steps[0].is_done and steps[0].done_by is None
    assert not any(s.is_done for s in steps[1:])
    assert list(incident.messages.all()) == [incident.message]
    in_app = IncidentNotice.objects.filter(channel="in_app")
    assert {n.user for n in in_app} == {legal, admin}  # agents are not told
    assert all(n.sent_at and n.read_at is None for n in in_app)
    from accalmie.people.models import Notification

    lines = Notification.objects.filter(kind="incident")
    assert {n.recipient for n in lines} == {legal, admin}
    assert all(n.url == reverse("incidents:detail", args=[incident.pk]) for n in lines)
    emails = IncidentNotice.objects.filter(channel="email")
    assert {n.address for n in emails} == {"lea@example.org", "alex@example.org"}
    assert all(n.sent_at is None for n in emails)

    assert send_incident_emails.call(incident.pk) == 2
    assert send_incident_emails.call(incident.pk) == 0  # safe twice
    assert sorted(m.to[0] for m in mail.outbox) == ["alex@example.org", "lea@example.org"]
    assert all(n.sent_at for n in IncidentNotice.objects.filter(channel="email"))
    body = mail.outbox[0].body
    assert (
        "> Je sais où tu bosses" in body and reverse("incidents:detail", args=[incident.pk]) in body
    )
    assert AuditEntry.objects.filter(
        action="incident.notified", target_id=str(incident.pk)
    ).exists()


def test_email_is_plain_text_and_cannot_inject_headers(channel, team):
    legal = team[0]
    message = MessageFactory(
        channel=channel,
        text="<script>alert(1)</script>\r\nBcc: victim@example.org\r\n\r\nfake body\x1b[31m\u202e",
    )
    incident = Incident.objects.create(
        title="threat\r\nBcc: evil@example.org\nX-Injected: 1", message=message, severity="high"
    )
    email = email_for(incident, legal)
    import email as email_lib

    parsed = email_lib.message_from_string(email.message().as_string())
    assert {k.lower() for k in parsed.keys()} == {
        "content-type", "mime-version", "content-transfer-encoding", "subject", "from", "to",
        "date", "message-id",
    }  # fmt: skip
    assert "\n" not in email.subject and "Bcc: evil@example.org X-Injected: 1" in email.subject
    assert email.recipients() == ["lea@example.org"]
    assert email.content_subtype == "plain" and not getattr(email, "alternatives", None)
    assert "\x1b" not in email.body and "\u202e" not in email.body
    assert "> <script>alert(1)</script>" in email.body


def test_email_in_the_recipients_language(channel, team, django_capture_on_commit_callbacks):
    legal = team[0]
    from accalmie.accounts.models import Profile

    Profile.objects.update_or_create(user=legal, defaults={"language": "fr"})
    incident = _threat(channel, django_capture_on_commit_callbacks)
    send_incident_emails.call(incident.pk)
    french = next(m for m in mail.outbox if m.to == ["lea@example.org"])
    english = next(m for m in mail.outbox if m.to == ["alex@example.org"])
    assert "Gravité" in french.body and "Severity" in english.body


def test_steps_are_ticked_with_who_and_when_by_legal_only(
    channel, team, django_capture_on_commit_callbacks
):
    legal, admin, agent = team
    incident = _threat(channel, django_capture_on_commit_callbacks)
    step = incident.steps.get(code="inform-hr")
    with pytest.raises(PermissionDenied):
        actions.tick_step(step, by=agent)
    step = actions.tick_step(step, by=legal, note="RH prévenue par téléphone")
    assert step.done_by == legal and step.done_at and step.note == "RH prévenue par téléphone"
    entry = AuditEntry.objects.get(action="incident.step_done")
    assert entry.actor == legal and entry.data["code"] == "inform-hr"
    step = actions.tick_step(step, by=admin, done=False)
    assert step.done_at is None and step.done_by is None


def test_timeline_names_default_steps_in_the_readers_language(
    client, channel, team, django_capture_on_commit_callbacks
):
    legal = team[0]
    incident = _threat(channel, django_capture_on_commit_callbacks)
    with translation.override("en"):  # the audit row keeps the English title
        actions.tick_step(incident.steps.get(code="inform-hr"), by=legal)
    client.force_login(legal)
    page = client.get(reverse("incidents:detail", args=[incident.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    timeline = page.content.decode().split("incident-timeline", 1)[1]
    assert "Prévenir les RH" in timeline and "Inform HR" not in timeline


def test_plan_defined_by_admins_is_copied(channel, team, django_capture_on_commit_callbacks):
    from accalmie.incidents.plan import active_plan

    active_plan()
    ActionPlanStep.objects.exclude(code="inform-legal").update(is_active=False)
    ActionPlanStep.objects.create(position=9, title="Prévenir la direction régionale")
    incident = _threat(channel, django_capture_on_commit_callbacks)
    assert [str(s.label) for s in incident.steps.all()] == [
        "Inform legal",
        "Prévenir la direction régionale",
    ]


def test_severity_notes_messages_close_and_reopen(
    channel, team, django_capture_on_commit_callbacks
):
    legal = team[0]
    incident = _threat(channel, django_capture_on_commit_callbacks)
    actions.change_severity(incident, "critical", by=legal)
    actions.add_note(incident, "Plainte déposée <b>lundi</b>", by=legal)
    other = MessageFactory(channel=channel, author=incident.message.author)
    actions.add_message(incident, other, by=legal)
    actions.close_incident(incident, by=legal)
    incident.refresh_from_db()
    assert incident.severity == "critical" and not incident.is_open and incident.closed_by == legal
    assert incident.messages.count() == 2 and incident.notes.count() == 1
    actions.reopen_incident(incident, by=legal)
    incident.refresh_from_db()
    assert incident.is_open and incident.closed_at is None
    done = set(
        AuditEntry.objects.filter(target_id=str(incident.pk)).values_list("action", flat=True)
    )
    assert {"incident.severity", "incident.note", "incident.message_added", "incident.closed",
            "incident.reopened"} <= done  # fmt: skip


def test_agent_opens_an_incident_by_hand_but_cannot_see_it(client, channel, team):
    legal, admin, agent = team
    message = MessageFactory(channel=channel, text="Tu vas voir ce qui va t'arriver")
    client.force_login(agent)
    page = client.get(reverse("inbox:detail", args=[message.pk]))
    assert b"Open an incident" in page.content
    response = client.post(reverse("incidents:open", args=[message.pk]), {"severity": "medium"})
    assert response.status_code == 302 and response.url == reverse(
        "inbox:detail", args=[message.pk]
    )
    incident = Incident.objects.get(message=message)
    assert incident.opened_by == agent and incident.severity == "medium"
    assert incident.steps.count() == 7 and incident.notices.filter(user=legal).exists()
    page = client.get(reverse("inbox:detail", args=[message.pk]))
    assert b"Incident: Medium" in page.content
    assert reverse("incidents:detail", args=[incident.pk]).encode() not in page.content
    # twice: the open incident is returned, not a second one
    client.post(reverse("incidents:open", args=[message.pk]))
    assert Incident.objects.filter(message=message).count() == 1


def test_only_legal_and_admins_see_incidents_and_dossiers(
    client, channel, team, django_capture_on_commit_callbacks
):
    legal, admin, agent = team
    approver = UserFactory(role="approver")
    incident = _threat(channel, django_capture_on_commit_callbacks)
    step = incident.steps.first()
    dossier = Dossier.objects.create(incident=incident, requested_by=legal, state="ready")
    urls = [
        ("get", reverse("incidents:list"), {}),
        ("get", reverse("incidents:detail", args=[incident.pk]), {}),
        ("post", reverse("incidents:tick_step", args=[incident.pk, step.pk]), {"done": "1"}),
        ("post", reverse("incidents:severity", args=[incident.pk]), {"severity": "low"}),
        ("post", reverse("incidents:add_note", args=[incident.pk]), {"text": "x"}),
        ("post", reverse("incidents:close", args=[incident.pk]), {}),
        ("post", reverse("evidence:dossier_request"), {"subject": "incident", "id": incident.pk}),
        ("get", reverse("evidence:dossier", args=[dossier.pk]), {}),
        ("get", reverse("evidence:dossier_pdf", args=[dossier.pk]), {}),
        ("get", reverse("evidence:dossier_zip", args=[dossier.pk]), {}),
    ]
    for user in (agent, approver):
        client.force_login(user)
        for method, url, data in urls:
            assert getattr(client, method)(url, data).status_code == 403, (user, url)
    assert not incident.steps.filter(done_by__isnull=False).exists()
    for user in (legal, admin):
        client.force_login(user)
        assert client.get(reverse("incidents:list")).status_code == 200
        assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 200


def test_list_shows_open_first_with_steps_done_and_unread(
    client, channel, team, django_capture_on_commit_callbacks
):
    legal = team[0]
    incident = _threat(channel, django_capture_on_commit_callbacks)
    closed = Incident.objects.create(
        title="old", message=MessageFactory(channel=channel), severity="critical", is_open=False
    )
    client.force_login(legal)
    page = client.get(reverse("incidents:list") + "?show=all").content.decode()
    assert page.index("trainhater42") < page.index(">old<")
    assert "1/7" in page
    assert "not read yet" in page
    client.get(reverse("incidents:detail", args=[incident.pk]))  # reading marks the notice read
    notice = IncidentNotice.objects.get(incident=incident, user=legal, channel="in_app")
    assert notice.read_at is not None
    page = client.get(reverse("incidents:list")).content.decode()
    assert "not read yet" not in page and ">old<" not in page
    assert closed.pk


def test_hostile_texts_are_inert_on_the_incident_pages(
    client, channel, team, django_capture_on_commit_callbacks
):
    from accalmie.testing.hostile import MARK, SAMPLES

    legal = team[0]
    incident = _threat(channel, django_capture_on_commit_callbacks, text=THREAT + " " + SAMPLES[0])
    actions.add_note(incident, SAMPLES[1], by=legal)
    actions.tick_step(incident.steps.get(code="inform-hr"), by=legal, note=SAMPLES[2])
    client.force_login(legal)
    for url in (reverse("incidents:list"), reverse("incidents:detail", args=[incident.pk])):
        page = client.get(url).content.decode()
        assert (
            f"<script>{MARK}" not in page and "<img src=x" not in page and "<svg/onload" not in page
        )


def test_dossier_is_requested_built_and_downloaded_with_an_audit_row(
    client, channel, team, django_capture_on_commit_callbacks
):
    from accalmie.evidence.tasks import build_dossier, render_evidence

    legal = team[0]
    incident = _threat(channel, django_capture_on_commit_callbacks)
    render_evidence.call(list(Message.objects.values_list("pk", flat=True)))
    client.force_login(legal)
    response = client.post(
        reverse("evidence:dossier_request"), {"subject": "incident", "id": incident.pk}
    )
    dossier = Dossier.objects.get()
    assert response.url == reverse("evidence:dossier", args=[dossier.pk])
    assert dossier.requested_by == legal and dossier.incident == incident
    assert client.get(reverse("evidence:dossier_pdf", args=[dossier.pk])).status_code == 404
    assert b"hx-trigger" in client.get(reverse("evidence:dossier", args=[dossier.pk])).content
    build_dossier.call(dossier.pk)
    assert build_dossier.call(dossier.pk) == "ready"  # safe twice
    page = client.get(reverse("evidence:dossier", args=[dossier.pk])).content.decode()
    assert "Download the PDF" in page
    response = client.get(reverse("evidence:dossier_pdf", args=[dossier.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    dossier.refresh_from_db()
    entry = AuditEntry.objects.get(action="dossier.downloaded")
    assert entry.actor == legal and entry.data["format"] == "pdf"
    assert entry.data["sha256"] == dossier.pdf_sha256
    # a file changed on disk after it was built is never handed out
    from accalmie.evidence.dossier import zip_path

    zip_path(dossier).write_bytes(b"PK not the dossier")
    assert client.get(reverse("evidence:dossier_zip", args=[dossier.pk])).status_code == 403
    assert AuditEntry.objects.filter(action="dossier.downloaded").count() == 1


def test_legal_adds_the_same_persons_next_message_from_its_page(
    client, channel, team, django_capture_on_commit_callbacks
):
    legal, _admin, agent = team
    incident = _threat(channel, django_capture_on_commit_callbacks)
    later = MessageFactory(channel=channel, author=incident.message.author, text="encore moi")
    stranger = MessageFactory(channel=channel, text="rien à voir")
    client.force_login(legal)
    page = client.get(reverse("inbox:detail", args=[later.pk])).content.decode()
    assert "join-incident" in page
    assert (
        "join-incident"
        not in client.get(reverse("inbox:detail", args=[stranger.pk])).content.decode()
    )
    response = client.post(
        reverse("incidents:add_message", args=[incident.pk]),
        {"message": later.pk, "back": "message"},
    )
    assert response.url == reverse("inbox:detail", args=[later.pk])
    assert set(incident.messages.all()) == {incident.message, later}
    assert (
        "join-incident" not in client.get(reverse("inbox:detail", args=[later.pk])).content.decode()
    )
    client.force_login(agent)
    assert (
        "join-incident" not in client.get(reverse("inbox:detail", args=[later.pk])).content.decode()
    )


def test_automatic_title_reads_in_the_readers_language(
    client, channel, team, django_capture_on_commit_callbacks
):
    legal = team[0]
    from accalmie.accounts.models import Profile

    Profile.objects.update_or_create(user=legal, defaults={"language": "fr"})
    incident = _threat(channel, django_capture_on_commit_callbacks)
    assert incident.title == "Threat — @trainhater42"  # stored once, in English
    send_incident_emails.call(incident.pk)
    french = next(m for m in mail.outbox if m.to == ["lea@example.org"])
    assert "Menace — @trainhater42" in french.subject
    client.force_login(legal)
    page = client.get(reverse("incidents:detail", args=[incident.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    assert "<bdi>Menace — @trainhater42</bdi>" in page.content.decode()
    incident.title = "Menaces répétées contre Julie"  # typed by a person: shown as is
    incident.save()
    page = client.get(reverse("incidents:list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Menaces répétées contre Julie" in page
