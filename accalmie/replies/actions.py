"""Drafts from writing to sending: every rule of the reply flow is enforced here.

save → submit (tone check, approval policy) → approve ×n / reject / edit →
queued in the outbox → sent (or failed, then retried). Views, the admin and
tests call these functions; none of them repeats a rule.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accalmie.audit import record
from accalmie.inbox.models import Message, Status

from . import policy
from .models import Approval, Draft, ReplyTemplate

WORK_PERMISSION = "inbox.work_message"
# Message statuses the reply flow moves on from; a closed or resolved case is left alone.
_WORKING = (Status.NEW, Status.ASSIGNED, Status.DRAFTING, Status.AWAITING_APPROVAL)


class DraftStateError(ValidationError):
    """The draft is not in a state where this can be done."""


def _check_can_write(by) -> None:
    if not by.has_perm(WORK_PERMISSION):
        raise PermissionDenied(_("You cannot work on messages."))


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The reply is empty."))
    if len(text) > 20_000:
        raise ValidationError(_("The reply is too long."))
    return text


def _set_message_status(message: Message, status: str, *, by, ip=None) -> None:
    if message.status == status or message.status not in _WORKING:
        return
    before = message.status
    message.status = status
    message.save(update_fields=["status"])
    record(by, "message.status", message, data={"from": before, "to": status}, ip=ip)


def reply_capability(message: Message):
    """The network's Capability for replying (supported, reason)."""
    from accalmie.channels.connectors.base import connector_class

    return connector_class(message.channel.kind).capabilities()["reply"]


def max_reply_length(message: Message) -> int:
    from accalmie.channels.connectors.base import connector_class

    return connector_class(message.channel.kind).max_reply_length


def tone_report(message: Message, text: str):
    """The tone check (a ToneReport) of ``text`` as an answer to ``message``."""
    from .tone import check_tone

    return check_tone(
        text,
        language=None,  # the draft's own language, detected: agents switch languages
        network=message.channel.kind,
        incoming=message.text,
        incoming_category=message.category or None,
        public=message.kind != "direct",
    )


def run_tone_check(message: Message, text: str) -> dict:
    """The tone report as stored JSON (the draft's record of what was checked).

    The tone check advises and never blocks, except for what the network itself
    would refuse: a reply longer than it accepts.
    """
    report = tone_report(message, text)
    if report.limit and report.length > report.limit:
        raise ValidationError(
            _("The reply is %(n)s characters long; this network accepts %(limit)s.")
            % {"n": report.length, "limit": report.limit}
        )
    return report.as_dict()


# -- writing ---------------------------------------------------------------


def save_draft(
    message: Message,
    *,
    by,
    text: str,
    template: ReplyTemplate | None = None,
    draft: Draft | None = None,
    ip: str | None = None,
) -> Draft:
    """Creates or updates ``by``'s draft for ``message`` (only its author edits it)."""
    _check_can_write(by)
    text = _clean_text(text)
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if draft is None:
            draft = Draft.objects.create(message=message, author=by, text=text, template=template)
            record(by, "draft.created", message, data={"draft": draft.pk}, ip=ip)
        else:
            draft = Draft.objects.select_for_update().get(pk=draft.pk)
            if draft.author_id != by.pk:
                raise PermissionDenied(_("Only the author of a draft edits it before approval."))
            if not draft.is_open:
                raise DraftStateError(_("This draft can no longer be edited."))
            draft.text = text
            if template is not None:
                draft.template = template
            draft.save(update_fields=["text", "template", "updated_at"])
        if message.status in (Status.NEW, Status.ASSIGNED):
            _set_message_status(message, Status.DRAFTING, by=by, ip=ip)
    return draft


