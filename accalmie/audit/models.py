from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change of state, appended and never edited."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action}"

    def describe(self) -> str:
        """The entry as a sentence in the reader's language."""
        from accalmie.inbox.models import Status

        d = self.data
        statuses = dict(Status.choices)
        if self.action == "message.assigned":
            if d.get("to"):
                return _("assigned to %(to)s") % {"to": d["to"]}
            return _("unassigned (was %(who)s)") % {"who": d.get("from") or "-"}
        if self.action == "message.status":
            return _("status: %(before)s → %(after)s") % {
                "before": statuses.get(d.get("from"), d.get("from")),
                "after": statuses.get(d.get("to"), d.get("to")),
            }
        return ACTION_LABELS.get(self.action, self.action)


ACTION_LABELS = {
    "channel.created": _("channel created"),
    "channel.token_rotated": _("new webhook token issued"),
    "channel.credentials_set": _("credentials set (encrypted)"),
    "channel.removed": _("channel removed, credentials wiped"),
    "outbound.queued": _("action queued for the network"),
    "outbound.sent": _("action carried out on the network"),
    "outbound.failed": _("action failed on the network"),
    "outbound.uncertain": _("action uncertain: to check on the network"),
    "account.language": _("language changed"),
    "alert.acknowledged": _("spike alert acknowledged"),
    "report.subscribed": _("weekly report subscribed"),
    "report.unsubscribed": _("weekly report stopped"),
    "report.requested": _("report requested by email"),
    "planned_post.created": _("planned post checked and saved"),
    "planned_post.submitted": _("planned post submitted for approval"),
    "planned_post.approved": _("planned post approved"),
    "planned_post.rejected": _("planned post rejected"),
    "contact.created": _("contact created"),
    "contact.account_linked": _("account linked into the contact"),
    "contact.account_unlinked": _("account unlinked from the contact"),
    "contact.merged": _("contacts merged"),
    "contact.note_added": _("note added"),
    "contact.tagged": _("tag added"),
    "contact.untagged": _("tag removed"),
    "contact.detail_added": _("contact detail recorded"),
    "link.confirmed": _("link suggestion confirmed: same person"),
    "link.rejected": _("link suggestion rejected: not the same person"),
    "draft.created": _("reply draft started"),
    "draft.submitted": _("reply submitted (tone checked)"),
    "draft.approved": _("reply approved"),
    "draft.rejected": _("reply rejected, back to its author"),
    "draft.edited_by_approver": _("reply edited by an approver (checked again)"),
    "draft.withdrawn": _("reply draft withdrawn"),
    "draft.sent": _("reply sent on the network"),
    "draft.failed": _("reply could not be sent"),
    "draft.retried": _("sending the reply again"),
    "template.created": _("reply template created"),
    "template.changed": _("reply template changed"),
    "policy.created": _("approval policy created"),
    "policy.changed": _("approval policy changed"),
    "incident.opened": _("incident opened"),
    "incident.notified": _("legal and admins notified of the incident"),
    "incident.notice_read": _("incident notice read"),
    "incident.step_done": _("action plan step done"),
    "incident.step_undone": _("action plan step reopened"),
    "incident.severity": _("incident severity changed"),
    "incident.message_added": _("message added to the incident"),
    "incident.note": _("note added to the incident"),
    "incident.closed": _("incident closed"),
    "incident.reopened": _("incident reopened"),
    "dossier.requested": _("dossier requested"),
    "dossier.downloaded": _("dossier downloaded"),
    "case.playbook_started": _("playbook followed by hand"),
    "case.root_cause": _("root cause noted"),
    "case.handed_off": _("handed off to a department"),
    "case.hand_off_done": _("hand-off done"),
    "case.resolved": _("resolved; monitored for new activity"),
    "case.conversation_closed": _("public conversation closed"),
    "case.reopened": _("reopened by new activity"),
    "case.followed_up": _("customer followed up"),
    "case.escalated": _("escalated: not answered in time"),
    "case.escalation_seen": _("escalation seen by an approver"),
    "moderation.requested": _("moderation asked"),
    "moderation.approved": _("moderation approved"),
    "moderation.rejected": _("moderation rejected"),
    "moderation.done": _("moderation done on the network"),
    "moderation.failed": _("moderation failed on the network"),
    "moderation.rule_added": _("code of conduct rule added"),
    "moderation.rule_changed": _("code of conduct rule changed"),
}


def entries_for(obj):
    return AuditEntry.objects.filter(
        target_type=obj._meta.label_lower, target_id=str(obj.pk)
    ).select_related("actor")
