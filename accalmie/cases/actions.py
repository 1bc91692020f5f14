"""Changes of a case's playbook and after-care: permission, change, audit, one transaction."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accalmie.audit import record
from accalmie.inbox.models import Category, Message, Status

from .models import CasePolicy, Department, Escalation, FollowUp, Handoff, Monitoring, RootCause

PLAYBOOK_LABEL = "playbook"
ESCALATED_LABEL = "escalated"
# Real customers get a follow-up weeks later (R17); trolls and threats do not.
FOLLOW_UP_CATEGORIES = {Category.NEGATIVE, Category.QUESTION}


def _require_worker(by) -> None:
    if not by.has_perm("inbox.work_message"):
        raise PermissionDenied(_("You cannot work on messages."))


def _locked(message: Message) -> Message:
    return Message.objects.select_for_update().select_related("author").get(pk=message.pk)


def start_playbook(message: Message, *, by, ip: str | None = None) -> Message:
    """Follows the playbook on a message triage did not flag as needing an answer."""
    _require_worker(by)
    with transaction.atomic():
        message = _locked(message)
        if PLAYBOOK_LABEL not in message.labels:
            message.labels = [*message.labels, PLAYBOOK_LABEL]
            message.save(update_fields=["labels"])
            record(by, "case.playbook_started", message, ip=ip)
    return message


def note_root_cause(
    message: Message, *, what: str, department: Department, by, ip: str | None = None
) -> RootCause:
    _require_worker(by)
    what = (what or "").strip()
    if not what:
        raise ValidationError(_("Say what went wrong."))
    if department is None or not department.is_active:
        raise ValidationError(_("Choose a department."))
    with transaction.atomic():
        message = _locked(message)
        cause, _created = RootCause.objects.update_or_create(
            message=message, defaults={"what": what, "department": department, "noted_by": by}
        )
        record(
            by,
            "case.root_cause",
            message,
            data={"department": department.name, "what": what[:500]},
            ip=ip,
        )
    return cause


def hand_off(
    message: Message, *, department: Department, note: str, due_at, by, ip: str | None = None
) -> Handoff:
    _require_worker(by)
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Write a note for the department."))
    if department is None or not department.is_active:
        raise ValidationError(_("Choose a department."))
    if due_at is None:
        raise ValidationError(_("Give a due date."))
    with transaction.atomic():
        message = _locked(message)
        handoff = Handoff.objects.create(
            message=message, department=department, note=note, due_at=due_at, by=by
        )
        record(
            by,
            "case.handed_off",
            message,
            data={"department": department.name, "due_at": due_at.isoformat(), "note": note[:500]},
            ip=ip,
        )
    return handoff


def complete_hand_off(handoff: Handoff, *, by, ip: str | None = None) -> Handoff:
    _require_worker(by)
    with transaction.atomic():
        handoff = (
            Handoff.objects.select_for_update().select_related("department").get(pk=handoff.pk)
        )
        if handoff.done_at is not None:
            return handoff
        handoff.done_at = timezone.now()
        handoff.done_by = by
        handoff.save(update_fields=["done_at", "done_by"])
        record(
            by,
            "case.hand_off_done",
            handoff.message,
            data={"department": handoff.department.name},
            ip=ip,
        )
    return handoff


def resolve_case(message: Message, *, by, note: str = "", ip: str | None = None) -> Message:
    """Solved: the case enters its monitoring window, and a real customer gets a follow-up."""
    _require_worker(by)
    policy = CasePolicy.current()
    now = timezone.now()
    with transaction.atomic():
        message = _locked(message)
        if message.status == Status.MONITORING:
            return message
        if message.status == Status.CLOSED:
            raise ValidationError(_("This conversation is closed."))
        before = message.status
        until = now + timedelta(days=policy.monitoring_days)
        message.status = Status.MONITORING
        message.resolved_at = now
        message.save(update_fields=["status", "resolved_at"])
        Monitoring.objects.update_or_create(
            message=message,
            defaults={"started_at": now, "until": until, "started_by": by, "reopened_at": None},
        )
        follow_up = _schedule_follow_up(message, policy, now, by)
        record(
            by,
            "case.resolved",
            message,
            data={
                "from": before,
                "until": until.isoformat(),
                "follow_up": follow_up.due_at.isoformat() if follow_up else None,
                "note": (note or "").strip()[:500],
            },
            ip=ip,
        )
    return message


def _schedule_follow_up(message: Message, policy: CasePolicy, now, by) -> FollowUp | None:
    if message.category not in FOLLOW_UP_CATEGORIES or message.author.likely_troll:
        return None
    due = now + timedelta(days=policy.follow_up_days)
    pending = FollowUp.objects.filter(message=message, done_at__isnull=True).first()
    if pending:  # resolved again after a reopening: one reminder, moved later
        pending.due_at = due
        pending.save(update_fields=["due_at"])
        return pending
    return FollowUp.objects.create(message=message, owner=message.assignee or by, due_at=due)


def close_conversation(message: Message, *, by, note: str = "", ip: str | None = None) -> Message:
    """Ends the public conversation once it is solved (R16): nothing more to answer here."""
    _require_worker(by)
    with transaction.atomic():
        message = _locked(message)
        if message.status == Status.CLOSED:
            return message
        before = message.status
        message.status = Status.CLOSED
        fields = ["status"]
        if message.resolved_at is None:
            message.resolved_at = timezone.now()
            fields.append("resolved_at")
        message.save(update_fields=fields)
        record(
            by,
            "case.conversation_closed",
            message,
            data={"from": before, "note": (note or "").strip()[:500]},
            ip=ip,
        )
    return message


def complete_follow_up(
    follow_up: FollowUp, *, by, note: str = "", ip: str | None = None
) -> FollowUp:
    _require_worker(by)
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if follow_up.done_at is not None:
            return follow_up
        follow_up.done_at = timezone.now()
        follow_up.note = (note or "").strip()
        follow_up.save(update_fields=["done_at", "note"])
        record(
            by, "case.followed_up", follow_up.message, data={"note": follow_up.note[:500]}, ip=ip
        )
    return follow_up


def acknowledge_escalation(escalation: Escalation, *, by, ip: str | None = None) -> Escalation:
    if not by.has_perm("inbox.assign_to_others"):
        raise PermissionDenied(_("Only approvers handle escalations."))
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if escalation.acknowledged_at is not None:
            return escalation
        escalation.acknowledged_at = timezone.now()
        escalation.acknowledged_by = by
        escalation.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record(by, "case.escalation_seen", escalation.message, ip=ip)
    return escalation


# Stored in English; shown through the catalogue (pages translate a department's
# name when it is one of these), so a French team reads "Exploitation".
DEFAULT_DEPARTMENTS = [
    gettext_noop("Operations"),
    gettext_noop("Customer service"),
    gettext_noop("IT"),
    gettext_noop("HR"),
    gettext_noop("Legal"),
    gettext_noop("Communication"),
]


def ensure_defaults() -> None:
    """The default departments and policy; safe to run again (admins' edits are kept)."""
    if not Department.objects.exists():
        for name in DEFAULT_DEPARTMENTS:
            Department.objects.get_or_create(name=name)
    CasePolicy.current()
