import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accalmie.audit.models import AuditEntry
from accalmie.channels import outbox
from accalmie.channels.models import OutboundAction
from accalmie.replies import actions
from accalmie.replies.models import ApprovalPolicy, Draft
from accalmie.replies.policy import SelfApprovalError
from accalmie.testing.factories import ChannelFactory, MessageFactory

from .connector import PermanentError, TestNetConnector

pytestmark = pytest.mark.django_db

GOOD = (
    "Bonjour Camille, nous sommes désolés pour ce retard de 3 heures. "
    "Le train a été retardé par une panne de signalisation. "
    "Envoyez-nous votre référence de dossier en message privé et nous lançons le remboursement."
)
EMPTY_PROMISE = "Désolés Camille, cela ne se reproduira plus jamais, promis !"


def _submitted(message, user, text=GOOD):
    draft = actions.save_draft(message, by=user, text=text)
    return actions.submit_draft(draft, by=user)


def test_save_draft_moves_case_to_drafting_and_audits(agent, complaint):
    draft = actions.save_draft(complaint, by=agent, text=GOOD)
    complaint.refresh_from_db()
    assert draft.state == Draft.State.EDITING and draft.author == agent
    assert complaint.status == "drafting"
    assert AuditEntry.objects.filter(action="draft.created", target_id=str(complaint.pk)).exists()
    draft = actions.save_draft(complaint, by=agent, text="  " + GOOD + " Merci.", draft=draft)
    assert draft.text.endswith("Merci.")


def test_only_workers_write_and_only_the_author_edits(agent, legal, approver, complaint):
    with pytest.raises(PermissionDenied):
        actions.save_draft(complaint, by=legal, text=GOOD)
    draft = actions.save_draft(complaint, by=agent, text=GOOD)
    with pytest.raises(PermissionDenied):
        actions.save_draft(complaint, by=approver, text="autre", draft=draft)
    with pytest.raises(PermissionDenied):
        actions.submit_draft(draft, by=approver)
    with pytest.raises(ValidationError):
        actions.save_draft(complaint, by=agent, text="   ")


def test_agent_reply_waits_for_approval_and_nothing_is_queued(agent, complaint):
    draft = _submitted(complaint, agent)
    complaint.refresh_from_db()
    assert draft.state == Draft.State.AWAITING_APPROVAL
    assert complaint.status == "awaiting_approval"
    assert any("agent" in r for r in draft.approval_reasons)
    assert draft.tone_report["has_problems"] is False
    assert not OutboundAction.objects.exists()
    # The agent cannot approve it, nor resubmit it to skip the queue.
    with pytest.raises(PermissionDenied):
        actions.approve_draft(draft, by=agent)
    with pytest.raises(ValidationError):
        actions.submit_draft(draft, by=agent)
    assert not OutboundAction.objects.exists()


def test_nobody_approves_their_own_draft(approver, testnet):
    threat = MessageFactory(channel=testnet, category="threat", text="je sais où tu bosses")
    draft = _submitted(threat, approver, text="Nous avons transmis votre message à notre équipe.")
    assert draft.state == Draft.State.AWAITING_APPROVAL  # every reply to a threat
    with pytest.raises(SelfApprovalError):
        actions.approve_draft(draft, by=approver)
    with pytest.raises(SelfApprovalError):
        actions.edit_and_approve(draft, by=approver, text="Autre texte, bien poli.")
    draft.refresh_from_db()
    assert draft.state == Draft.State.AWAITING_APPROVAL and draft.version == 1


def test_no_approval_needed_sends_at_once(approver, complaint, deliver_all):
    draft = _submitted(complaint, approver)
    assert draft.state == Draft.State.QUEUED and draft.approval_reasons == []
    action = OutboundAction.objects.get()
    assert action.idempotency_key == f"draft-{draft.pk}-v1" and action.payload["text"] == GOOD
    assert deliver_all() == ["sent"]
    draft.refresh_from_db()
    assert draft.state == Draft.State.SENT