def submit_draft(draft: Draft, *, by, ip: str | None = None) -> Draft:
    """Runs the tone check, asks the policy; sends at once or waits for approval."""
    _check_can_write(by)
    with transaction.atomic():
        draft = (
            Draft.objects.select_for_update().select_related("message__channel").get(pk=draft.pk)
        )
        message = (
            Message.objects.select_for_update()
            .select_related("author", "channel")
            .get(pk=draft.message_id)
        )
        if draft.author_id != by.pk:
            raise PermissionDenied(_("Only the author of a draft submits it."))
        if not draft.is_open:
            raise DraftStateError(_("This draft was already submitted."))
        capability = reply_capability(message)
        if not capability.supported:
            raise ValidationError(str(capability.reason))
        if draft.submitted_at is not None:
            draft.version += 1  # a rejected draft comes back as a new version
        report = run_tone_check(message, draft.text)
        reasons = policy.approval_reasons(action="reply", message=message, by=by, findings=report)
        mode, count = policy.approvals_needed(
            action="reply", message=message, by=by, findings=report
        )
        draft.tone_report = report
        draft.approval_reasons = [str(r) for r in reasons]
        draft.approval_mode = mode
        draft.approvals_required = count if reasons else 0
        draft.rejection_comment = ""
        draft.submitted_at = timezone.now()
        data = {
            "draft": draft.pk,
            "version": draft.version,
            "reasons": draft.approval_reasons,
            "findings": len(report.get("findings") or []),
        }
        if reasons:
            draft.state = Draft.State.AWAITING_APPROVAL
            draft.save()
            record(by, "draft.submitted", message, data=data, ip=ip)
            _set_message_status(message, Status.AWAITING_APPROVAL, by=by, ip=ip)
        else:
            draft.save()
            record(by, "draft.submitted", message, data=data, ip=ip)
            _queue_sending(draft, message, by=by)
    return draft


def withdraw_draft(draft: Draft, *, by, ip: str | None = None) -> Draft:
    _check_can_write(by)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        if draft.author_id != by.pk:
            raise PermissionDenied(_("Only the author of a draft withdraws it."))
        if draft.state not in (
            Draft.State.EDITING,
            Draft.State.REJECTED,
            Draft.State.AWAITING_APPROVAL,
        ):
            raise DraftStateError(_("This draft can no longer be withdrawn."))
        draft.state = Draft.State.WITHDRAWN
        draft.save(update_fields=["state", "updated_at"])
        message = Message.objects.select_for_update().get(pk=draft.message_id)
        record(by, "draft.withdrawn", message, data={"draft": draft.pk}, ip=ip)
        if message.status == Status.AWAITING_APPROVAL and not _others_waiting(draft):
            _set_message_status(message, Status.DRAFTING, by=by, ip=ip)
    return draft


def _others_waiting(draft: Draft) -> bool:
    return (
        Draft.objects.filter(message_id=draft.message_id, state=Draft.State.AWAITING_APPROVAL)
        .exclude(pk=draft.pk)
        .exists()
    )


# -- deciding --------------------------------------------------------------


def _lock_for_decision(draft: Draft, by) -> Draft:
    draft = Draft.objects.select_for_update().select_related("author").get(pk=draft.pk)
    policy.check_can_decide(by, requested_by=draft.author)
    if draft.state != Draft.State.AWAITING_APPROVAL:
        raise DraftStateError(_("This draft is not awaiting approval."))
    return draft


def approve_draft(draft: Draft, *, by, ip: str | None = None) -> Draft:
    """One approval; the last one needed queues the reply for sending."""
    policy.check_can_decide(by, requested_by=draft.author)
    with transaction.atomic():
        draft = _lock_for_decision(draft, by)
        if Approval.objects.filter(draft=draft, approver=by, version=draft.version).exists():
            raise DraftStateError(_("You already decided on this version."))
        Approval.objects.create(
            draft=draft, approver=by, version=draft.version, decision=Approval.Decision.APPROVE
        )
        have = draft.current_approvals().values("approver").distinct().count()
        needed = max(1, draft.approvals_required) if draft.approval_mode == "all" else 1
        message = Message.objects.select_for_update().get(pk=draft.message_id)
        record(
            by,
            "draft.approved",
            message,
            data={"draft": draft.pk, "version": draft.version, "have": have, "needed": needed},
            ip=ip,
        )
        if have >= needed:
            draft.state = Draft.State.APPROVED
            draft.save(update_fields=["state", "updated_at"])
            _queue_sending(draft, message, by=by)
    return draft


