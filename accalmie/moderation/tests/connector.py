"""A connector used only by moderation tests: kind "modnet"; delete is not offered."""

from accalmie.channels.connectors.base import (
    ActionResult,
    Capability,
    Connector,
    register,
)


@register
class ModNetConnector(Connector):
    kind = "modnet"
    calls: list[dict] = []

    @classmethod
    def capabilities(cls):
        caps = {verb: Capability(True) for verb in ("reply", "hide", "block", "mute", "report")}
        caps["delete"] = Capability(False, "Only the brand's own posts can be deleted here.")
        return caps

    def _done(self, verb, key):
        ModNetConnector.calls.append({"verb": verb, "key": key})
        return ActionResult(network_id=f"modnet:{verb}:{key}")

    def hide(self, message, *, idempotency_key):
        return self._done("hide", idempotency_key)

    def block(self, author, *, idempotency_key):
        return self._done("block", idempotency_key)

    def mute(self, author, *, idempotency_key):
        return self._done("mute", idempotency_key)

    def report(self, message, *, reason, category="other", idempotency_key):
        return self._done("report", idempotency_key)
