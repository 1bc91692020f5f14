"""A scriptable connector for the outbox and fetch-loop tests."""

from __future__ import annotations

from accalmie.channels.connectors.base import (
    ActionResult,
    Capability,
    Connector,
    FetchResult,
)


class FakeConnector(Connector):
    """Answers from ``script`` (a list of results or exceptions, used in order)."""

    kind = "fake"
    can_find_replies = True
    repeatable_verbs = frozenset({"mute"})

    def __init__(self, channel=None, credentials=None):
        super().__init__(channel, credentials or {})
        self.script: list = []
        self.calls: list[tuple] = []
        self.found: ActionResult | None = None
        self.pages: list = []  # fetch answers: FetchResult or exception

    @classmethod
    def capabilities(cls):
        caps = {verb: Capability(True) for verb in ("reply", "hide", "block", "mute", "report")}
        caps["delete"] = Capability(False, "no deleting here")
        return caps

    def _answer(self, call):
        self.calls.append(call)
        outcome = self.script.pop(0) if self.script else ActionResult(network_id=f"id-{call[0]}")
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def reply(self, message, text, *, idempotency_key):
        return self._answer(("reply", message.pk, text, idempotency_key))

    def find_reply(self, message, *, idempotency_key):
        self.calls.append(("find_reply", message.pk, idempotency_key))
        return self.found

    def hide(self, message, *, idempotency_key):
        return self._answer(("hide", message.pk, idempotency_key))

    def block(self, author, *, idempotency_key):
        return self._answer(("block", author.pk, idempotency_key))

    def mute(self, author, *, idempotency_key):
        return self._answer(("mute", author.pk, idempotency_key))

    def report(self, message, *, reason, category="other", idempotency_key):
        return self._answer(("report", message.pk, reason, category, idempotency_key))

    def fetch(self, cursor):
        self.calls.append(("fetch", cursor))
        outcome = self.pages.pop(0) if self.pages else FetchResult(items=[], cursor=cursor)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome
