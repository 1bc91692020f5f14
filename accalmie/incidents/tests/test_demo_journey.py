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
    doc = pypdfium2.PdfDocument(pdf_path(dossier.pk).read_bytes())
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "Je sais où tu bosses" in text and author.handle in text
    assert "La chaîne de preuves a été vérifiée" in text
