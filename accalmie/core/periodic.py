"""Jobs the worker runs on a clock (polling channels, escalations, reminders, alerts).

An app registers a job in its ``AppConfig.ready()``::

    from accalmie.core import periodic
    periodic.register("cases.escalate", every=60, job=escalate_overdue)

``accalmie worker`` runs them in a background thread beside the task
runner; ``accalmie tick`` runs each once (for cron, and for tests). A job must
be safe to run twice and at the same time in two workers (re-read rows,
``select_for_update`` where it matters): with several workers each runs the
clock. A job that raises is logged and tried again at its next turn; it
never stops the others.
"""

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections

log = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    every: float
    job: Callable[[], object]


_JOBS: dict[str, Job] = {}


def register(name: str, *, every: float, job: Callable[[], object]) -> None:
    _JOBS[name] = Job(name, every, job)


def jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def run_once(name: str | None = None) -> dict[str, object]:
    """Runs every job (or one) now; returns what each returned, or its error."""
    results = {}
    for job in jobs():
        if name and job.name != name:
            continue
        results[job.name] = _run(job)
    return results


def _run(job: Job):
    close_old_connections()
    try:
        return job.job()
    except Exception as exc:  # one job's failure must not stop the clock
        log.exception("periodic job %s failed", job.name)
        return exc
    finally:
        close_old_connections()


class Clock(threading.Thread):
    """Runs each registered job at its interval until ``stop`` is set."""

    def __init__(self, stop: threading.Event, tick: float = 0.2):
        super().__init__(name="accalmie-clock", daemon=True)
        self.stop_event = stop
        self.tick = tick

    def run(self) -> None:
        due = {job.name: 0.0 for job in jobs()}
        while not self.stop_event.is_set():
            now = time.monotonic()
            for job in jobs():
                if now >= due.get(job.name, 0.0):
                    _run(job)
                    due[job.name] = time.monotonic() + job.every
            self.stop_event.wait(self.tick)