def reject_draft(draft: Draft, *, by, comment: str, ip: str | None = None) -> Draft:
    """Back to its author, with the approver's comment (required)."""
    policy.check_can_decide(by, requested_by=draft.author)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say why, so the author can rewrite it."))
    with transaction.atomic():
        draft = _lock_for_decision(draft, by)
        Approval.objects.update_or_create(
            draft=draft,
            approver=by,
            version=draft.version,
            defaults={"decision": Approval.Decision.REJECT, "comment": comment},
        )
        draft.state = Draft.State.REJECTED
        draft.rejection_comment = comment
        draft.save(update_fields=["state", "rejection_comment", "updated_at"])
        message = Message.objects.select_for_update().get(pk=draft.message_id)
        record(
            by,
            "draft.rejected",
            message,
            data={"draft": draft.pk, "version": draft.version, "comment": comment},
            ip=ip,
        )
        if not _others_waiting(draft):
            _set_message_status(message, Status.DRAFTING, by=by, ip=ip)
    return draft


def edit_draft_as_approver(draft: Draft, *, by, text: str, ip: str | None = None) -> Draft:
    """An approver rewrites the draft: a new version, checked again, approvals start over."""
    policy.check_can_decide(by, requested_by=draft.author)
    text = _clean_text(text)
    with transaction.atomic():
        draft = _lock_for_decision(draft, by)
        message = Message.objects.select_related("author", "channel").get(pk=draft.message_id)
        draft.text = text
        draft.version += 1
        draft.edited_by = by
        draft.tone_report = run_tone_check(message, text)
        draft.save()
        record(
            by,
            "draft.edited_by_approver",
            message,
            data={"draft": draft.pk, "version": draft.version},
            ip=ip,
        )
    return draft


def edit_and_approve(draft: Draft, *, by, text: str, ip: str | None = None) -> Draft:
    with transaction.atomic():
        draft = edit_draft_as_approver(draft, by=by, text=text, ip=ip)
        return approve_draft(draft, by=by, ip=ip)


# -- sending ---------------------------------------------------------------


def _queue_sending(draft: Draft, message: Message, *, by) -> None:
    """Puts the reply in the outbox, in the caller's transaction.

    The outbox row and the draft's state commit together, so a crash cannot
    leave an approved draft with nothing queued, nor a queued reply with no
    approval; the idempotency key (draft and version) makes a second call
    find the first row instead of sending twice.
    """
    from accalmie.channels.connectors.base import NotSupported
    from accalmie.channels.outbox import queue_outbound

    try:
        action = queue_outbound(
            channel=message.channel,
            verb="reply",
            message=message,
            payload={"text": draft.text, "draft": draft.pk},
            idempotency_key=draft.idempotency_key,
            by=by,
        )
    except NotSupported as exc:
        raise ValidationError(str(exc)) from exc
    draft.outbound = action
    draft.state = Draft.State.QUEUED
    draft.error = ""
    draft.save(update_fields=["outbound", "state", "error", "updated_at"])


def retry_sending(draft: Draft, *, by, ip: str | None = None) -> Draft:
    """A failed reply is tried again: a new attempt of the same outbox row."""
    _check_can_write(by)
    from accalmie.channels.models import OutboundAction

    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        if draft.state != Draft.State.FAILED or draft.outbound_id is None:
            raise DraftStateError(_("Only a reply that failed can be retried."))
        # An uncertain row may have reached the network: a person checks there
        # first; only a row the network refused is tried again.
        requeued = OutboundAction.objects.filter(
            pk=draft.outbound_id, state=OutboundAction.State.FAILED
        ).update(state=OutboundAction.State.QUEUED, next_attempt_at=None)
        if not requeued:
            raise DraftStateError(
                _("This reply may have reached the network: check there before sending again.")
            )
        outbound_id = draft.outbound_id
        transaction.on_commit(lambda: _deliver_later(outbound_id))
        draft.state = Draft.State.QUEUED
        draft.error = ""
        draft.save(update_fields=["state", "error", "updated_at"])
        record(by, "draft.retried", draft.message, data={"draft": draft.pk}, ip=ip)
    return draft


