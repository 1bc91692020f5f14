"""Streaming as a doorbell: a network's live feed wakes the poller at once.

For each active channel whose connector can stream (Bluesky with a
``stream_url``), the worker keeps two threads: a reader that follows the feed
and rings when something may concern the brand, and a poller that then runs
the ordinary ``fetching.poll`` — the same cursor, the same ingest, the same
dedupe — trying again for a moment if the network has not indexed the item
yet. The periodic poll stays on as the fallback (a dropped connection, a
missed event). See ADR 0008.

``ensure_streams`` is the periodic job that starts missing threads, restarts
dead ones and stops those of channels turned off; it does nothing outside
the worker's clock thread (``accalmie tick`` would start threads and exit).
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections

from .connectors.base import get_connector
from .models import Channel

log = logging.getLogger(__name__)

# After a ring, polls until something new is stored: the AppView indexes a
# post a little after the firehose carries it.
RETRY_DELAYS = (0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 1.0, 2.0, 2.0, 3.0)
RECONNECT_MAX_S = 60.0


class ChannelStream:
    def __init__(self, channel_id: int):
        self.channel_id = channel_id
        self.stop_event = threading.Event()
        self.wake = threading.Event()
        self.ready = threading.Event()  # warmed up and about to listen
        self._seen: list[dict] = []  # posts read on the feed, for the poller
        self._seen_lock = threading.Lock()
        self.reader = threading.Thread(
            target=self._read, name=f"stream-read-{channel_id}", daemon=True
        )
        self.poller = threading.Thread(
            target=self._poll, name=f"stream-poll-{channel_id}", daemon=True
        )

    def start(self) -> ChannelStream:
        self.reader.start()
        self.poller.start()
        return self

    def alive(self) -> bool:
        return self.reader.is_alive() and self.poller.is_alive()

    def stop(self, timeout: float = 5.0) -> None:
        self.stop_event.set()
        self.wake.set()
        self.reader.join(timeout)
        self.poller.join(timeout)

    def _read(self) -> None:
        _warm_up()
        delay = 1.0
        while not self.stop_event.is_set():
            started = time.monotonic()
            try:
                channel = Channel.objects.get(pk=self.channel_id)
                connector = get_connector(channel)
                close_old_connections()
                self.wake.set()  # catch up on what came while not listening
                self.ready.set()
                connector.stream(self._ring, self.stop_event)
            except Exception as exc:  # a dropped stream must not end the worker
                log.warning("stream of channel %s: %s", self.channel_id, exc)
            finally:
                close_old_connections()
            if time.monotonic() - started > 60:
                delay = 1.0
            self.stop_event.wait(delay)
            delay = min(RECONNECT_MAX_S, delay * 2)

    def _ring(self, seen: list | None = None) -> None:
        if seen:
            with self._seen_lock:
                self._seen.extend(seen)
        self.wake.set()

    def _take_seen(self) -> list[dict]:
        with self._seen_lock:
            seen, self._seen = self._seen, []
        return seen

    def _poll(self) -> None:
        from .fetching import poll, store_stream_items

        while not self.stop_event.is_set():
            if not self.wake.wait(1.0):
                continue
            self.wake.clear()
            seen = self._take_seen()
            if seen:
                # Stored straight from the feed; the notifications poll (the
                # periodic one) moves the cursor past them later, dedupe keeps
                # them single.
                try:
                    outcome = store_stream_items(self.channel_id, seen)
                    if outcome.get("stored") == len(seen):
                        continue
                except Exception:
                    log.exception("stream items of channel %s not stored", self.channel_id)
                finally:
                    close_old_connections()
            self._poll_until_new(poll)

    def _poll_until_new(self, poll) -> None:
        for delay in (0.0, *RETRY_DELAYS):
            if delay and self.stop_event.wait(delay):
                return
            try:
                outcome = poll(self.channel_id)
            except Exception:  # e.g. the database busy: try again shortly
                log.exception("stream poll of channel %s failed", self.channel_id)
                continue
            finally:
                close_old_connections()
            if outcome.get("created") or outcome.get("error") or outcome.get("skipped"):
                return
            if self.wake.is_set():  # rung again meanwhile: start over
                return


def _warm_up() -> None:
    """Loads the triage model now, not on the first mention (seconds, once)."""
    try:
        from accalmie.triage import pipeline

        pipeline.predict(["Bonjour, mon train est en retard"], [None], accurate=False)
        # What the first ingest would otherwise import while a mention waits.
        import accalmie.evidence.capture  # noqa: F401
        import accalmie.evidence.tasks  # noqa: F401
        import accalmie.inbox.enrich  # noqa: F401
    except Exception as exc:  # triage falls back on its own; streaming goes on
        log.warning("triage model not loaded ahead: %s", exc)


_STREAMS: dict[int, ChannelStream] = {}
_LOCK = threading.Lock()


def streamable_channels() -> list[int]:
    ids = []
    for channel in Channel.objects.filter(is_active=True).exclude(credentials_encrypted=""):
        try:
            connector = get_connector(channel)
        except Exception as exc:  # undecryptable credentials: the poll records it too
            log.warning("channel %s cannot stream: %s", channel.name, exc)
            continue
        if hasattr(connector, "stream") and connector.credentials.get("stream_url"):
            ids.append(channel.pk)
    return ids


def ensure_streams(*, force: bool = False) -> int:
    """Keeps one live stream per streamable channel (the periodic job)."""
    if not force and threading.current_thread().name != "accalmie-clock":
        return 0
    wanted = set(streamable_channels())
    with _LOCK:
        for channel_id in list(_STREAMS):
            if channel_id not in wanted:
                _STREAMS.pop(channel_id).stop(timeout=0.5)
        for channel_id in wanted:
            current = _STREAMS.get(channel_id)
            if current is None or not current.alive():
                if current is not None:
                    current.stop(timeout=0.5)
                _STREAMS[channel_id] = ChannelStream(channel_id).start()
        return len(_STREAMS)


def stop_all() -> None:
    with _LOCK:
        for stream in _STREAMS.values():
            stream.stop(timeout=2.0)
        _STREAMS.clear()
