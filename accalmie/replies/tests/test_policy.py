import pytest
from django.core.exceptions import PermissionDenied

from accalmie.replies.models import ApprovalPolicy
from accalmie.replies.policy import (
    SelfApprovalError,
    approval_reasons,
    approvals_needed,
    check_can_decide,
    ensure_default_policies,
)
from accalmie.testing.factories import AuthorFactory, MessageFactory

pytestmark = pytest.mark.django_db


def test_defaults_exist_and_are_idempotent():
    assert ApprovalPolicy.objects.filter(key="agent-replies").exists()
    count = ApprovalPolicy.objects.count()
    assert ensure_default_policies() == 0
    assert ApprovalPolicy.objects.count() == count


def test_agent_reply_needs_approval_approver_does_not(agent, approver, message):
    message.category = "negative"
    message.save()
    reasons = approval_reasons(action="reply", message=message, by=agent, findings={"findings": []})
    assert len(reasons) == 1 and "agent" in reasons[0]
    assert (
        approval_reasons(action="reply", message=message, by=approver, findings={"findings": []})
        == []
    )


def test_threat_reach_and_tone_conditions(approver, channel):
    threat = MessageFactory(channel=channel, category="threat")
    assert len(approval_reasons(action="reply", message=threat, by=approver, findings=[])) == 1
    famous = MessageFactory(
        channel=channel, category="negative", author=AuthorFactory(followers=25_000)
    )
    [reason] = approval_reasons(action="reply", message=famous, by=approver, findings=[])
    assert "25,000" in reason
    plain = MessageFactory(channel=channel, category="negative")
    assert approval_reasons(
        action="reply", message=plain, by=approver, findings={"has_problems": True, "findings": [1]}
    )
    assert not approval_reasons(
        action="reply", message=plain, by=approver, findings={"has_problems": False, "findings": []}
    )


def test_moderation_hide_delete_by_agents(agent, approver, message):
    assert approval_reasons(action="hide", message=message, by=agent)
    assert approval_reasons(action="delete", message=message, by=agent)
    assert not approval_reasons(action="block", message=message, by=agent)
    assert not approval_reasons(action="hide", message=message, by=approver)


def test_inactive_policy_is_ignored(agent, message):
    ApprovalPolicy.objects.update(active=False)
    assert approval_reasons(action="reply", message=message, by=agent) == []


def test_all_mode_strictest_wins(agent, channel):
    threat = MessageFactory(channel=channel, category="threat")
    assert approvals_needed(action="reply", message=threat) == ("any", 1)
    ApprovalPolicy.objects.filter(key="threat-replies").update(mode="all", required_approvals=2)
    assert approvals_needed(action="reply", message=threat) == ("all", 2)
    plain = MessageFactory(channel=channel, category="negative")
    assert approvals_needed(action="reply", message=plain, by=agent, findings=[]) == ("any", 1)


def test_check_can_decide(agent, approver, admin_user):
    with pytest.raises(PermissionDenied):
        check_can_decide(agent, requested_by=approver)
    with pytest.raises(SelfApprovalError):
        check_can_decide(approver, requested_by=approver)
    check_can_decide(approver, requested_by=agent)
    check_can_decide(admin_user, requested_by=agent)