def _deliver_later(outbound_id: int) -> None:
    from accalmie.channels.tasks import deliver_outbound

    deliver_outbound.enqueue(outbound_id)


def _draft_for(action):
    if action is None or action.verb != "reply":
        return None
    return Draft.objects.select_for_update().filter(outbound_id=action.pk).first()


def on_outbound_delivered(sender=None, action=None, **kwargs) -> None:
    """The network accepted the reply: the draft is sent, the case answered."""
    with transaction.atomic():
        draft = _draft_for(action)
        if draft is None or draft.state == Draft.State.SENT:
            return
        now = timezone.now()
        draft.state = Draft.State.SENT
        draft.sent_network_id = action.result_network_id or ""
        draft.sent_url = action.result_url or ""
        draft.sent_at = action.sent_at or now
        draft.error = ""
        draft.save()
        message = Message.objects.select_for_update().get(pk=draft.message_id)
        fields = []
        if message.first_response_at is None:
            message.first_response_at = draft.sent_at
            fields.append("first_response_at")
        if fields:
            message.save(update_fields=fields)
        record(
            None,
            "draft.sent",
            message,
            data={"draft": draft.pk, "network_id": draft.sent_network_id, "url": draft.sent_url},
        )
        _set_message_status(message, Status.REPLIED, by=None)


def on_outbound_failed(sender=None, action=None, **kwargs) -> None:
    """Given up, or uncertain: the case shows it, with a retry button."""
    with transaction.atomic():
        draft = _draft_for(action)
        if draft is None or draft.state == Draft.State.SENT:
            return
        draft.state = Draft.State.FAILED
        draft.error = action.error or str(action.get_state_display())
        draft.save(update_fields=["state", "error", "updated_at"])
        record(
            None,
            "draft.failed",
            draft.message,
            data={"draft": draft.pk, "state": action.state, "error": draft.error[:500]},
        )


# -- the library and the policies (admins) --------------------------------


def save_reply_template(template: ReplyTemplate, *, by, ip: str | None = None) -> ReplyTemplate:
    """Creates or changes a template of the library (an unsaved ``template`` is created)."""
    creating = template.pk is None
    perm = "replies.add_replytemplate" if creating else "replies.change_replytemplate"
    if not by.has_perm(perm):
        raise PermissionDenied(_("You cannot edit the template library."))
    with transaction.atomic():
        template.updated_by = by
        template.save()
        record(
            by,
            "template.created" if creating else "template.changed",
            template,
            data={"key": template.key, "language": template.language},
            ip=ip,
        )
    return template


def save_approval_policy(rule, *, by, ip: str | None = None):
    """Creates or changes an approval policy (an unsaved ``rule`` is created)."""
    creating = rule.pk is None
    perm = "replies.add_approvalpolicy" if creating else "replies.change_approvalpolicy"
    if not by.has_perm(perm):
        raise PermissionDenied(_("You cannot change approval policies."))
    with transaction.atomic():
        rule.updated_by = by
        rule.save()
        record(
            by,
            "policy.created" if creating else "policy.changed",
            rule,
            data={
                "name": rule.name,
                "active": rule.active,
                "actions": rule.actions,
                "roles": rule.roles,
                "categories": rule.categories,
                "min_followers": rule.min_followers,
                "on_tone_problem": rule.on_tone_problem,
                "mode": rule.mode,
                "required": rule.required_approvals,
            },
            ip=ip,
        )
    return rule
