import json
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accalmie import bench
from accalmie.inbox.models import Message

TARGETS = {"ingest_msg_per_s": 6000, "inbox_p95_ms": 150, "search_p95_ms": 300}


class Command(BaseCommand):
    help = (
        "Benchmarks ingest (messages/s through the import path), the inbox page and search "
        "(ms per request). Uses a fresh temporary SQLite database unless --database-url is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "suite",
            nargs="?",
            default="inbox",
            choices=["inbox", "triage", "dashboard", "bluesky"],
            help="inbox (default): ingest, inbox and search; triage: the models' speed and memory",
        )
        parser.add_argument(
            "--messages",
            type=int,
            default=100_000,
            help="messages imported per ingest run (default 100,000)",
        )
        parser.add_argument(
            "--total",
            type=int,
            default=1_000_000,
            help="messages in the database for the inbox and search timings",
        )
        parser.add_argument(
            "--mentions",
            type=int,
            default=50,
            help="bluesky: mentions posted on the local network and timed (default 50)",
        )
        parser.add_argument("--runs", type=int, default=3, help="ingest runs (median reported)")
        parser.add_argument(
            "--requests",
            type=int,
            default=30,
            help="timed requests per inbox filter and per search",
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help="benchmark this database instead of a fresh SQLite file "
            "(read by `accalmie bench` before settings load)",
        )
        parser.add_argument(
            "--json", dest="json_out", type=Path, default=None, help="write the figures here"
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep the temporary database afterwards (its path is printed first)",
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="print the query plan of each inbox and search query",
        )

    def handle(self, *args, suite: str = "inbox", keep: bool = False, **opts):
        if suite == "triage":
            bench.remove_temporary_data()
            return self._bench_triage(opts["runs"], opts["json_out"])
        if suite == "bluesky":  # channels/bench.py: mention -> triaged case, on the devnet
            from accalmie.channels import bench as bluesky_bench

            try:
                bench.migrate()
                result = bluesky_bench.run(opts["mentions"], log=self._log)
                if opts["json_out"] is not None:
                    opts["json_out"].write_text(_dumps(result))
            finally:
                if not keep and (removed := bench.remove_temporary_data()):
                    self.stdout.write(f"removed the temporary database in {removed}")
            return
        if suite == "dashboard":  # insights/bench.py: the dashboard at --total messages
            from accalmie.insights import bench as dashboard_bench

            try:
                result = dashboard_bench.run(opts["total"], opts["requests"], log=self._log)
                if opts["json_out"] is not None:
                    opts["json_out"].write_text(_dumps(result))
            finally:
                if not keep and (removed := bench.remove_temporary_data()):
                    self.stdout.write(f"removed the temporary database in {removed}")
            return
        if opts["messages"] < 1 or opts["runs"] < 1 or opts["requests"] < 1:
            raise CommandError("--messages, --runs and --requests must be at least 1")
        try:
            self._bench(**opts)
        finally:
            if not keep and (removed := bench.remove_temporary_data()):
                self.stdout.write(f"removed the temporary database in {removed}")

    def _bench_triage(self, runs: int, json_out: Path | None) -> None:
        from accalmie.triage import ml

        self.stdout.write(f"triage bench: {max(runs, 3)} runs of 20,000 messages (medians)")
        figures = ml.bench(n=20_000, runs=max(runs, 3))
        for key, value in figures.items():
            self.stdout.write(f"  {key}: {value}")
        self.stdout.write(
            "targets: fast tier >= 20,000 msg/s on one core; both tiers >= 6,000 "
            "msg/s on 2 cores; resident memory < 1 GB"
        )
        if json_out:
            json_out.write_text(json.dumps(figures, indent=2, default=str))

    def _bench(self, *, messages, total, runs, requests, json_out: Path | None, explain, **opts):
        db = settings.DATABASES["default"]
        self.stdout.write(f"database: {connection.vendor} {db.get('NAME')}")
        started = time.perf_counter()
        bench.migrate()
        user, users = bench.ensure_users()

        self.stdout.write(
            f"\n1. Ingest: {runs} × {messages:,} messages through iter_file + "
            f"batched({bench.BATCH_SIZE}) + ingest_rows"
        )
        with tempfile.TemporaryDirectory(prefix="accalmie-bench-files-") as workdir:
            ingest = bench.bench_ingest(messages, runs, Path(workdir), log=self._log)

        self.stdout.write(f"\n2. Filling up to {total:,} messages (set-up, not measured)")
        t0 = time.perf_counter()
        bench.fill(total, users, log=self._log)
        fts_problem = bench.search_index_problem()
        if fts_problem:
            self.stdout.write(
                f"  WARNING: {fts_problem}. Messages stored from now on are NOT searchable; "
                "rebuilding the index once so the search timings mean something."
            )
            bench.rebuild_search_index()
        bench.analyze()
        count = Message.objects.count()
        self.stdout.write(f"  {count:,} messages, analysed, in {time.perf_counter() - t0:.0f} s")

        channel_name = bench.FILL_CHANNELS[2][0]
        self.stdout.write(
            f"\n3. Inbox page `/` (full HTML), {requests} timed requests per case "
            f"after 2 warm-ups, logged in as {user.username} (agent)"
        )
        inbox = bench.bench_inbox(user, channel_name, repeat=requests, log=self._log)
        self.stdout.write(f"\n4. Search `/?q=…`, {requests} timed requests per case")
        search = bench.bench_search(user, repeat=requests, log=self._log)

        info = {
            "database": connection.vendor,
            "messages_in_db": count,
            "messages_per_run": messages,
            "runs": runs,
            "requests_per_case": requests,
            "seconds": round(time.perf_counter() - started, 1),
            "search_index_problem": fts_problem,
        }
        if connection.vendor == "sqlite":
            import sqlite3

            info["sqlite_version"] = sqlite3.sqlite_version
        result = bench.summary_dict(ingest, inbox, search, info)
        if explain:
            result["plans"] = self._explain(user, channel_name)
        self._table(result)
        if json_out is not None:
            json_out.write_text(_dumps(result))
            self.stdout.write(f"\nfigures written to {json_out}")

    def _log(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def _explain(self, user, channel_name) -> dict:
        plans = {}
        cases = [
            (label, query)
            for label, query, page_no in bench.inbox_cases(channel_name, user.pk)
            if page_no == 1
        ]
        cases += [(label, "q=" + q) for label, q in bench.SEARCH_CASES]
        self.stdout.write("\nQuery plans")
        for label, query in cases:
            plan = bench.explain(bench.page_sql(query, user))
            plans[label] = plan
            self.stdout.write(f"  {label}:")
            for line in plan:
                self.stdout.write(f"      {line}")
        return plans

    def _table(self, r: dict) -> None:
        w = self.stdout.write
        w("\n" + "=" * 78)
        w(
            f"Accalmie bench — {r['database']}, {r['messages_in_db']:,} messages "
            f"({r['seconds']:.0f} s in all)"
        )
        w("=" * 78)
        if r.get("search_index_problem"):
            w(f"WARNING: {r['search_index_problem']} (index rebuilt once for the timings)")
        rates = [run["msg_per_s"] for run in r["ingest"]["runs"]]
        median = r["ingest"]["median_msg_per_s"]
        w(
            f"Ingest          median {median:>10,.0f} msg/s   runs: "
            + ", ".join(f"{x:,.0f}" for x in rates)
            + f"   (target >= {TARGETS['ingest_msg_per_s']:,}: {_ok(median >= TARGETS['ingest_msg_per_s'])})"
        )
        if len(rates) > 1:
            w(f"                spread {statistics.pstdev(rates) / statistics.mean(rates):.1%}")
        for key, title in (("inbox", "Inbox page"), ("search", "Search")):
            target = TARGETS[f"{key}_p95_ms"]
            o = r[key]["overall"]
            w(f"\n{title:<36} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'rows':>5}")
            w("-" * 78)
            for case in r[key]["cases"]:
                flag = "  <-- over target" if case["p95_ms"] >= target else ""
                w(
                    f"{case['label']:<36} {case['p50_ms']:>9.1f} {case['p95_ms']:>9.1f} "
                    f"{case['max_ms']:>9.1f} {case['rows_on_page']:>5}{flag}"
                )
            w("-" * 78)
            w(
                f"{'overall':<36} {o['p50_ms']:>9.1f} {o['p95_ms']:>9.1f} {o['max_ms']:>9.1f}"
                f"        (p95 target < {target} ms: {_ok(o['p95_ms'] < target)})"
            )


def _ok(flag: bool) -> str:
    return "met" if flag else "MISSED"


def _dumps(result: dict) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
