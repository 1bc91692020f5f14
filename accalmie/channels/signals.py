"""Signals the outbox sends, so that channels does not import the areas that care.

Both are sent after the delivery's transaction commits, with ``action`` (the
OutboundAction, re-read, ``channel``/``message``/``author`` available):

* ``outbound_delivered``: the network accepted it (or recognised it as already
  done). Replies mark the case answered and set ``Message.first_response_at``.
* ``outbound_failed``: given up (permanent error, or too many attempts), or
  left ``uncertain`` for a person to check on the network (``action.state``
  says which).

A receiver that raises is logged by the sender and does not undo the delivery:
the network already has it.
"""

from django.dispatch import Signal

outbound_delivered = Signal()
outbound_failed = Signal()
