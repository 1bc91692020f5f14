"""The recording connector: a channel that reaches no network, and says so.

Selected only when a channel's credentials explicitly hold
``{"simulated": true}`` (see ``get_connector``): the demo's network channels,
which have no real account, and tests of other areas. A reply "sent" through
it completes end to end (outbox row ``sent``, signals, case answered), but
every result carries ``simulated=True`` and an id starting ``simulated:`` so
the row and the interface say nothing left the building. It offers exactly
what the real network offers (same capabilities, same reply length), so the
demo shows the true matrix.

Each call is also appended to ``RecordingConnector.calls`` (this process only)
for tests that want to look at what would have been sent.
"""

from __future__ import annotations

from .base import ActionResult, Capability, Connector, FetchResult, NotSupported, connector_class


class RecordingConnector(Connector):
    kind = "recording"
    can_find_replies = True  # nothing was sent anywhere: sending again is harmless
    repeatable_verbs = frozenset({"reply", "hide", "delete", "block", "mute", "report"})
    calls: list[dict] = []

    def __init__(self, channel, credentials: dict | None = None):
        super().__init__(channel, credentials)
        self.network = connector_class(channel.kind)
        self.max_reply_length = self.network.max_reply_length

    def capabilities(self) -> dict[str, Capability]:  # type: ignore[override]
        return self.network.capabilities()

    def fetch(self, cursor: str) -> FetchResult:
        return FetchResult(items=[], cursor=cursor)

    def _do(self, verb: str, idempotency_key: str, **details) -> ActionResult:
        capability = self.capabilities().get(verb)
        if capability is None or not capability.supported:
            raise NotSupported(capability.reason if capability else verb)
        self.calls.append(
            {"channel": self.channel.pk, "verb": verb, "key": idempotency_key, **details}
        )
        return ActionResult(
            network_id=f"simulated:{verb}:{idempotency_key}",
            simulated=True,
            raw={"simulated": True, "verb": verb},
        )

    def reply(self, message, text: str, *, idempotency_key: str) -> ActionResult:
        return self._do("reply", idempotency_key, message=message.pk, text=text)

    def find_reply(self, message, *, idempotency_key: str) -> ActionResult | None:
        return None

    def hide(self, message, *, idempotency_key: str) -> ActionResult:
        return self._do("hide", idempotency_key, message=message.pk)

    def delete(self, message, *, idempotency_key: str) -> ActionResult:
        return self._do("delete", idempotency_key, message=message.pk)

    def block(self, author, *, idempotency_key: str) -> ActionResult:
        return self._do("block", idempotency_key, author=author.pk)

    def mute(self, author, *, idempotency_key: str) -> ActionResult:
        return self._do("mute", idempotency_key, author=author.pk)

    def report(
        self, message, *, reason: str, category: str = "other", idempotency_key: str
    ) -> ActionResult:
        return self._do(
            "report", idempotency_key, message=message.pk, reason=reason, category=category
        )
