"""Journey 4 on the demo workspace: the threat's incident, legal told, the dossier tells it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from django.core import mail

from accalmie.demo import seed
from accalmie.evidence.dossier import pdf_path
from accalmie.evidence.models import Dossier
from accalmie.evidence.tasks import build_dossier, render_evidence
from accalmie.inbox.models import Message
from accalmie.incidents.models import Incident

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_demo_threat_has_its_incident_legal_is_told_and_the_dossier_tells_the_story():
    seed.seed(now=NOW)
    incident = Incident.objects.get(message__text__contains="Je sais où tu bosses")
    assert incident.is_open and incident.steps.count() == 7
    assert incident.steps.get(code="capture-evidence").is_done
    legal = incident.notices.filter(user__username="legal")
    assert {n.channel for n in legal} == {"in_app", "email"}
    assert all(n.sent_at for n in legal)
    assert any(m.to == ["legal@demo.invalid"] for m in mail.outbox)

    author = incident.message.author
    render_evidence.call(list(Message.objects.filter(author=author).values_list("pk", flat=True)))
    dossier = Dossier.objects.create(
        incident=incident, language="fr", requested_by=legal.first().user
    )
    assert build_dossier.call(dossier.pk) == "ready"
    doc = pypdfium2.PdfDocument(pdf_path(dossier).read_bytes())
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "Je sais où tu bosses" in text and author.handle in text
    assert "La chaîne de preuves a été vérifiée" in text


def test_demo_troll_linked_into_one_contact_has_a_dossier_of_all_three_accounts():
    """The issue's "done when": one contact, every account, notes and actions, verified."""
    from django.contrib.auth import get_user_model

    from accalmie.people import actions as people
    from accalmie.people.models import Author

    seed.seed(now=NOW)
    admin = get_user_model().objects.get(username="admin")
    handles = ["trainhater42", "trainhater_42", "tra1nhater42"]
    accounts = [Author.objects.get(handle=h) for h in handles]
    contact = people.ensure_contact(accounts[0], by=admin)
    for account in accounts[1:]:
        people.link_accounts(contact, account, by=admin, reason="same person")
    people.add_note(contact, "Revient après chaque blocage.", by=admin)
    render_evidence.call(
        list(Message.objects.filter(author__in=accounts).values_list("pk", flat=True))
    )
    dossier = Dossier.objects.create(contact=contact, language="en", requested_by=admin)
    assert build_dossier.call(dossier.pk) == "ready"
    doc = pypdfium2.PdfDocument(pdf_path(dossier).read_bytes())
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    flat = " ".join(text.split())
    assert all(h in text for h in handles)
    assert "Je sais où tu bosses" in text and "Revient après chaque blocage." in flat
    assert "account linked into the contact" in flat or "contact.account_linked" in flat
    assert "The evidence chain was verified when this dossier was generated" in flat
