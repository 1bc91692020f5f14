from django import template

register = template.Library()


@register.simple_tag
def open_alerts():
    """At most three open alerts, newest first: one indexed query for the inbox strip."""
    from accalmie.insights.spikes import recent

    return recent()
