"""Dossiers: asking for one, and recording who downloaded it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accalmie.audit import record

from .models import Dossier


def request_dossier(
    *, by, contact=None, author=None, incident=None, language="en", ip=None
) -> Dossier:
    """Queues a dossier for exactly one subject: a contact, an account or an incident."""
    if not by.has_perm("evidence.add_dossier"):
        raise PermissionDenied(_("You cannot request dossiers."))
    if sum(x is not None for x in (contact, author, incident)) != 1:
        raise ValidationError(_("A dossier is about one contact, one account or one incident."))
    if language not in ("en", "fr"):
        language = "en"
    with transaction.atomic():
        dossier = Dossier.objects.create(
            contact=contact, author=author, incident=incident, language=language, requested_by=by
        )
        record(
            by, "dossier.requested", dossier, data={"subject": str(dossier.subject_label)}, ip=ip
        )
        from .tasks import build_dossier

        transaction.on_commit(lambda: build_dossier.enqueue(dossier.pk))
    return dossier


def record_download(dossier: Dossier, fmt: str, *, by, ip=None) -> None:
    if not by.has_perm("evidence.view_dossier"):
        raise PermissionDenied(_("You cannot download dossiers."))
    if dossier.state != Dossier.State.READY:
        raise ValidationError(_("This dossier is not ready."))
    with transaction.atomic():
        record(
            by,
            "dossier.downloaded",
            dossier,
            data={
                "format": fmt,
                "sha256": dossier.pdf_sha256 if fmt == "pdf" else dossier.zip_sha256,
            },
            ip=ip,
        )
