"""Applies the admins' routing rules to freshly triaged messages."""

import logging

from django.contrib.auth import get_user_model

from accalmie.audit import record as audit
from accalmie.inbox.models import MANUAL_STATUSES, Message, Status
from accalmie.incidents.models import Incident

from .models import RoutingRule
from .rules import RuleError, facts_for, parse_actions, parse_conditions

log = logging.getLogger(__name__)


def compiled_rules():
    out = []
    for rule in RoutingRule.objects.filter(is_active=True):
        try:
            out.append((rule, parse_conditions(rule.conditions), parse_actions(rule.actions)))
        except RuleError as exc:  # saved before a field was renamed: skip, say so
            log.warning("routing rule %s skipped: %s", rule.pk, exc)
    return out


def route(messages) -> None:
    rules = compiled_rules()
    if not rules or not messages:
        return
    users = {u.get_username(): u for u in get_user_model().objects.filter(is_active=True)}
    for message in messages:
        assessment = getattr(message, "_prediction", None)
        facts = facts_for(message, assessment)
        changed: set[str] = set()
        for rule, conditions, actions in rules:
            if all(c.holds(facts) for c in conditions):
                for action in actions:
                    _apply(message, action, rule, users, changed)
                facts = facts_for(message, assessment)
                if rule.stop:
                    break
        if changed:
            Message.objects.filter(pk=message.pk).update(
                **{f: getattr(message, f) for f in changed}
            )


def _apply(message, action, rule, users, changed: set[str]) -> None:
    name, arg = action.name, action.arg
    if name == "assign" and arg in users and message.assignee_id is None:
        message.assignee = users[arg]
        changed.add("assignee")
        if message.status == Status.NEW:
            message.status = Status.ASSIGNED
            changed.add("status")
        audit(None, "message.assigned", message, data={"to": arg, "rule": rule.name})
    elif name == "label" and arg not in message.labels:
        message.labels = [*message.labels, arg]
        changed.add("labels")
    elif name == "priority":
        message.priority = int(arg)
        changed.add("priority")
    elif name == "require_approval":
        message.needs_approval = True
        changed.add("needs_approval")
    elif name == "status" and arg in MANUAL_STATUSES and message.status != arg:
        audit(
            None,
            "message.status",
            message,
            data={"from": message.status, "to": arg, "rule": rule.name},
        )
        message.status = arg
        changed.add("status")
    elif name == "open_incident" and not Incident.objects.filter(message_id=message.pk).exists():
        incident = Incident.objects.create(
            title=f"{message.get_category_display()} — @{message.author.handle}"[:200],
            message=message,
            severity=arg or "high",
            opened_by_rule=rule.name,
        )
        audit(None, "incident.opened", incident, data={"rule": rule.name, "message": message.pk})
