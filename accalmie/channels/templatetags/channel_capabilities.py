"""Show an action as the network allows it: ``{% load channel_capabilities %}``.

``{% capability channel.kind "hide" as cap %}`` (or ``channel`` itself, whose
own setup may narrow the network's answer) gives ``cap.supported``,
``cap.state`` (yes/partly/no) and ``cap.reason`` (translated), to disable a
button with its reason as the title. ``{% capability_cell kind "hide" %}``
renders the matrix cell.
"""

from django import template

from accalmie.channels.capabilities import cell

register = template.Library()


@register.simple_tag
def capability(kind_or_channel, verb: str):
    return cell(kind_or_channel, verb)


@register.inclusion_tag("channels/_capability.html")
def capability_cell(kind: str, verb: str):
    return {"cell": cell(kind, verb)}