def test_approval_then_sent_once_with_link(agent, approver, complaint, deliver_all):
    draft = _submitted(complaint, agent)
    draft = actions.approve_draft(draft, by=approver)
    assert draft.state == Draft.State.QUEUED
    assert deliver_all() == ["sent"]
    draft.refresh_from_db()
    complaint.refresh_from_db()
    assert draft.state == Draft.State.SENT
    assert draft.sent_network_id == "testnet:1"
    assert draft.safe_sent_url == "https://testnet.example/post/1"
    assert complaint.status == "replied" and complaint.first_response_at is not None
    assert len(TestNetConnector.calls) == 1
    story = list(
        AuditEntry.objects.filter(target_id=str(complaint.pk), target_type="inbox.message")
        .order_by("id")
        .values_list("action", flat=True)
    )
    for step in ("draft.created", "draft.submitted", "draft.approved", "draft.sent"):
        assert step in story


def test_a_crash_between_approval_and_send_never_sends_twice(
    agent, approver, complaint, deliver_all, django_capture_on_commit_callbacks
):
    draft = _submitted(complaint, agent)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        actions.approve_draft(draft, by=approver)
    assert queued  # delivery waits for the commit
    action = OutboundAction.objects.get()
    # The worker dies after enqueueing; the task is run again, and again, and the
    # approval is replayed: still one row, one call.
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.deliver(action.pk) == "sent"
        assert outbox.deliver(action.pk) == "sent"
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.approve_draft(draft, by=approver)
    actions._queue_sending(draft, complaint, by=approver)  # a replayed enqueue
    assert OutboundAction.objects.count() == 1
    assert deliver_all() == []
    assert len(TestNetConnector.calls) == 1
    first = complaint.__class__.objects.get(pk=complaint.pk).first_response_at
    actions.on_outbound_delivered(action=OutboundAction.objects.get())  # signal replayed
    assert complaint.__class__.objects.get(pk=complaint.pk).first_response_at == first


def test_all_mode_needs_distinct_approvers(agent, approver, approver2, complaint, deliver_all):
    ApprovalPolicy.objects.filter(key="agent-replies").update(mode="all", required_approvals=2)
    draft = _submitted(complaint, agent)
    assert (draft.approval_mode, draft.approvals_required) == ("all", 2)
    draft = actions.approve_draft(draft, by=approver)
    assert draft.state == Draft.State.AWAITING_APPROVAL
    with pytest.raises(ValidationError):
        actions.approve_draft(draft, by=approver)  # the same person twice is one approval
    assert not OutboundAction.objects.exists()
    draft = actions.approve_draft(draft, by=approver2)
    assert draft.state == Draft.State.QUEUED
    assert deliver_all() == ["sent"]


def test_reject_needs_a_comment_and_goes_back_to_the_author(agent, approver, complaint):
    draft = _submitted(complaint, agent)
    with pytest.raises(ValidationError):
        actions.reject_draft(draft, by=approver, comment="  ")
    draft = actions.reject_draft(draft, by=approver, comment="Trop sec, ajoute une solution.")
    complaint.refresh_from_db()
    assert draft.state == Draft.State.REJECTED and "solution" in draft.rejection_comment
    assert complaint.status == "drafting"
    entry = AuditEntry.objects.get(action="draft.rejected")
    assert entry.data["comment"] == "Trop sec, ajoute une solution." and entry.actor == approver
    # The author rewrites; the resubmission is a new version with its own key.
    draft = actions.save_draft(complaint, by=agent, text=GOOD + " Bonne soirée.", draft=draft)
    draft = actions.submit_draft(draft, by=agent)
    assert draft.version == 2 and draft.state == Draft.State.AWAITING_APPROVAL
    actions.approve_draft(draft, by=approver)
    assert OutboundAction.objects.get().idempotency_key == f"draft-{draft.pk}-v2"


