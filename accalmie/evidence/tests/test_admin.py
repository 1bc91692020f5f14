"""The archive is read in the admin, never edited; the legal role may read it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accalmie.evidence.models import EvidenceRecord
from accalmie.testing.factories import payload

from .helpers import ingest

pytestmark = pytest.mark.django_db


def test_admin_shows_records_read_only(client, admin_user, channel):
    ingest(channel, payload("a", text="<script>window.__pwned=1</script>"))
    record = EvidenceRecord.objects.get(kind="message")
    client.force_login(admin_user)
    assert client.get(reverse("admin:evidence_evidencerecord_changelist")).status_code == 200
    page = client.get(reverse("admin:evidence_evidencerecord_change", args=[record.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert b"<script>window.__pwned" not in page.content
    assert client.get(reverse("admin:evidence_evidencerecord_add")).status_code == 403
    delete = reverse("admin:evidence_evidencerecord_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert EvidenceRecord.objects.filter(pk=record.pk).exists()


def test_the_legal_role_may_view_records(legal):
    perms = Group.objects.get(name="legal").permissions.values_list("codename", flat=True)
    assert "view_evidencerecord" in perms and "change_evidencerecord" not in perms
