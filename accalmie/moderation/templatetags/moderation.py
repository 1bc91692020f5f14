from django import template

from accalmie.channels.connectors import get_connector
from accalmie.moderation.models import Action, ConductRule, ModerationRequest

register = template.Library()
PENDING_LIMIT = 100


@register.inclusion_tag("moderation/_panel_body.html", takes_context=True)
def moderation_panel(context, message):
    """The actions this message's network offers; the others disabled, with the reason."""
    caps = get_connector(message.channel).capabilities()
    offered = []
    for value, label in Action.choices:
        cap = caps.get(value)
        offered.append(
            {
                "value": value,
                "label": label,
                "supported": bool(cap and cap.supported),
                "reason": cap.reason if cap else "",
            }
        )
    return {
        "perms": context.get("perms"),
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "message": message,
        "actions": offered,
        "any_supported": any(a["supported"] for a in offered),
        "rules": ConductRule.objects.filter(is_active=True),
        "requests": ModerationRequest.objects.filter(message=message)
        .select_related("rule", "requested_by")
        .prefetch_related("decisions__by"),
    }


@register.simple_tag
def pending_moderation():
    return (
        ModerationRequest.objects.filter(state=ModerationRequest.State.PENDING)
        .select_related("message__author", "message__channel", "rule", "requested_by")
        .prefetch_related("decisions__by")
        .order_by("requested_at", "id")[:PENDING_LIMIT]
    )
