"""`accalmie bench bluesky`: from a mention posted to a triaged case in the inbox.

Starts the local Bluesky network (accalmie.testing.bluesky; or reuses the one
in ACCALMIE_BLUESKY_DEVNET), connects a channel with a firehose ``stream_url``
and runs the same stream threads as the worker (ChannelStream: firehose
doorbell, then the ordinary poll and ingest). Outside accounts then post
mentions of the brand one after another; for each, the clock runs from the
moment the post call returns (the post exists on the network) until the
message is in the database with its triage (category, priority, and a
deadline where one applies) — what the inbox page reads. Never against a real network: the devnet only.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from types import SimpleNamespace


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _devnet():
    running = os.environ.get("ACCALMIE_BLUESKY_DEVNET")
    if running:
        info = json.loads(running)
        return SimpleNamespace(info=info, pds=info["pds"], stop=lambda: None), False
    from accalmie.testing.bluesky.launcher import start

    devnet = start()
    return devnet, True


def run(mentions: int = 50, authors: int = 5, *, log=print) -> dict:
    from accalmie.channels.actions import connect_credentials, create_channel
    from accalmie.channels.streaming import ChannelStream
    from accalmie.inbox.models import Message
    from accalmie.testing.bluesky.accounts import (
        PASSWORD,
        make_account,
        mention,
        unique_handle,
    )

    t_start = time.perf_counter()
    devnet, started = _devnet()
    log(f"devnet: {devnet.info['pds']} ({'started' if started else 'reused'})")
    try:
        brand_handle = unique_handle("brand")
        brand = make_account(devnet.pds, brand_handle)
        people = [make_account(devnet.pds, unique_handle("user")) for _ in range(authors)]
        channel, _ = create_channel(name=f"bench-{brand_handle.split('.')[0]}", kind="bluesky")
        channel = connect_credentials(
            channel,
            {
                "service": devnet.pds,
                "handle": brand_handle,
                "app_password": PASSWORD,
                "plc_url": devnet.info["plc"],
                "stream_url": devnet.pds.replace("http://", "ws://", 1) + "/xrpc",
            },
        )
        stream = ChannelStream(channel.pk).start()
        if not stream.ready.wait(120):
            raise RuntimeError("the stream did not start")
        time.sleep(1.0)
        samples, post_calls = [], []
        texts = [
            "mon train a 40 minutes de retard, remboursement ?",
            "where is my refund? third time I ask",
            "merci pour l'info sur les travaux",
            "vous êtes vraiment des incapables",
            "le wifi ne marche pas dans le TGV",
        ]
        try:
            for i in range(mentions):
                author = people[i % len(people)]
                t0 = time.perf_counter()
                post = mention(author, brand_handle, brand.me.did, "Bonjour ", " " + texts[i % 5])
                posted = time.perf_counter()
                post_calls.append((posted - t0) * 1000)
                deadline = posted + 30
                while time.perf_counter() < deadline:
                    if (
                        Message.objects.filter(channel=channel, network_id=post.uri)
                        .exclude(category="")
                        .exists()
                    ):
                        break
                    time.sleep(0.01)
                else:
                    raise RuntimeError(f"mention {i} not in the inbox after 30 s")
                samples.append((time.perf_counter() - posted) * 1000)
                log(f"  mention {i + 1:>3}/{mentions}: {samples[-1]:7.0f} ms")
                time.sleep(0.2)
        finally:
            stream.stop()
    finally:
        devnet.stop()
    figures = {
        "mentions": mentions,
        "p50_ms": round(_percentile(samples, 50)),
        "p95_ms": round(_percentile(samples, 95)),
        "max_ms": round(max(samples)),
        "mean_ms": round(statistics.fmean(samples)),
        "post_call_p50_ms": round(_percentile(post_calls, 50)),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "seconds": round(time.perf_counter() - t_start, 1),
        "samples_ms": [round(s) for s in samples],
    }
    log(
        f"mention -> triaged in the inbox: p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, max {figures['max_ms']} ms over {mentions} mentions "
        f"(target p95 < 1000 ms; load average {figures['load_average']} on "
        f"{figures['cpus']} CPUs)"
    )
    return figures
