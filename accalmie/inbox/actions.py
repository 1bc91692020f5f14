"""Changes of a message's owner and status: permission, change, audit, one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accalmie.audit import record

from .models import MANUAL_STATUSES, Message, Status


def assign_message(message: Message, *, to, by, ip: str | None = None) -> Message:
    """Gives `message` to `to` (or to nobody when `to` is None)."""
    if not by.has_perm("inbox.work_message"):
        raise PermissionDenied(_("You cannot work on messages."))
    if to is not None and to != by and not by.has_perm("inbox.assign_to_others"):
        raise PermissionDenied(_("You can only assign messages to yourself."))
    if to is not None and not (to.is_active and to.has_perm("inbox.work_message")):
        raise ValidationError(_("%(user)s cannot work on messages.") % {"user": to})
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        before = message.assignee
        if before == to:
            return message
        message.assignee = to
        fields = ["assignee"]
        if to is not None and message.status == Status.NEW:
            message.status = Status.ASSIGNED
            fields.append("status")
        elif to is None and message.status == Status.ASSIGNED:
            message.status = Status.NEW
            fields.append("status")
        message.save(update_fields=fields)
        record(
            by,
            "message.assigned",
            message,
            data={
                "from": before.get_username() if before else None,
                "to": to.get_username() if to else None,
                "status": message.status,
            },
            ip=ip,
        )
    return message


def change_status(message: Message, status: str, *, by, ip: str | None = None) -> Message:
    if not by.has_perm("inbox.work_message"):
        raise PermissionDenied(_("You cannot work on messages."))
    if status not in MANUAL_STATUSES:
        raise ValidationError(_("This status cannot be set by hand."))
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        before = message.status
        if before == status:
            return message
        message.status = status
        message.save(update_fields=["status"])
        record(by, "message.status", message, data={"from": before, "to": status}, ip=ip)
    return message


def teammates():
    """People a message can be given to."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="work_message")
        .distinct()
        .order_by("first_name", "username")
    )
