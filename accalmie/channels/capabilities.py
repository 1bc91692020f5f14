"""The capability matrix: what each network lets Accalmie do, and why not when it doesn't."""

from dataclasses import dataclass
from typing import Any

from .connectors.base import ACTIONS, Capability, connector_class
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


def cell(kind: str, verb: str) -> Cell:
    cap = connector_class(kind).capabilities().get(verb) or Capability(False)
    return Cell(verb=verb, supported=cap.supported, reason=cap.reason)


def matrix() -> list[tuple[str, str, list[Cell]]]:
    """Rows (network value, network label, cells in ACTIONS order)."""
    return [
        (value, label, [cell(value, verb) for verb in ACTIONS]) for value, label in Network.choices
    ]
