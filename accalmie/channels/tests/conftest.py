import json
import os
from types import SimpleNamespace

import pytest


@pytest.fixture(scope="session")
def bluesky_devnet():
    """A real local Bluesky network for the session (installed by scripts/test.sh).

    It FAILS, never skips, when the network cannot start: CI must really run
    these tests. ACCALMIE_BLUESKY_DEVNET may hold the ready line of a network
    already running (``python -m accalmie.testing.bluesky.launcher run``), to
    reuse it while developing.
    """
    running = os.environ.get("ACCALMIE_BLUESKY_DEVNET")
    if running:
        info = json.loads(running)
        yield SimpleNamespace(
            pds=info["pds"],
            appview=info["appview"],
            ozone=info["ozone"],
            ozone_did=info["ozoneDid"],
            info=info,
            pds_ws=info["pds"].replace("http://", "ws://", 1) + "/xrpc",
        )
        return
    from accalmie.testing.bluesky.launcher import start

    devnet = start()  # raises DevnetError: the tests fail with its log
    try:
        yield devnet
    finally:
        devnet.stop()
