"""Changes to incidents: open, prepare (plan + notices), steps, notes, severity, close.

Who may: ``incidents.add_incident`` opens one by hand (escalating is open to
the front line); ``incidents.work_incident`` (legal, admins) works it.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accalmie.audit import record
from accalmie.evidence.chain import MESSAGE_TYPE
from accalmie.evidence.models import EvidenceRecord, Kind
from accalmie.inbox.models import Message

from . import notify
from .models import Incident, IncidentNote, IncidentNotice, IncidentStep, Severity
from .plan import EVIDENCE, active_plan
from .titles import shown_title

MAX_NOTE = 5000


def _require(by, perm: str) -> None:
    if not by.has_perm(perm):
        raise PermissionDenied(_("You cannot do this on incidents."))


def _locked(incident: Incident) -> Incident:
    return Incident.objects.select_for_update().get(pk=incident.pk)


def _has_evidence(message_ids) -> bool:
    return EvidenceRecord.objects.filter(
        kind=Kind.MESSAGE, subject_type=MESSAGE_TYPE, subject_id__in=list(message_ids)
    ).exists()


def open_incident(
    message: Message, *, by, severity: str = Severity.HIGH, title: str = "", ip=None
) -> Incident:
    """Opens an incident on `message` by hand, or returns the open one it already has."""
    _require(by, "incidents.add_incident")
    if severity not in Severity.values:
        raise ValidationError(_("Unknown severity."))
    with transaction.atomic():
        message = Message.objects.select_for_update().select_related("author").get(pk=message.pk)
        existing = Incident.objects.filter(message=message, is_open=True).first()
        if existing is not None:
            return existing
        incident = Incident.objects.create(
            title=(title.strip() or f"{message.get_category_display()} — @{message.author.handle}")[
                :200
            ],
            message=message,
            severity=severity,
            opened_by=by,
        )
        record(by, "incident.opened", incident, data={"message": message.pk}, ip=ip)
        prepare_incidents([incident])
    return incident


def prepare_incidents(incidents) -> list[Incident]:
    """Copies the action plan onto each new incident and tells legal and admins.

    Called inside the transaction that opened them (the ingest signal for
    rule-opened incidents, `open_incident` for the others). Safe twice:
    an incident already prepared is skipped. Emails go after commit.
    """
    todo = [i for i in incidents if i.prepared_at is None]
    if not todo:
        return []
    plan = active_plan()
    recipients = notify.recipients()
    now = timezone.now()
    for incident in todo:
        incident.messages.add(incident.message_id)
        evidence = _has_evidence([incident.message_id])
        IncidentStep.objects.bulk_create(
            IncidentStep(
                incident=incident,
                position=s.position,
                code=s.code,
                title=s.title,
                auto=s.auto,
                done_at=now if (s.auto == EVIDENCE and evidence) else None,
            )
            for s in plan
        )
        notices = [
            IncidentNotice(
                incident=incident, user=u, channel=IncidentNotice.Channel.IN_APP, sent_at=now
            )
            for u in recipients
        ]
        notices += [
            IncidentNotice(
                incident=incident, user=u, address=u.email, channel=IncidentNotice.Channel.EMAIL
            )
            for u in recipients
            if u.email
        ]
        IncidentNotice.objects.bulk_create(notices, ignore_conflicts=True)
        _notify_in_app(incident, recipients)
        incident.prepared_at = now
        Incident.objects.filter(pk=incident.pk).update(prepared_at=now)
        record(
            None,
            "incident.notified",
            incident,
            data={"users": [u.get_username() for u in recipients], "steps": len(plan)},
        )
        from .tasks import send_incident_emails

        transaction.on_commit(lambda pk=incident.pk: send_incident_emails.enqueue(pk))
    return todo


def _notify_in_app(incident: Incident, recipients) -> None:
    """The line in each recipient's notifications (people's shared in-app notices)."""
    from accalmie.people.actions import notify

    url = reverse("incidents:detail", args=[incident.pk])
    for user in recipients:
        notify(
            user,
            kind="incident",
            message=lambda: (
                _("Incident opened (%(severity)s): %(title)s")
                % {"severity": incident.get_severity_display(), "title": shown_title(incident)}
            ),
            url=url,
        )


def tick_step(
    step: IncidentStep, *, by, done: bool = True, note: str = "", ip=None
) -> IncidentStep:
    _require(by, "incidents.work_incident")
    with transaction.atomic():
        _locked(step.incident)
        step = IncidentStep.objects.select_for_update().get(pk=step.pk)
        if step.is_done == done and not note:
            return step
        step.done_at, step.done_by = (timezone.now(), by) if done else (None, None)
        if note:
            step.note = note.strip()[:MAX_NOTE]
        step.save(update_fields=["done_at", "done_by", "note"])
        record(
            by,
            "incident.step_done" if done else "incident.step_undone",
            step.incident,
            data={"step": str(step.label), "code": step.code, "note": step.note[:200]},
            ip=ip,
        )
    return step


def change_severity(incident: Incident, severity: str, *, by, ip=None) -> Incident:
    _require(by, "incidents.work_incident")
    if severity not in Severity.values:
        raise ValidationError(_("Unknown severity."))
    with transaction.atomic():
        incident = _locked(incident)
        if incident.severity == severity:
            return incident
        before, incident.severity = incident.severity, severity
        incident.save(update_fields=["severity"])
        record(by, "incident.severity", incident, data={"from": before, "to": severity}, ip=ip)
    return incident


def add_message(incident: Incident, message: Message, *, by, ip=None) -> Incident:
    _require(by, "incidents.work_incident")
    with transaction.atomic():
        incident = _locked(incident)
        if incident.messages.filter(pk=message.pk).exists():
            return incident
        incident.messages.add(message)
        record(by, "incident.message_added", incident, data={"message": message.pk}, ip=ip)
    return incident


def add_note(incident: Incident, text: str, *, by, ip=None) -> IncidentNote:
    _require(by, "incidents.work_incident")
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("A note cannot be empty."))
    with transaction.atomic():
        incident = _locked(incident)
        note = IncidentNote.objects.create(incident=incident, author=by, text=text[:MAX_NOTE])
        record(by, "incident.note", incident, data={"note": note.pk}, ip=ip)
    return note


def close_incident(incident: Incident, *, by, ip=None) -> Incident:
    _require(by, "incidents.work_incident")
    with transaction.atomic():
        incident = _locked(incident)
        if not incident.is_open:
            return incident
        incident.is_open, incident.closed_at, incident.closed_by = False, timezone.now(), by
        incident.save(update_fields=["is_open", "closed_at", "closed_by"])
        record(by, "incident.closed", incident, ip=ip)
    return incident


def reopen_incident(incident: Incident, *, by, ip=None) -> Incident:
    _require(by, "incidents.work_incident")
    with transaction.atomic():
        incident = _locked(incident)
        if incident.is_open:
            return incident
        incident.is_open, incident.closed_at, incident.closed_by = True, None, None
        incident.save(update_fields=["is_open", "closed_at", "closed_by"])
        record(by, "incident.reopened", incident, ip=ip)
    return incident


def mark_notices_read(incident: Incident, *, by) -> int:
    """The reader's in-app notices of `incident` are read now (the first time only)."""
    with transaction.atomic():
        count = IncidentNotice.objects.filter(
            incident=incident, user=by, channel=IncidentNotice.Channel.IN_APP, read_at=None
        ).update(read_at=timezone.now())
        if count:
            record(by, "incident.notice_read", incident)
    return count
