"""A connector used only by these tests: kind "testnet", replies counted, failures on demand."""

from accalmie.channels.connectors.base import (
    ACTIONS,
    ActionResult,
    Capability,
    Connector,
    PermanentError,
    register,
)


@register
class TestNetConnector(Connector):
    __test__ = False
    kind = "testnet"
    max_reply_length = 300
    calls: list[dict] = []
    fail_with: Exception | None = None

    @classmethod
    def capabilities(cls):
        return {
            verb: Capability(verb == "reply", "" if verb == "reply" else "no") for verb in ACTIONS
        }

    def reply(self, message, text, *, idempotency_key):
        if TestNetConnector.fail_with is not None:
            raise TestNetConnector.fail_with
        TestNetConnector.calls.append({"key": idempotency_key, "text": text})
        n = len(TestNetConnector.calls)
        return ActionResult(network_id=f"testnet:{n}", url=f"https://testnet.example/post/{n}")


@register
class MuteNetConnector(Connector):
    """A network where replying is not possible."""

    kind = "mutenet"


def reset() -> None:
    TestNetConnector.calls.clear()
    TestNetConnector.fail_with = None


__all__ = ["MuteNetConnector", "PermanentError", "TestNetConnector", "reset"]
