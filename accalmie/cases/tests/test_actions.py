"""Case rules at the action level: playbook, hand-offs, limits, after-care, escalation."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accalmie.audit.models import entries_for
from accalmie.cases import actions, limits, playbook
from accalmie.cases.aftercare import reopen_on_new_activity
from accalmie.cases.escalation import escalate_overdue
from accalmie.cases.models import (
    CasePolicy,
    Department,
    Escalation,
    FollowUp,
    Monitoring,
)
from accalmie.channels.models import OutboundAction
from accalmie.inbox.ingest import ingest_rows
from accalmie.inbox.models import Message, Status
from accalmie.testing.factories import AuthorFactory, MessageFactory, UserFactory, payload
from accalmie.triage.models import DeadlinePolicy

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops(db):
    actions.ensure_defaults()
    return Department.objects.get(name="Operations")


@pytest.fixture
def case(channel, agent):
    return MessageFactory(
        channel=channel,
        category="negative",
        assignee=agent,
        status=Status.ASSIGNED,
        text="3 heures de retard et aucune info, vous vous foutez de nous ?!",
    )


def actions_on(message):
    return [e.action for e in entries_for(message)]


# --------------------------------------------------------------- playbook


def test_playbook_applies_to_complaints_and_by_hand(channel, agent):
    praise = MessageFactory(channel=channel, category="praise")
    assert not playbook.follows_playbook(praise)
    actions.start_playbook(praise, by=agent)
    praise.refresh_from_db()
    assert playbook.follows_playbook(praise)
    assert actions_on(praise) == ["case.playbook_started"]
    assert playbook.follows_playbook(MessageFactory(channel=channel, category="threat"))


def test_root_cause_is_recorded_with_who_and_when(case, agent, ops):
    with pytest.raises(ValidationError):
        actions.note_root_cause(case, what="  ", department=ops, by=agent)
    actions.note_root_cause(case, what="Signal failure at Nantes", department=ops, by=agent)
    step = playbook.steps(case)[0]
    assert step.state == playbook.DONE and step.who == agent and step.when is not None
    assert "Operations" in step.detail and "Signal failure" in step.detail
    assert "case.root_cause" in actions_on(case)


def test_derived_steps_read_what_happened(case, agent):
    by_key = {s.key: s for s in playbook.steps(case)}
    assert by_key["root_cause"].state == playbook.TODO
    assert by_key["documented"].state == playbook.TODO  # the factory took no snapshot
    assert by_key["not_deleted"].state == playbook.DONE
    assert by_key["on_time"].state == playbook.TODO
    assert by_key["sent"].state == playbook.TODO
    assert by_key["monitored"].state == playbook.TODO

    case.due_at = timezone.now() - timedelta(hours=1)
    case.first_response_at = timezone.now()
    case.save()
    OutboundAction.objects.create(
        channel=case.channel,
        verb="reply",
        message=case,
        idempotency_key="draft-1-v1",
        state=OutboundAction.State.SENT,
        sent_at=timezone.now(),
        result_url="https://bsky.app/profile/x/post/1",
    )
    actions.resolve_case(case, by=agent)
    by_key = {s.key: s for s in playbook.steps(case)}
    assert by_key["on_time"].state == playbook.MISSED
    assert by_key["sent"].state == playbook.DONE and by_key["sent"].url.endswith("/post/1")
    assert by_key["monitored"].state == playbook.DONE


def test_documented_step_reads_the_evidence_chain(channel):
    ingest_rows(channel, [(1, payload("ev-1", text="Remboursement jamais reçu"))])
    message = Message.objects.get(network_id="ev-1")
    step = playbook.steps(message)[1]
    assert step.key == "documented" and step.state == playbook.DONE
    assert "SHA-256" in step.detail


# --------------------------------------------------------------- hand-offs


def test_hand_off_and_completion(case, agent, ops):
    due = timezone.now() - timedelta(minutes=5)
    with pytest.raises(ValidationError):
        actions.hand_off(case, department=ops, note="", due_at=due, by=agent)
    handoff = actions.hand_off(case, department=ops, note="Refund?", due_at=due, by=agent)
    assert handoff.is_overdue
    actions.complete_hand_off(handoff, by=agent)
    actions.complete_hand_off(handoff, by=agent)  # twice: once in the log
    handoff.refresh_from_db()
    assert handoff.done_at and handoff.done_by == agent and not handoff.is_overdue
    assert actions_on(case).count("case.hand_off_done") == 1
    assert "case.handed_off" in actions_on(case)


def test_legal_cannot_work_cases(case, legal, ops):
    with pytest.raises(PermissionDenied):
        actions.hand_off(case, department=ops, note="x", due_at=timezone.now(), by=legal)
    with pytest.raises(PermissionDenied):
        actions.resolve_case(case, by=legal)


# --------------------------------------------------------------- limits


def _reply(message, key, state=OutboundAction.State.SENT):
    return OutboundAction.objects.create(
        channel=message.channel, verb="reply", message=message, idempotency_key=key, state=state
    )


def test_reply_limit_counts_public_replies_in_the_conversation(case, channel):
    later = MessageFactory(channel=channel, author=case.author, thread_key=case.thread_key)
    someone_else = MessageFactory(channel=channel, thread_key=case.thread_key)
    _reply(case, "r1")
    _reply(someone_else, "r2")  # another person under the same post
    _reply(case, "r3", state=OutboundAction.State.FAILED)  # never reached the public
    assert limits.public_replies_in_conversation(later) == 1
    assert not limits.reply_limit_reached(later)
    _reply(later, "r4", state=OutboundAction.State.QUEUED)
    assert limits.public_replies_in_conversation(case) == 2
    assert limits.reply_limit_reached(case)
    policy = CasePolicy.current()
    policy.reply_limit = 3
    policy.save()
    assert not limits.reply_limit_reached(case)


# --------------------------------------------------------------- after-care


def test_closing_a_conversation_is_explicit_and_audited(case, agent):
    actions.close_conversation(case, by=agent, note="Solved in DM")
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.resolved_at is not None
    entry = entries_for(case).get(action="case.conversation_closed")
    assert entry.data["note"] == "Solved in DM" and entry.data["from"] == "assigned"
    with pytest.raises(ValidationError):
        actions.resolve_case(case, by=agent)


def test_resolving_a_real_customer_starts_monitoring_and_a_follow_up(case, agent):
    before = timezone.now()
    actions.resolve_case(case, by=agent)
    case.refresh_from_db()
    assert case.status == Status.MONITORING and case.resolved_at >= before
    window = Monitoring.objects.get(message=case)
    assert timedelta(days=6, hours=23) < window.until - before <= timedelta(days=7, minutes=1)
    follow_up = FollowUp.objects.get(message=case)
    assert follow_up.owner == agent
    assert timedelta(days=20) < follow_up.due_at - before <= timedelta(days=21, minutes=1)
    assert "case.resolved" in actions_on(case)


def test_no_follow_up_for_trolls_or_abuse(channel, agent):
    troll = AuthorFactory(troll_score=0.95)
    trolling = MessageFactory(channel=channel, author=troll, category="negative", assignee=agent)
    abuse = MessageFactory(channel=channel, category="abuse", assignee=agent)
    actions.resolve_case(trolling, by=agent)
    actions.resolve_case(abuse, by=agent)
    assert not FollowUp.objects.exists()
    assert Monitoring.objects.count() == 2


def _new(channel, network_id, author, **extra):
    row = payload(
        network_id,
        created_at=timezone.now().isoformat(),
        author={"handle": author.handle, "network_id": author.network_id},
        **extra,
    )
    ingest_rows(channel, [(1, row)])
    return Message.objects.get(channel=channel, network_id=network_id)


@pytest.fixture
def monitored(case, agent):
    DeadlinePolicy.objects.update_or_create(
        category="negative", defaults={"answer_within_minutes": 60, "priority": 2}
    )
    actions.resolve_case(case, by=agent)
    case.refresh_from_db()
    return case


def test_new_activity_from_the_same_author_reopens_the_case(monitored, channel, agent):
    _new(channel, "again-1", monitored.author, text="Toujours rien reçu")
    monitored.refresh_from_db()
    assert monitored.status == Status.ASSIGNED and monitored.assignee == agent
    assert monitored.due_at > timezone.now() + timedelta(minutes=50)
    reopened = entries_for(monitored).get(action="case.reopened")
    assert reopened.actor is None and reopened.data["from"] == "monitoring"
    assert Monitoring.objects.get(message=monitored).reopened_at is not None
    step = {s.key: s for s in playbook.steps(monitored)}["monitored"]
    assert step.state == playbook.TODO


def test_a_reply_in_the_cases_thread_reopens_it(monitored, channel):
    stranger = AuthorFactory()
    _new(
        channel,
        "thread-1",
        stranger,
        text="Pareil pour moi",
        in_reply_to=monitored.network_id,
        thread_id=monitored.network_id,
    )
    monitored.refresh_from_db()
    assert monitored.status == Status.ASSIGNED


def test_an_answer_to_our_reply_reopens_the_case(monitored, channel):
    ours = _reply(monitored, "our-reply")
    OutboundAction.objects.filter(pk=ours.pk).update(result_network_id="brand-reply-1")
    _new(channel, "under-our-reply", AuthorFactory(), in_reply_to="brand-reply-1")
    monitored.refresh_from_db()
    assert monitored.status == Status.ASSIGNED


def test_a_case_set_to_monitoring_by_hand_is_watched_too(channel, agent):
    from accalmie.cases.aftercare import watch_cases_set_by_hand
    from accalmie.inbox.actions import change_status

    case = MessageFactory(channel=channel, category="question", assignee=agent)
    change_status(case, Status.MONITORING, by=agent)
    assert watch_cases_set_by_hand() == 1
    assert watch_cases_set_by_hand() == 0  # safe twice
    window = Monitoring.objects.get(message=case)
    assert timedelta(days=6) < window.until - window.started_at <= timedelta(days=7)
    _new(channel, "hand-1", case.author, text="Et alors ?")
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED


def test_a_case_set_to_monitoring_by_hand_long_ago_is_not_watched(channel, agent):
    from accalmie.audit.models import AuditEntry
    from accalmie.cases.aftercare import watch_cases_set_by_hand
    from accalmie.inbox.actions import change_status

    case = MessageFactory(channel=channel, category="question", assignee=agent)
    change_status(case, Status.MONITORING, by=agent)
    AuditEntry.objects.filter(action="message.status").update(
        created_at=timezone.now() - timedelta(days=30)
    )
    assert watch_cases_set_by_hand() == 0
    _new(channel, "hand-2", case.author, text="Bonjour")
    case.refresh_from_db()
    assert case.status == Status.MONITORING


def test_activity_by_others_elsewhere_does_not_reopen(monitored, channel):
    _new(channel, "other-1", AuthorFactory(), text="Un autre sujet")
    monitored.refresh_from_db()
    assert monitored.status == Status.MONITORING
    assert "case.reopened" not in actions_on(monitored)


def test_activity_after_the_window_does_not_reopen(monitored, channel):
    Monitoring.objects.filter(message=monitored).update(until=timezone.now() - timedelta(minutes=1))
    _new(channel, "late-1", monitored.author, text="Re-bonjour")
    monitored.refresh_from_db()
    assert monitored.status == Status.MONITORING


def test_older_history_imported_late_does_not_reopen(monitored, channel):
    reopen = reopen_on_new_activity(
        messages=[
            MessageFactory(
                channel=channel,
                author=monitored.author,
                created_at=timezone.now() - timedelta(days=3),
            )
        ]
    )
    assert reopen == []


def test_follow_up_lands_in_the_owners_queue_when_due(client, monitored, agent):
    follow_up = FollowUp.objects.get(message=monitored)
    client.force_login(agent)
    page = client.get("/").content.decode()
    assert "follow-up due" not in page  # scheduled, not yet due
    follow_up.due_at = timezone.now() - timedelta(minutes=1)
    follow_up.save()
    page = client.get("/").content.decode()
    assert "1 follow-up due" in page
    queue = client.get("/cases/mine/").content.decode()
    assert f"/m/{monitored.pk}/" in queue and "Followed up" in queue
    other = UserFactory(role="agent")
    client.force_login(other)
    assert "follow-up due" not in client.get("/").content.decode()
    client.force_login(agent)
    client.post(f"/cases/follow-ups/{follow_up.pk}/done/", {"note": "Happy now", "next": "queue"})
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None and follow_up.note == "Happy now"


# --------------------------------------------------------------- escalation


def test_a_late_case_is_escalated_once(case, approver):
    case.due_at = timezone.now() - timedelta(minutes=1)
    case.priority = 2
    case.save()
    assert escalate_overdue() == 1
    assert escalate_overdue() == 0  # safe twice
    case.refresh_from_db()
    assert "escalated" in case.labels and case.priority == 3
    escalation = Escalation.objects.get(message=case)
    assert escalation.reason == "late" and escalation.previous_owner == case.assignee
    assert actions_on(case).count("case.escalated") == 1
    actions.acknowledge_escalation(escalation, by=approver)
    escalation.refresh_from_db()
    assert escalation.acknowledged_by == approver


def test_an_answered_or_closed_case_is_not_escalated(case, channel):
    case.due_at = timezone.now() - timedelta(minutes=1)
    case.first_response_at = timezone.now()
    case.save()
    MessageFactory(
        channel=channel, status=Status.CLOSED, due_at=timezone.now() - timedelta(hours=1)
    )
    assert escalate_overdue() == 0


def test_slow_owner_escalation_reassigns_per_policy(channel, agent, approver):
    from accalmie.inbox.actions import assign_message

    message = MessageFactory(
        channel=channel, category="question", due_at=timezone.now() + timedelta(hours=5)
    )
    assign_message(message, to=agent, by=agent)
    policy = CasePolicy.current()
    policy.escalate_after_minutes = 30
    policy.escalation = CasePolicy.Escalation.REASSIGN
    policy.escalate_to = approver
    policy.save()
    assert escalate_overdue() == 0  # assigned just now
    assert escalate_overdue(now=timezone.now() + timedelta(minutes=31)) == 1
    message.refresh_from_db()
    assert message.assignee == approver and "escalated" in message.labels
    escalation = Escalation.objects.get(message=message)
    assert escalation.reason == "slow" and escalation.reassigned_to == approver
    assert escalate_overdue(now=timezone.now() + timedelta(minutes=31)) == 0


# --------------------------------------------------------------- demo


def test_demo_seed_gives_defaults_a_monitored_case_and_a_due_follow_up(channel, agent):
    from accalmie.cases.demo import seed_cases
    from accalmie.moderation.models import ConductRule

    for _ in range(3):
        MessageFactory(channel=channel, category="negative", assignee=agent, status=Status.RESOLVED)
    seed_cases({"agent": agent})
    seed_cases({"agent": agent})  # twice: nothing more
    assert Department.objects.filter(name="Operations").exists()
    assert ConductRule.objects.filter(code="insults").exists()
    assert Message.objects.filter(status=Status.MONITORING).count() == 2
    assert FollowUp.objects.filter(owner=agent, due_at__lte=timezone.now()).count() == 1
