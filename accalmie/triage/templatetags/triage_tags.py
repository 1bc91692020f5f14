"""The model's stored explanation, said in the reader's language.

The model writes one plain line per message ("negative: 'delai', 'rembourser'
(pattern) [accurate tier]") so that it stays the same whatever language the
person who reads it uses; only the framing words are translated here: the
quoted words are the message's own.
"""

import re

from django import template
from django.utils.translation import gettext as _

from accalmie.inbox.models import Category

register = template.Library()

_LINE = re.compile(r"^(?P<label>[a-z ()]+): (?P<rest>.*?)(?P<tier> \[accurate tier\])?$", re.S)


@register.filter
def explanation_text(explanation: str) -> str:
    match = _LINE.match(explanation or "")
    if not match:
        return explanation or ""
    label = match["label"]
    if label == "other (not toxic)":
        head = _("other (not toxic)")
    else:
        head = str(dict(Category.choices).get(label, label))
    rest = match["rest"]
    if rest == "no strong signal":
        rest = _("no strong signal")
    else:
        rest = rest.replace(" (pattern)", " (" + _("expression") + ")")
    text = _("%(category)s: %(signals)s") % {"category": head, "signals": rest}
    if match["tier"]:
        text += " · " + _("confirmed by the accurate model")
    return text
