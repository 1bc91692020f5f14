"""The seven steps of the negative-comment playbook, and where a case stands.

Only step 1 (the root cause) is written by a person; the others are read
from what already happened (evidence, moderation, the reply flow, the
monitoring window), so the case view cannot claim a step nobody did.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accalmie.channels.models import OutboundAction
from accalmie.evidence.chain import MESSAGE_TYPE
from accalmie.evidence.models import EvidenceRecord, Kind
from accalmie.inbox.models import Category, Status

from .actions import PLAYBOOK_LABEL

NEEDS_ANSWER = {Category.NEGATIVE, Category.QUESTION, Category.ABUSE, Category.THREAT}

DONE, TODO, MISSED = "done", "todo", "missed"

TITLES = {
    "root_cause": gettext_lazy("Root cause noted"),
    "documented": gettext_lazy("Documented"),
    "not_deleted": gettext_lazy("Not deleted"),
    "on_time": gettext_lazy("Answered before the deadline"),
    "draft_checked": gettext_lazy("Draft checked"),
    "sent": gettext_lazy("Reply approved and sent"),
    "monitored": gettext_lazy("Monitored"),
}


@dataclass
class Step:
    key: str
    state: str  # done | todo | missed
    detail: str = ""
    who: object = None
    when: datetime | None = None
    url: str = ""

    @property
    def title(self):
        return TITLES[self.key]

    @property
    def number(self) -> int:
        return list(TITLES).index(self.key) + 1


def follows_playbook(message) -> bool:
    return message.category in NEEDS_ANSWER or PLAYBOOK_LABEL in (message.labels or [])


def steps(message) -> list[Step]:
    return [
        _root_cause(message),
        _documented(message),
        _not_deleted(message),
        _on_time(message),
        _draft_checked(message),
        _sent(message),
        _monitored(message),
    ]


def _root_cause(message) -> Step:
    from .models import RootCause

    cause = RootCause.objects.filter(message=message).select_related("department", "noted_by")
    cause = cause.first()
    if cause is None:
        return Step("root_cause", TODO, _("What went wrong, and which department?"))
    return Step(
        "root_cause",
        DONE,
        f"{_(cause.department.name)} — {cause.what}",
        who=cause.noted_by,
        when=cause.noted_at,
    )


def _documented(message) -> Step:
    record = (
        EvidenceRecord.objects.filter(
            kind=Kind.MESSAGE, subject_type=MESSAGE_TYPE, subject_id=message.pk
        )
        .only("seq", "captured_at", "hash")
        .first()
    )
    if record is None:
        return Step("documented", TODO, _("No evidence snapshot of this message yet."))
    return Step(
        "documented",
        DONE,
        _("Snapshot #%(seq)s, SHA-256 %(hash)s…") % {"seq": record.seq, "hash": record.hash[:12]},
        when=record.captured_at,
    )


def _not_deleted(message) -> Step:
    from accalmie.moderation.models import REMOVING, ModerationRequest

    removal = (
        ModerationRequest.objects.filter(message=message, action__in=list(REMOVING))
        .exclude(state=ModerationRequest.State.REJECTED)
        .select_related("rule", "requested_by")
        .first()
    )
    if removal is None:
        return Step("not_deleted", DONE, _("The message is still public."))
    # Only reachable with a rule and a reason (R5): say which.
    rule = removal.rule.title if removal.rule else "?"
    return Step(
        "not_deleted",
        DONE if removal.rule_id else MISSED,
        _("%(action)s under the rule “%(rule)s”: %(reason)s")
        % {"action": removal.get_action_display(), "rule": rule, "reason": removal.reason},
        who=removal.requested_by,
        when=removal.requested_at,
    )


def _on_time(message) -> Step:
    answered, due = message.first_response_at, message.due_at
    if answered is None:
        return Step("on_time", TODO, _("Not answered yet."))
    if due is not None and answered > due:
        return Step("on_time", MISSED, _("Answered after the deadline."), when=answered)
    return Step("on_time", DONE, _("Answered in time."), when=answered)


def _draft_checked(message) -> Step:
    from accalmie.replies.models import Draft

    draft = (
        Draft.objects.filter(message=message)
        .exclude(tone_report={})
        .exclude(state=Draft.State.WITHDRAWN)
        .select_related("author")
        .first()
    )
    if draft is None:
        return Step("draft_checked", TODO, _("No checked draft yet."))
    return Step(
        "draft_checked",
        DONE,
        _("Tone check run on the draft (%(state)s).") % {"state": draft.get_state_display()},
        who=draft.author,
        when=draft.updated_at,
    )


def _sent(message) -> Step:
    sent = (
        OutboundAction.objects.filter(message=message, verb=OutboundAction.Verb.REPLY)
        .order_by("-created_at")
        .first()
    )
    if sent is None:
        return Step("sent", TODO, _("No reply sent yet."))
    if sent.state == OutboundAction.State.SENT:
        return Step(
            "sent",
            DONE,
            _("Reply sent."),
            who=sent.requested_by,
            when=sent.sent_at,
            url=sent.result_url,
        )
    if sent.state in (OutboundAction.State.FAILED, OutboundAction.State.UNCERTAIN):
        return Step(
            "sent", MISSED, sent.get_state_display() + (f": {sent.error}" if sent.error else "")
        )
    return Step("sent", TODO, _("Being sent."))


def _monitored(message) -> Step:
    from .models import Monitoring

    window = Monitoring.objects.filter(message=message).first()
    if window is not None and window.reopened_at is None:
        return Step(
            "monitored",
            DONE,
            _("Watched until %(until)s.") % {"until": _date(window.until)},
            who=window.started_by,
            when=window.started_at,
        )
    if message.status == Status.MONITORING:
        return Step("monitored", DONE, _("Watched."))
    if window is not None:
        return Step("monitored", TODO, _("Reopened by new activity."), when=window.reopened_at)
    return Step("monitored", TODO, _("Resolve the case to watch for new activity."))


def _date(value) -> str:
    from django.utils.formats import date_format
    from django.utils.timezone import localtime

    return date_format(localtime(value), "SHORT_DATETIME_FORMAT")
