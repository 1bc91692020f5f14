"""Who must approve what (R10): the one place replies and moderation ask.

Policies are rows admins edit (``ApprovalPolicy``). An action needs approval
when at least one active policy covering it matches; each matching policy
gives one reason, a sentence shown to the agent and the approver. The
strictest matching policy decides how many approvers: "any" one, or "all" of
n distinct approvers.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accalmie.accounts.roles import AGENT, role_of

APPROVE_PERMISSION = "replies.approve_draft"


class SelfApprovalError(PermissionDenied):
    """Nobody approves what they asked for themselves."""


DEFAULT_NAMES = {
    "agent-replies": gettext_lazy("Replies by agents"),
    "threat-replies": gettext_lazy("Every reply to a threat"),
    "tone-problems": gettext_lazy("Replies the tone check flags"),
    "wide-reach": gettext_lazy("Replies to authors with a wide reach"),
    "agent-removals": gettext_lazy("Hiding or deleting by agents"),
}

# (key, fields): created once each, never overwritten (admins may have edited them).
DEFAULT_POLICIES = [
    ("agent-replies", {"actions": ["reply"], "roles": [AGENT]}),
    ("threat-replies", {"actions": ["reply"], "categories": ["threat"]}),
    ("tone-problems", {"actions": ["reply"], "on_tone_problem": True}),
    ("wide-reach", {"actions": ["reply"], "min_followers": 10_000}),
    ("agent-removals", {"actions": ["hide", "delete"], "roles": [AGENT]}),
]


def ensure_default_policies() -> int:
    """Creates the default policies that do not exist yet; returns how many."""
    from .models import ApprovalPolicy

    created = 0
    for key, fields in DEFAULT_POLICIES:
        _obj, was_created = ApprovalPolicy.objects.get_or_create(
            key=key, defaults={"name": str(DEFAULT_NAMES[key]), **fields}
        )
        created += was_created
    return created


def _has_problems(findings) -> bool:
    if findings is None:
        return False
    if hasattr(findings, "has_problems"):
        return bool(findings.has_problems)
    if isinstance(findings, dict):
        if "has_problems" in findings:
            return bool(findings["has_problems"])
        return bool(findings.get("findings"))
    return bool(findings)


def _why(policy, *, message, by, findings) -> list[str] | None:
    """The conditions of ``policy`` that hold, in words; None when one does not hold.

    A condition we cannot judge (no ``by``, no ``findings``) is taken as holding:
    asking for too many approvals is safer than too few.
    """
    why = []
    if policy.roles:
        if by is not None and role_of(by) not in policy.roles:
            return None
        why.append(
            _("the person acting is an agent")
            if policy.roles == [AGENT]
            else _("the person acting has the role %(roles)s") % {"roles": ", ".join(policy.roles)}
        )
    if policy.categories:
        if message is None or message.category not in policy.categories:
            return None
        why.append(
            _("the message is categorised as %(category)s")
            % {"category": message.get_category_display()}
        )
    if policy.min_followers is not None:
        followers = getattr(getattr(message, "author", None), "followers", None)
        if followers is None or followers < policy.min_followers:
            return None
        why.append(
            _("the author has %(n)s followers (%(min)s or more)")
            % {"n": f"{followers:,}", "min": f"{policy.min_followers:,}"}
        )
    if policy.on_tone_problem:
        if findings is not None and not _has_problems(findings):
            return None
        why.append(_("the tone check found a problem"))
    if not why:
        why.append(_("always"))
    return why


def matching_policies(*, action: str, message, by=None, findings=None):
    """[(policy, [conditions in words])] for every active policy requiring approval."""
    from .models import ApprovalPolicy

    matches = []
    for policy in ApprovalPolicy.objects.filter(active=True).order_by("id"):
        if action not in (policy.actions or []):
            continue
        why = _why(policy, message=message, by=by, findings=findings)
        if why is not None:
            matches.append((policy, why))
    return matches


def approval_reasons(*, action: str, message, by, findings=None) -> list[str]:
    """Why this action by this user needs approval (translated sentences); [] when it does not.

    action: "reply"|"hide"|"delete"|"block"|"mute"|"report".
    findings: the tone report (a ToneReport or its dict) for replies, else None.
    """
    reasons = [
        _("%(policy)s: %(why)s.") % {"policy": policy.label, "why": "; ".join(why)}
        for policy, why in matching_policies(
            action=action, message=message, by=by, findings=findings
        )
    ]
    if action == "reply" and getattr(message, "needs_approval", False):
        # Set by a triage routing rule on this very message.
        reasons.append(_("A routing rule asks for approval of replies to this message."))
    return reasons


def check_can_decide(user, *, requested_by) -> None:
    """Raises PermissionDenied unless ``user`` may approve and is not ``requested_by``."""
    if user is None or not user.is_authenticated or not user.has_perm(APPROVE_PERMISSION):
        raise PermissionDenied(_("You cannot approve or reject."))
    if requested_by is not None and user.pk == requested_by.pk:
        raise SelfApprovalError(_("Nobody approves their own request: ask another approver."))


def approvals_needed(*, action: str, message, by=None, findings=None) -> tuple[str, int]:
    """("any", 1) or ("all", n): how many distinct approvers must approve.

    The strictest of the matching policies wins; ``by`` and ``findings``, when
    given, narrow which policies match.
    """
    needed = ("any", 1)
    for policy, _why_list in matching_policies(
        action=action, message=message, by=by, findings=findings
    ):
        mode, n = policy.needed
        if mode == "all" and (needed[0] == "any" or n > needed[1]):
            needed = ("all", n)
    return needed
