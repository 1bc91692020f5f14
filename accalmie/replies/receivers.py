"""What follows the outbox's deliveries of replies (signals sent after commit)."""


def connect() -> None:
    try:
        from accalmie.channels import signals
    except ImportError:  # the outbox's signals have not landed yet
        return
    from . import actions

    signals.outbound_delivered.connect(
        actions.on_outbound_delivered, dispatch_uid="accalmie.replies.delivered"
    )
    signals.outbound_failed.connect(
        actions.on_outbound_failed, dispatch_uid="accalmie.replies.failed"
    )
