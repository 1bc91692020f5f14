"""The capability matrix: what each network lets Accalmie do, and why not when it doesn't."""

from dataclasses import dataclass
from typing import Any

from .connectors.base import ACTIONS, Capability, connector_class, get_connector
from .models import Network


@dataclass(frozen=True)
class Cell:
    verb: str
    supported: bool
    reason: Any

    @property
    def state(self) -> str:
        """``yes``, ``partly`` (offered, with a condition) or ``no``."""
        if not self.supported:
            return "no"
        return "partly" if self.reason else "yes"


def cell(kind_or_channel, verb: str) -> Cell:
    """The network's answer for a kind ("x"), or for one channel, whose own setup may
    narrow it (a Reddit channel without a moderated subreddit cannot remove or ban)."""
    if isinstance(kind_or_channel, str):
        caps = connector_class(kind_or_channel).capabilities()
    else:
        caps = get_connector(kind_or_channel).capabilities()
    cap = caps.get(verb) or Capability(False)
    return Cell(verb=verb, supported=cap.supported, reason=cap.reason)


def matrix() -> list[tuple[str, str, list[Cell]]]:
    """Rows (network value, network label, cells in ACTIONS order)."""
    return [
        (value, label, [cell(value, verb) for verb in ACTIONS]) for value, label in Network.choices
    ]
