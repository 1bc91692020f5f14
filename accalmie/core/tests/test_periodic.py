import threading
import time

import pytest

from accalmie.core import periodic


@pytest.fixture
def clean_jobs(monkeypatch):
    monkeypatch.setattr(periodic, "_JOBS", {})


def test_a_failing_job_is_reported_and_does_not_stop_the_others(clean_jobs, db):
    ran = []

    def broken():
        raise RuntimeError("boom")

    periodic.register("a.broken", every=60, job=broken)
    periodic.register("b.fine", every=60, job=lambda: ran.append(1) or "done")
    results = periodic.run_once()
    assert isinstance(results["a.broken"], RuntimeError)
    assert results["b.fine"] == "done"
    assert ran == [1]
    assert list(periodic.run_once("b.fine")) == ["b.fine"]


def test_the_clock_runs_each_job_at_its_interval(clean_jobs, db):
    counts = {"fast": 0, "slow": 0}
    periodic.register("fast", every=0.05, job=lambda: counts.__setitem__("fast", counts["fast"] + 1))
    periodic.register("slow", every=60, job=lambda: counts.__setitem__("slow", counts["slow"] + 1))
    stop = threading.Event()
    clock = periodic.Clock(stop, tick=0.01)
    clock.start()
    deadline = time.monotonic() + 5
    while counts["fast"] < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    clock.join(timeout=5)
    assert counts["fast"] >= 3
    assert counts["slow"] == 1
    assert not clock.is_alive()
