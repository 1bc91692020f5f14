"""Moderation rules, at the action level: R5, capabilities, approval, the outbox."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accalmie.audit.models import entries_for
from accalmie.channels import outbox
from accalmie.channels.models import OutboundAction
from accalmie.moderation import actions
from accalmie.moderation.defaults import ensure_code_of_conduct
from accalmie.moderation.models import ConductRule, ModerationRequest
from accalmie.replies.models import ApprovalPolicy
from accalmie.replies.policy import SelfApprovalError, ensure_default_policies
from accalmie.testing.factories import ChannelFactory, MessageFactory, UserFactory

from .connector import ModNetConnector

pytestmark = pytest.mark.django_db


@pytest.fixture
def modnet():
    ModNetConnector.calls.clear()
    return ChannelFactory(name="modnet-main", kind="modnet")


@pytest.fixture
def rules(db):
    ensure_code_of_conduct()
    ensure_default_policies()
    return {r.code: r for r in ConductRule.objects.all()}


@pytest.fixture
def insult(modnet):
    return MessageFactory(channel=modnet, category="abuse", text="Bande de clowns incompétents")


@pytest.fixture
def complaint(modnet):
    return MessageFactory(channel=modnet, category="negative", text="3 h de retard, honteux")


def test_hiding_a_negative_comment_without_a_rule_is_refused(agent, rules, complaint):
    with pytest.raises(ValidationError, match="answered, not removed"):
        actions.request_moderation(
            complaint, action="hide", rule=None, reason="it makes us look bad", by=agent
        )
    assert not ModerationRequest.objects.exists()


@pytest.mark.parametrize("rule_code, reason", [("insults", ""), (None, "insulting")])
def test_hiding_needs_both_a_rule_and_a_reason(agent, rules, insult, rule_code, reason):
    rule = rules.get(rule_code) if rule_code else None
    with pytest.raises(ValidationError, match="rule of the code of conduct and a written reason"):
        actions.request_moderation(insult, action="hide", rule=rule, reason=reason, by=agent)
    assert not ModerationRequest.objects.exists()


def test_a_rule_no_longer_in_force_is_refused(agent, rules, insult):
    rule = rules["insults"]
    rule.is_active = False
    rule.save()
    with pytest.raises(ValidationError, match="no longer in force"):
        actions.request_moderation(insult, action="hide", rule=rule, reason="x", by=agent)


def test_an_action_the_network_lacks_is_refused_with_its_reason(agent, rules, insult):
    with pytest.raises(ValidationError, match="brand's own posts"):
        actions.request_moderation(
            insult, action="delete", rule=rules["insults"], reason="insult", by=agent
        )


def test_agent_hide_waits_for_approval_then_goes_to_the_outbox(
    agent, approver, rules, insult, django_capture_on_commit_callbacks
):
    req = actions.request_moderation(
        insult, action="hide", rule=rules["insults"], reason="Insulte l'équipe", by=agent
    )
    assert req.state == ModerationRequest.State.PENDING
    assert req.approval_reasons and req.rule.code == "insults"
    assert not OutboundAction.objects.exists()

    actions.approve_moderation(req, by=approver)
    req.refresh_from_db()
    assert req.state == ModerationRequest.State.QUEUED
    out = req.outbound
    assert out.verb == "hide" and out.idempotency_key == f"moderation-{req.pk}"
    assert out.payload["rule"] == "insults" and out.message_id == insult.pk

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.deliver(out.pk) == OutboundAction.State.SENT
    req.refresh_from_db()
    assert req.state == ModerationRequest.State.DONE
    assert ModNetConnector.calls == [{"verb": "hide", "key": f"moderation-{req.pk}"}]
    told = [e.action for e in entries_for(insult)]
    assert {"moderation.requested", "moderation.approved", "moderation.done"} <= set(told)


def test_nobody_approves_their_own_request(approver, rules, insult):
    ApprovalPolicy.objects.create(name="all removals", actions=["hide"])
    req = actions.request_moderation(
        insult, action="hide", rule=rules["insults"], reason="insult", by=approver
    )
    assert req.state == ModerationRequest.State.PENDING
    with pytest.raises(SelfApprovalError):
        actions.approve_moderation(req, by=approver)
    req.refresh_from_db()
    assert req.state == ModerationRequest.State.PENDING


def test_an_agent_cannot_approve(agent, rules, insult):
    other = UserFactory(role="agent")
    req = actions.request_moderation(
        insult, action="hide", rule=rules["insults"], reason="insult", by=other
    )
    with pytest.raises(PermissionDenied):
        actions.approve_moderation(req, by=agent)


def test_all_mode_needs_every_approver(agent, approver, rules, insult):
    ApprovalPolicy.objects.create(
        name="two for blocks", actions=["block"], mode="all", required_approvals=2
    )
    req = actions.request_moderation(
        insult, action="block", rule=rules["insults"], reason="repeat insults", by=agent
    )
    assert (req.approvals_mode, req.approvals_needed) == ("all", 2)
    actions.approve_moderation(req, by=approver)
    req.refresh_from_db()
    assert req.state == ModerationRequest.State.PENDING
    with pytest.raises(ValidationError):
        actions.approve_moderation(req, by=approver)  # the same person twice counts once
    actions.approve_moderation(req, by=UserFactory(role="approver"))
    req.refresh_from_db()
    assert req.state == ModerationRequest.State.QUEUED
    assert req.outbound.verb == "block" and req.outbound.author_id == insult.author_id


def test_block_needs_no_approval_when_no_policy_covers_it(agent, rules, insult):
    req = actions.request_moderation(insult, action="block", rule=None, reason="troll", by=agent)
    assert req.state == ModerationRequest.State.QUEUED
    assert req.outbound.author_id == insult.author_id


def test_reject_needs_a_comment_and_sends_nothing(agent, approver, rules, insult):
    req = actions.request_moderation(
        insult, action="hide", rule=rules["insults"], reason="insult", by=agent
    )
    with pytest.raises(ValidationError):
        actions.reject_moderation(req, by=approver, comment=" ")
    actions.reject_moderation(req, by=approver, comment="Answer it instead")
    req.refresh_from_db()
    assert req.state == ModerationRequest.State.REJECTED
    assert not OutboundAction.objects.exists()
    with pytest.raises(ValidationError):
        actions.approve_moderation(req, by=UserFactory(role="approver"))


def test_a_second_identical_request_is_refused_while_one_is_pending(agent, rules, insult):
    actions.request_moderation(insult, action="hide", rule=rules["insults"], reason="a", by=agent)
    with pytest.raises(ValidationError, match="already under way"):
        actions.request_moderation(
            insult, action="hide", rule=rules["insults"], reason="b", by=agent
        )


def test_legal_cannot_moderate(legal, rules, insult):
    with pytest.raises(PermissionDenied):
        actions.request_moderation(
            insult, action="hide", rule=rules["insults"], reason="x", by=legal
        )


def test_a_failure_on_the_network_is_recorded_on_the_request(agent, approver, rules, insult):
    req = actions.request_moderation(insult, action="report", rule=None, reason="spam", by=agent)
    out = req.outbound
    out.state = OutboundAction.State.FAILED
    out.error = "refused"
    out.save()
    actions.record_outcome(action=out)
    actions.record_outcome(action=out)  # the signal twice changes nothing more
    req.refresh_from_db()
    assert req.state == ModerationRequest.State.FAILED and req.error == "refused"
    assert [e.action for e in entries_for(insult)].count("moderation.failed") == 1


def test_default_code_of_conduct_is_created_once(db):
    assert ensure_code_of_conduct() == 6
    rule = ConductRule.objects.get(code="insults")
    rule.title_en = "Insults (edited)"
    rule.save()
    assert ensure_code_of_conduct() == 0
    assert ConductRule.objects.get(code="insults").title_en == "Insults (edited)"


def test_approval_after_the_network_withdrew_the_verb_says_why(
    agent, approver, rules, insult, monkeypatch
):
    from accalmie.channels.connectors.base import Capability

    req = actions.request_moderation(
        insult, action="hide", rule=rules["insults"], reason="insult", by=agent
    )
    monkeypatch.setattr(
        ModNetConnector,
        "capabilities",
        classmethod(lambda cls: {"hide": Capability(False, "Hiding was withdrawn.")}),
    )
    with pytest.raises(ValidationError, match="Hiding was withdrawn"):
        actions.approve_moderation(req, by=approver)
    req.refresh_from_db()
    assert req.state == ModerationRequest.State.PENDING and not req.decisions.exists()
    assert not OutboundAction.objects.exists()


def test_a_report_carries_the_rule_as_a_category_the_networks_know(agent, rules, insult):
    req = actions.request_moderation(
        insult, action="report", rule=rules["threats"], reason="menace", by=agent
    )
    assert req.outbound.payload == {"reason": "menace", "rule": "threats", "category": "threat"}
