"""Named points where the crash test kills the worker (SIGKILL, no cleanup).

Only a test sets ``ACCALMIE_TEST_CRASH_AT``; in any other run these are no-ops.
Points: ``after_fetch`` (items read from the network, nothing stored),
``before_cursor_commit`` (items and cursor written, not committed),
``after_network_call`` (an outbound call returned, the row still ``sending``).
"""

import os
import signal


def crashpoint(name: str) -> None:
    if os.environ.get("ACCALMIE_TEST_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
