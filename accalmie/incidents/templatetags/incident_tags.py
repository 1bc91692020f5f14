from django import template

from ..models import Incident

register = template.Library()


@register.simple_tag
def incidents_to_join(message, user):
    """Open incidents about the same person this message is not part of yet (legal's shortcut)."""
    if not user.has_perm("incidents.work_incident"):
        return []
    author = message.author
    people = (
        {"messages__author__contact_id": author.contact_id}
        if author.contact_id
        else {"messages__author_id": author.pk}
    )
    return list(
        Incident.objects.filter(is_open=True, **people)
        .exclude(messages=message)
        .distinct()
        .order_by("-opened_at")[:3]
    )


@register.filter
def incident_title(incident) -> str:
    from ..titles import shown_title

    return shown_title(incident)


@register.filter
def plan_step(entry_data) -> str:
    """A step named in an audit row, in the reader's language when it is a default step."""
    from ..plan import step_label

    return str(step_label(entry_data.get("code", ""), entry_data.get("step", "")))
