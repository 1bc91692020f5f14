import pytest
from django.urls import reverse
from django.utils import timezone

from accalmie.audit.models import entries_for
from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message
from accalmie.incidents.models import Incident
from accalmie.testing.factories import UserFactory, payload
from accalmie.triage.models import Assessment, Correction, RoutingRule

pytestmark = pytest.mark.django_db

THREAT = "Je sais où tu bosses, on se verra à la sortie."
SPAM = "Découvrez Votre Nombre D'Anges ! voir 7 11 signification de 555 https://anges.example/promo"
COMPLAINT = (
    "Mon train a 3 heures de retard et aucune info, c'est inadmissible, je veux un remboursement"
)


def ingest(channel, *texts):
    now = timezone.now().isoformat()
    rows = [(i, payload(f"t{i}", text=t, created_at=now)) for i, t in enumerate(texts, start=1)]
    ingest_rows(channel, rows)
    return {m.text: m for m in Message.objects.select_related("assessment")}


def test_every_message_is_triaged_before_it_shows(channel):
    msgs = ingest(channel, THREAT, SPAM, COMPLAINT)
    assert Assessment.objects.count() == 3
    threat, spam, complaint = msgs[THREAT], msgs[SPAM], msgs[COMPLAINT]
    assert threat.category == "threat" and threat.assessment.threat > 0.5
    assert threat.assessment.explanation and threat.assessment.model_version
    assert spam.category == "spam"
    assert complaint.category == "negative"
    # deadlines from the default policies: threats at once, spam none
    assert threat.due_at == threat.created_at and threat.priority == 100
    assert spam.due_at is None
    assert complaint.due_at is not None and complaint.due_at > complaint.created_at


def test_default_rules_open_an_incident_for_threats_and_fold_spam(channel):
    msgs = ingest(channel, THREAT, SPAM)
    incident = Incident.objects.get()
    assert incident.message == msgs[THREAT] and incident.severity == "high"
    assert msgs[THREAT].needs_approval
    assert msgs[SPAM].status == "closed" and "spam" in msgs[SPAM].labels


def test_admin_rule_assigns_by_scores_and_author(channel):
    camille = UserFactory(role="agent", username="camille")
    RoutingRule.objects.create(
        name="complaints to Camille",
        position=1,
        conditions="negative >= 0.5\nauthor.followers < 100",
        actions="assign camille\nlabel complaint",
    )
    msgs = ingest(channel, COMPLAINT)
    m = msgs[COMPLAINT]
    assert m.assignee == camille and m.status == "assigned" and m.labels == ["complaint"]
    entry = entries_for(m).get(action="message.assigned")
    assert entry.actor is None and entry.data["rule"] == "complaints to Camille"


def test_correction_is_kept_as_a_label_and_audited(client, agent, channel):
    m = ingest(channel, COMPLAINT)[COMPLAINT]
    client.force_login(agent)
    client.post(reverse("triage:correct", args=[m.pk]), {"category": "question"})
    m.refresh_from_db()
    assert m.category == "question"
    c = Correction.objects.get()
    assert (c.previous, c.category, c.by) == ("negative", "question", agent)
    assert entries_for(m).filter(action="message.category").exists()


def test_legal_cannot_correct(client, legal, channel):
    m = ingest(channel, COMPLAINT)[COMPLAINT]
    client.force_login(legal)
    assert (
        client.post(reverse("triage:correct", args=[m.pk]), {"category": "spam"}).status_code == 403
    )


def test_rules_page_edit_for_admins_only(client, admin_user, agent):
    client.force_login(agent)
    assert client.get(reverse("triage:rule_new")).status_code == 403
    client.force_login(admin_user)
    r = client.post(
        reverse("triage:rule_new"),
        {
            "name": "bad",
            "position": 5,
            "is_active": "on",
            "conditions": "colour = red",
            "actions": "label x",
        },
    )
    assert r.status_code == 200 and "unknown field" in r.content.decode()
    r = client.post(
        reverse("triage:rule_new"),
        {
            "name": "Young accounts",
            "position": 5,
            "is_active": "on",
            "conditions": "author.account_age_days < 7\ntoxic >= 0.7",
            "actions": "label troll",
        },
    )
    assert r.status_code == 302
    assert RoutingRule.objects.filter(name="Young accounts").exists()
    assert "Young accounts" in client.get(reverse("triage:rules")).content.decode()


def test_detail_page_shows_scores_and_explanation(client, agent, channel):
    m = ingest(channel, THREAT)[THREAT]
    client.force_login(agent)
    html = client.get(reverse("inbox:detail", args=[m.pk])).content.decode()
    assert m.assessment.model_version in html and "threat" in html


@pytest.mark.parametrize(
    "text", ["", "😀🔥💯" * 10, "x" * 100_000, "Привет мир 你好 مرحبا bonjour"]
)
def test_odd_text_still_gets_a_result(channel, text):
    ingest(channel, text)
    m = Message.objects.get()
    assert m.category and m.language in ("fr", "en", "other")
