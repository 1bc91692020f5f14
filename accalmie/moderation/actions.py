"""Moderation: asking, approving, rejecting, and carrying out on the network.

Hide, delete, block, mute and report go through the approval policy replies
use (``replies.policy``). Hiding or deleting always cites a rule of the code
of conduct and a written reason (R5): a merely negative comment is answered,
not removed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accalmie.audit import record
from accalmie.channels.connectors import NotSupported, get_connector
from accalmie.channels.outbox import queue_outbound
from accalmie.inbox.models import Category, Message
from accalmie.replies import policy

from .models import REMOVING, Action, ConductRule, ModerationDecision, ModerationRequest

REQUEST_PERMISSION = "inbox.work_message"
# Categories for which removal is simply refused: criticism is answered (R5).
MERELY_NEGATIVE = {Category.NEGATIVE, Category.QUESTION, Category.PRAISE, Category.OTHER, ""}
# The default rules in the words the connectors' report() understands (Bluesky's
# reason types, Mastodon's categories); an admin's own rule is reported as "other".
REPORT_CATEGORY = {
    "insults": "harassment",
    "threats": "threat",
    "hate": "abuse",
    "spam": "spam",
    "flooding": "spam",
    "personal-data": "legal",
}


def capability(message: Message, action: str):
    """The network's Capability for this verb on this message's channel."""
    caps = get_connector(message.channel).capabilities()
    return caps.get(action)


def request_moderation(
    message: Message,
    *,
    action: str,
    rule: ConductRule | None,
    reason: str,
    by,
    ip: str | None = None,
) -> ModerationRequest:
    if not by.has_perm(REQUEST_PERMISSION):
        raise PermissionDenied(_("You cannot moderate messages."))
    if action not in Action.values:
        raise ValidationError(_("Unknown moderation action."))
    reason = (reason or "").strip()
    if action in REMOVING and (rule is None or not reason):
        if message.category in MERELY_NEGATIVE and rule is None:
            raise ValidationError(
                _(
                    "A negative comment is answered, not removed: hiding or deleting needs "
                    "a rule of the code of conduct and a written reason."
                )
            )
        raise ValidationError(
            _("Hiding or deleting needs a rule of the code of conduct and a written reason.")
        )
    if not reason:
        raise ValidationError(_("Write the reason for this action."))
    if rule is not None and not rule.is_active:
        raise ValidationError(_("This rule is no longer in force."))
    offered = capability(message, action)
    if offered is None or not offered.supported:
        raise ValidationError(
            str(offered.reason) if offered else _("Not available on this network.")
        )
    reasons = [str(r) for r in policy.approval_reasons(action=action, message=message, by=by)]
    mode, needed = policy.approvals_needed(action=action, message=message, by=by)
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .select_related("channel", "author")
            .get(pk=message.pk)
        )
        if ModerationRequest.objects.filter(
            message=message,
            action=action,
            state__in=[ModerationRequest.State.PENDING, ModerationRequest.State.QUEUED],
        ).exists():
            raise ValidationError(_("The same action is already under way for this message."))
        req = ModerationRequest.objects.create(
            action=action,
            channel=message.channel,
            message=message,
            author=message.author,
            rule=rule,
            reason=reason,
            approval_reasons=reasons,
            approvals_mode=mode,
            approvals_needed=needed if reasons else 0,
            requested_by=by,
        )
        record(
            by,
            "moderation.requested",
            message,
            data={
                "request": req.pk,
                "action": action,
                "rule": rule.code if rule else None,
                "reason": reason[:500],
                "needs_approval": bool(reasons),
            },
            ip=ip,
        )
        if not reasons:
            _carry_out(req, by=by)
    return req


def approve_moderation(
    req: ModerationRequest, *, by, comment: str = "", ip: str | None = None
) -> ModerationRequest:
    policy.check_can_decide(by, requested_by=req.requested_by)
    with transaction.atomic():
        req = _locked_pending(req)
        if req.decisions.filter(by=by).exists():
            raise ValidationError(_("You have already decided on this request."))
        ModerationDecision.objects.create(
            request=req, by=by, approved=True, comment=(comment or "").strip()
        )
        approvals = req.decisions.filter(approved=True).count()
        complete = req.approvals_mode == "any" or approvals >= req.approvals_needed
        record(
            by,
            "moderation.approved",
            req.message,
            data={
                "request": req.pk,
                "action": req.action,
                "approvals": approvals,
                "needed": req.approvals_needed,
            },
            ip=ip,
        )
        if complete:
            req.decided_at = timezone.now()
            req.save(update_fields=["decided_at"])
            _carry_out(req, by=by)
    return req


def reject_moderation(
    req: ModerationRequest, *, by, comment: str, ip: str | None = None
) -> ModerationRequest:
    policy.check_can_decide(by, requested_by=req.requested_by)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError(_("Say why you reject it."))
    with transaction.atomic():
        req = _locked_pending(req)
        ModerationDecision.objects.update_or_create(
            request=req, by=by, defaults={"approved": False, "comment": comment}
        )
        req.state = ModerationRequest.State.REJECTED
        req.decided_at = timezone.now()
        req.save(update_fields=["state", "decided_at"])
        record(
            by,
            "moderation.rejected",
            req.message,
            data={"request": req.pk, "action": req.action, "comment": comment[:500]},
            ip=ip,
        )
    return req


def _locked_pending(req: ModerationRequest) -> ModerationRequest:
    req = (
        # only this row: the rule is an outer join, which PostgreSQL will not lock
        ModerationRequest.objects.select_for_update(of=("self",))
        .select_related("message", "channel", "author", "rule", "requested_by")
        .get(pk=req.pk)
    )
    if req.state != ModerationRequest.State.PENDING:
        raise ValidationError(_("This request has already been decided."))
    return req


def _carry_out(req: ModerationRequest, *, by) -> None:
    """Queues the network call (inside the caller's transaction; sent after commit)."""
    try:
        outbound = _queue(req)
    except NotSupported as exc:  # the channel changed since the request was made
        raise ValidationError(str(exc)) from exc
    req.state = ModerationRequest.State.QUEUED
    req.outbound = outbound
    req.save(update_fields=["state", "outbound"])


def _queue(req: ModerationRequest):
    return queue_outbound(
        channel=req.channel,
        verb=req.action,
        message=req.message,
        author=req.author,
        payload={
            "reason": req.reason,
            "rule": req.rule.code if req.rule else "",
            "category": REPORT_CATEGORY.get(req.rule.code if req.rule else "", "other"),
        },
        idempotency_key=req.idempotency_key,
        by=req.requested_by,
    )


def record_outcome(sender=None, action=None, **kwargs) -> None:
    """Receiver of the outbox's signals: the network's answer, on the request."""
    if action is None or not action.idempotency_key.startswith("moderation-"):
        return
    with transaction.atomic():
        req = (
            ModerationRequest.objects.select_for_update()
            .filter(outbound_id=action.pk)
            .select_related("message")
            .first()
        )
        if req is None:
            return
        done = action.state == action.State.SENT
        state = ModerationRequest.State.DONE if done else ModerationRequest.State.FAILED
        if req.state == state:
            return  # the signal came twice
        req.state = state
        req.error = "" if done else action.error[:2000]
        req.save(update_fields=["state", "error"])
        record(
            None,
            "moderation.done" if done else "moderation.failed",
            req.message,
            data={"request": req.pk, "action": req.action, "error": req.error[:500]},
        )
