"""Every change of state in the insights area: alerts, report subscriptions, planned posts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accalmie.audit import record
from accalmie.replies import policy

from . import risk
from .models import Alert, PlannedPost, ReportSubscription

DECIDE_PERMISSION = "insights.decide_plannedpost"
MAX_POST_LENGTH = 5000


# Planned posts are decided by the replies' rule (replies/policy.py): an approver,
# never the person who asked. That policy's rows cover replies and moderation
# only ("post" is not one of its actions), so every planned post needs one approval.
SelfApprovalError = policy.SelfApprovalError


def acknowledge_alert(alert: Alert, *, by, ip=None) -> Alert:
    if not by.has_perm("inbox.work_message"):
        raise PermissionDenied(_("You cannot acknowledge alerts."))
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.state == Alert.State.OPEN:
            alert.state = Alert.State.ACKNOWLEDGED
            alert.acknowledged_by = by
            alert.save(update_fields=["state", "acknowledged_by"])
            record(by, "alert.acknowledged", alert, ip=ip)
    return alert


def set_report_subscription(user, *, subscribed: bool, by, ip=None) -> bool:
    if by.pk != user.pk:
        raise PermissionDenied(_("People subscribe themselves."))
    with transaction.atomic():
        if subscribed:
            _sub, changed = ReportSubscription.objects.get_or_create(user=user)
        else:
            changed = ReportSubscription.objects.filter(user=user).delete()[0] > 0
        if changed:
            record(by, "report.subscribed" if subscribed else "report.unsubscribed", user, ip=ip)
    return subscribed


def request_report_now(*, by, ip=None) -> None:
    from .tasks import send_weekly_report

    if not by.email:
        raise ValidationError(_("Your account has no email address."))
    with transaction.atomic():
        record(by, "report.requested", by, ip=ip)
        transaction.on_commit(lambda: send_weekly_report.enqueue(user_id=by.pk))


def check_post(text: str, networks: list[str], *, by, save: bool, ip=None):
    """Scores a planned post; with ``save``, keeps it as a draft (to submit for approval)."""
    if not by.has_perm("insights.add_plannedpost"):
        raise PermissionDenied(_("You cannot check planned posts."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write the post to check."))
    if len(text) > MAX_POST_LENGTH:
        raise ValidationError(_("The post is too long to check."))
    result = risk.check(text)
    if not save:
        return result, None
    with transaction.atomic():
        post = PlannedPost.objects.create(
            text=text, networks=networks, author=by, score=result.score, reasons=result.reasons
        )
        record(by, "planned_post.created", post, data={"score": result.score}, ip=ip)
    return result, post


def submit_post(post: PlannedPost, *, by, ip=None) -> PlannedPost:
    with transaction.atomic():
        post = PlannedPost.objects.select_for_update().get(pk=post.pk)
        if post.author_id != by.pk:
            raise PermissionDenied(_("Only the author submits a planned post."))
        if post.state not in (PlannedPost.State.DRAFT, PlannedPost.State.REJECTED):
            raise ValidationError(_("This post is already submitted or approved."))
        result = risk.check(post.text)  # the inbox may have changed since the draft
        post.score, post.reasons = result.score, result.reasons
        post.state = PlannedPost.State.SUBMITTED
        post.save(update_fields=["state", "score", "reasons"])
        record(by, "planned_post.submitted", post, data={"score": post.score}, ip=ip)
    return post


def decide_post(post: PlannedPost, *, approve: bool, by, note: str = "", ip=None) -> PlannedPost:
    """Approves or rejects a submitted post: an approver other than its author."""
    with transaction.atomic():
        post = PlannedPost.objects.select_for_update().select_related("author").get(pk=post.pk)
        policy.check_can_decide(by, requested_by=post.author)
        if not by.has_perm(DECIDE_PERMISSION):
            raise PermissionDenied(_("You cannot approve or reject planned posts."))
        if post.state != PlannedPost.State.SUBMITTED:
            raise ValidationError(_("Only a submitted post can be approved or rejected."))
        post.state = PlannedPost.State.APPROVED if approve else PlannedPost.State.REJECTED
        post.decided_by, post.decided_at = by, timezone.now()
        post.decision_note = (note or "")[:500]
        post.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        record(
            by,
            "planned_post.approved" if approve else "planned_post.rejected",
            post,
            data={"score": post.score},
            ip=ip,
        )
    return post
