"""The admin forms for channels. Credential fields are write-only: never pre-filled,
never rendered back, replaced whole."""

import re

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .connectors.base import connector_class
from .models import Channel, Network

# Field names that hold secrets get a password input (never echoed by the browser either).
SECRET_NAME = re.compile(r"token|secret|password|key", re.I)


def credential_field(name: str, label, *, required: bool) -> forms.CharField:
    if SECRET_NAME.search(name):
        widget = forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"})
    else:
        widget = forms.TextInput(attrs={"autocomplete": "off"})
    return forms.CharField(
        label=label, required=required, strip=True, max_length=4000, widget=widget
    )


def _says_optional(label) -> bool:
    # Connectors without ``optional_credentials`` mark optional fields in their label.
    with translation.override("en"):
        return "(optional" in str(label) or "; optional)" in str(label)


class CredentialsForm(forms.Form):
    """One field per entry of the network's ``credential_fields``."""

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        cls = connector_class(kind)
        optional = set(getattr(cls, "optional_credentials", ()))
        for name, label in cls.credential_fields.items():
            required = name not in optional and not _says_optional(label)
            self.fields[f"cred_{name}"] = credential_field(name, label, required=required)

    def credentials(self) -> dict:
        return {
            key.removeprefix("cred_"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("cred_")
        }


class AddChannelForm(CredentialsForm):
    name = forms.SlugField(
        label=_("Name"), max_length=64, help_text=_("Short, unique: letters, digits, dashes.")
    )
    display_name = forms.CharField(label=_("Display name"), max_length=120, required=False)
    handle = forms.CharField(
        label=_("Brand account"),
        max_length=255,
        required=False,
        help_text=_("The brand's handle on the network, e.g. @railatlantique."),
    )

    field_order = ["name", "display_name", "handle"]

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, kind=kind, **kwargs)
        self.order_fields(self.field_order)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if Channel.objects.filter(name=name).exists():
            raise forms.ValidationError(_("A channel with this name already exists."))
        return name


def network_choices():
    return [(value, label) for value, label in Network.choices]
