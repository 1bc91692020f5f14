import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class EvidenceImmutableError(Exception):
    """An evidence record was about to be changed or deleted."""


class Kind(models.TextChoices):
    MESSAGE = "message", _("Message")
    PROFILE = "profile", _("Profile")
    RENDERING = "rendering", _("Rendered image")


class AppendOnlyQuerySet(models.QuerySet):
    # Bulk paths skip Model.save/delete, so they are closed here as well.
    def update(self, **kwargs):
        raise EvidenceImmutableError("evidence records are never updated")

    def delete(self):
        raise EvidenceImmutableError("evidence records are never deleted")


class EvidenceRecord(models.Model):
    """One link of the append-only evidence chain (docs/adr/0007-evidence-chain.md).

    ``canonical`` is the exact text that was hashed:
    ``json.dumps(envelope, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
    where the envelope is ``{"v": 1, "seq", "kind", "subject": {"type", "id"},
    "captured_at", "data"}`` (times in UTC, ``YYYY-MM-DDTHH:MM:SS.ffffffZ``).

    ``hash = sha256((prev_hash + canonical).encode("utf-8")).hexdigest()``, where
    ``prev_hash`` is the ``hash`` of the record with ``seq - 1``, or 64 zeros for
    ``seq = 1``. The columns beside ``canonical`` repeat what the envelope says
    so the archive can be queried; verification checks they agree.
    """

    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.BigIntegerField(_("subject id"))
    captured_at = models.DateTimeField(_("captured"))
    canonical = models.TextField(_("canonical JSON"))
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(
                fields=["kind", "subject_type", "subject_id", "seq"], name="evidence_subject"
            ),
        ]
        verbose_name = _("evidence record")
        verbose_name_plural = _("evidence records")

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.subject_type}:{self.subject_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise EvidenceImmutableError(f"evidence record {self.seq} is never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EvidenceImmutableError(f"evidence record {self.seq} is never deleted")


class ChainHead(models.Model):
    """The single row naming the chain's last record.

    Writers lock it (SELECT … FOR UPDATE on PostgreSQL) so appends are
    serialised; verification checks the chain ends where the head says, so
    cutting records off the end is detected too.
    """

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("evidence chain head")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class Dossier(models.Model):
    """A PDF + ZIP dossier for a contact, one account or an incident (R13).

    Built by ``evidence.tasks.build_dossier`` into
    ``$ACCALMIE_DATA_DIR/dossiers/<id>-<key>/``; the hashes of both files are kept
    so a copy handed to a lawyer can be checked against this row.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    contact = models.ForeignKey(
        "people.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        "people.Author", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    zip_sha256 = models.CharField(max_length=64, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    key = models.UUIDField(default=uuid.uuid4, editable=False)  # names its folder

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return f"dossier #{self.pk}"

    @property
    def subject_label(self) -> str:
        if self.incident_id:
            from accalmie.incidents.titles import shown_title  # incidents imports evidence

            return _("incident: %(title)s") % {"title": shown_title(self.incident)}
        if self.contact_id:
            return _("contact: %(name)s") % {"name": str(self.contact)}
        return _("account: @%(handle)s") % {"handle": self.author.handle if self.author else "?"}