def test_approver_edit_restarts_check_and_approvals(agent, approver, approver2, complaint):
    ApprovalPolicy.objects.filter(key="agent-replies").update(mode="all", required_approvals=2)
    draft = _submitted(complaint, agent)
    actions.approve_draft(draft, by=approver)
    draft = actions.edit_draft_as_approver(draft, by=approver2, text=EMPTY_PROMISE)
    assert draft.version == 2 and draft.edited_by == approver2
    assert draft.tone_report["has_problems"] is True
    assert "empty_promise" in [f["code"] for f in draft.tone_report["findings"]]
    assert draft.current_approvals().count() == 0
    draft = actions.approve_draft(draft, by=approver2)
    assert draft.state == Draft.State.AWAITING_APPROVAL  # approver's v1 approval no longer counts
    draft = actions.approve_draft(draft, by=approver)
    assert draft.state == Draft.State.QUEUED
    assert AuditEntry.objects.filter(action="draft.edited_by_approver", actor=approver2).exists()


def test_edit_and_approve(agent, approver, complaint):
    draft = _submitted(complaint, agent)
    draft = actions.edit_and_approve(draft, by=approver, text=GOOD + " Bonne journée.")
    assert draft.state == Draft.State.QUEUED and draft.version == 2
    assert OutboundAction.objects.get().payload["text"].endswith("Bonne journée.")


def test_tone_problem_needs_approval_even_for_an_approver(approver, approver2, complaint):
    draft = _submitted(complaint, approver, text=EMPTY_PROMISE)
    assert draft.state == Draft.State.AWAITING_APPROVAL
    assert draft.tone_report["has_problems"]
    assert any("tone" in r for r in draft.approval_reasons)
    actions.approve_draft(draft, by=approver2)


def test_failure_is_shown_and_retry_reuses_the_outbox_row(
    approver, complaint, deliver_all, django_capture_on_commit_callbacks
):
    TestNetConnector.fail_with = PermanentError("Post not found")
    draft = _submitted(complaint, approver)
    assert deliver_all() == ["failed"]
    draft.refresh_from_db()
    assert draft.state == Draft.State.FAILED and "Post not found" in draft.error
    TestNetConnector.fail_with = None
    with django_capture_on_commit_callbacks(execute=False):
        draft = actions.retry_sending(draft, by=approver)
    assert draft.state == Draft.State.QUEUED
    assert deliver_all() == ["sent"]
    action = OutboundAction.objects.get()
    assert action.attempts == 2 and action.state == "sent"
    draft.refresh_from_db()
    assert draft.state == Draft.State.SENT
    with pytest.raises(ValidationError):
        actions.retry_sending(draft, by=approver)


def test_reply_refused_where_the_network_cannot_reply(approver, db):
    channel = ChannelFactory(name="mute", kind="mutenet")
    message = MessageFactory(channel=channel, category="negative")
    draft = actions.save_draft(message, by=approver, text=GOOD)
    with pytest.raises(ValidationError):
        actions.submit_draft(draft, by=approver)


def test_withdraw(agent, complaint):
    draft = _submitted(complaint, agent)
    draft = actions.withdraw_draft(draft, by=agent)
    complaint.refresh_from_db()
    assert draft.state == Draft.State.WITHDRAWN and complaint.status == "drafting"


def test_audit_entries_read_as_sentences(agent, approver, complaint):
    draft = _submitted(complaint, agent)
    actions.reject_draft(draft, by=approver, comment="non")
    entries = AuditEntry.objects.filter(action__startswith="draft.")
    for entry in entries:
        assert entry.describe() != entry.action


def test_a_reply_longer_than_the_network_accepts_is_refused(approver, complaint):
    draft = actions.save_draft(complaint, by=approver, text="Bonjour. " + "Merci. " * 60)
    with pytest.raises(ValidationError):
        actions.submit_draft(draft, by=approver)
    draft.refresh_from_db()
    assert draft.state == Draft.State.EDITING and not OutboundAction.objects.exists()


def test_routing_rule_flag_asks_for_approval(approver, complaint):
    complaint.needs_approval = True
    complaint.save()
    draft = _submitted(complaint, approver)
    assert draft.state == Draft.State.AWAITING_APPROVAL
    assert any("routing rule" in r for r in draft.approval_reasons)
