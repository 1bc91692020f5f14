from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accalmie.audit import record
from accalmie.inbox.models import Category, Message

from .models import Correction, RoutingRule
from .rules import parse_actions, parse_conditions


def correct_category(message: Message, category: str, *, by, ip: str | None = None) -> Message:
    """A person's reading wins; it is kept as a label for `accalmie train --with-feedback`."""
    if not by.has_perm("triage.add_correction"):
        raise PermissionDenied(_("You cannot correct categories."))
    if category not in Category.values:
        raise ValidationError(_("Unknown category."))
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        previous = message.category
        if previous == category:
            return message
        Correction.objects.create(message=message, previous=previous, category=category, by=by)
        message.category = category
        message.save(update_fields=["category"])
        record(by, "message.category", message, data={"from": previous, "to": category}, ip=ip)
    return message


def save_rule(rule: RoutingRule, *, by, ip: str | None = None) -> RoutingRule:
    if not by.has_perm("triage.change_routingrule"):
        raise PermissionDenied(_("Only admins edit routing rules."))
    from django.contrib.auth import get_user_model

    from accalmie.inbox.models import MANUAL_STATUSES

    parse_conditions(rule.conditions)
    parse_actions(
        rule.actions,
        usernames={u.get_username() for u in get_user_model().objects.filter(is_active=True)},
        statuses=[str(s) for s in MANUAL_STATUSES],
    )
    with transaction.atomic():
        created = rule.pk is None
        rule.save()
        record(
            by,
            "rule.created" if created else "rule.changed",
            rule,
            data={"name": rule.name, "conditions": rule.conditions, "actions": rule.actions},
            ip=ip,
        )
    return rule


def delete_rule(rule: RoutingRule, *, by, ip: str | None = None) -> None:
    if not by.has_perm("triage.delete_routingrule"):
        raise PermissionDenied(_("Only admins edit routing rules."))
    with transaction.atomic():
        record(by, "rule.deleted", rule, data={"name": rule.name}, ip=ip)
        rule.delete()
