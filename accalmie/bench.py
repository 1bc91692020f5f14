"""`accalmie bench`: ingest rate, inbox page time and search time, measured.

Three figures a team install is sized by, measured through the real code paths:

1. ingest: a JSONL file of realistic French/English messages read with
   ``iter_file`` + ``batched`` and stored with ``ingest_rows`` in batches of
   1,000, exactly as ``accalmie import`` does (messages per second);
2. inbox: the full HTML inbox page ``/`` for an agent, under several filters
   and on later pages (milliseconds per request);
3. search: ``/?q=…`` for words of different frequencies (milliseconds).

Between 1 and 2 the database is filled up to ``--total`` messages (set-up,
not measured) with raw INSERTs that go through the full-text triggers, then
analysed so the planner has statistics, as a long-lived install would.

``prepare_environment`` runs before Django's settings are read: unless
``--database-url`` is given, the bench gets a fresh SQLite database in a
temporary folder, so it never touches a real install.

Everything Django-related is imported inside the functions: this module is
imported by ``accalmie.cli`` before settings exist.
"""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

BATCH_SIZE = 1000  # what `accalmie import` uses by default
BENCH_USERNAME = "bench-agent"
TEAMMATES = ("camille", "jordan", "sasha", "morgan", "alex")
FILL_CHANNELS = (
    ("bluesky-brand", "bluesky"),
    ("mastodon-brand", "mastodon"),
    ("x-brand", "x"),
    ("facebook-brand", "facebook"),
)
INGEST_KINDS = ("x", "bluesky", "mastodon", "facebook", "instagram", "reddit", "youtube", "webhook")


# --------------------------------------------------------------------------- environment


def prepare_environment(argv: list[str]) -> None:
    """Points Accalmie at a fresh temporary SQLite database (unless --database-url)."""
    url = _option(argv, "--database-url")
    data_dir = tempfile.mkdtemp(prefix="accalmie-bench-")
    os.environ["ACCALMIE_DATA_DIR"] = data_dir
    if url:
        os.environ["ACCALMIE_DATABASE_URL"] = url
    else:
        os.environ["ACCALMIE_DATABASE_URL"] = f"sqlite:///{Path(data_dir) / 'bench.sqlite3'}"
    # Demo mode: the placeholder secret key and missing credentials key are fine here.
    os.environ["ACCALMIE_DEMO"] = "1"
    # The command deletes this folder (and the database in it) when done, unless --keep.
    os.environ["ACCALMIE_BENCH_TMPDIR"] = data_dir


def remove_temporary_data() -> str | None:
    """Deletes the folder prepare_environment made (the bench database with it)."""
    import shutil

    from django.db import connections

    data_dir = os.environ.pop("ACCALMIE_BENCH_TMPDIR", "")
    if not data_dir or not Path(data_dir).name.startswith("accalmie-bench-"):
        return None
    connections.close_all()
    shutil.rmtree(data_dir, ignore_errors=True)
    return data_dir


def _option(argv: list[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


# --------------------------------------------------------------------------- messages

FIRST = (
    "Camille Léa Manon Chloé Inès Jade Louise Zoé Hugo Lucas Théo Nathan Louis Jules Gabriel "
    "Raphaël Arthur Maël Noé Éloïse Anaïs Céline Hélène Jérôme Sébastien Françoise Gaëlle "
    "Emma Olivia Amelia Sophie Grace Jack Oliver Harry George Noah Leo Charlie Liam Ethan "
    "Mia Ava Isla Ella Freya Ruby Aisha Omar Yusuf Karim Sofia Mateo Lena Jonas"
).split()
LAST = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent "
    "Lefèvre Michel Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier "
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Evans Walker Wright Hughes "
    "Nguyen Haddad Benali Kowalski Rossi Müller Janssen"
).split()
CITIES = (
    "Nantes",
    "Bordeaux",
    "La Rochelle",
    "Paris",
    "Poitiers",
    "Angoulême",
    "Niort",
    "Saintes",
    "Rochefort",
    "Les Sables-d'Olonne",
    "Lyon",
    "Rennes",
    "Tours",
    "Brest",
    "Quimper",
    "Lorient",
)
FR_OPEN = (
    "",
    "",
    "",
    "Bonjour, ",
    "Salut ",
    "Sérieusement ",
    "Encore une fois, ",
    "Franchement, ",
    "Bonsoir, ",
    "Allô ? ",
)
FR_BODY = (
    "le train de {h}h{m:02d} pour {c} a {n} minutes de retard",
    "impossible de modifier ma réservation sur l'appli depuis ce matin",
    "je demande le remboursement de mon billet {c} – {c2}, train supprimé",
    "merci au contrôleur du {c} – {c2}, très sympa et à l'écoute",
    "la climatisation ne marche pas dans la voiture {v}, on étouffe",
    "grève encore ce matin, aucune information en gare de {c}",
    "où trouver les horaires d'été pour la ligne {c} – {c2} ?",
    "mon vélo a été refusé à bord alors que j'avais réservé une place",
    "quelle honte, quai bondé et personne pour nous répondre à {c}",
    "les toilettes sont fermées depuis {c}, c'est inadmissible",
    "est-ce que la carte Avantage est valable sur le trajet {c} – {c2} ?",
    "bravo pour la ponctualité cette semaine, ça fait plaisir",
    "mon remboursement n'est toujours pas arrivé après {n} jours",
    "le guichet de {c} est fermé, comment je récupère mon billet ?",
    "correspondance ratée à {c} à cause du retard, on fait quoi ?",
    "personnel très aimable à l'accueil de {c}, merci à eux",
    "pourquoi le prix du billet {c} – {c2} a doublé en une semaine ?",
    "le wifi à bord ne fonctionne jamais, c'est une blague",
    "annulation de dernière minute, j'ai perdu ma journée de travail",
    "vous pouvez me dire si le {h}h{m:02d} pour {c} est maintenu demain ?",
)
FR_TAIL = (
    "",
    "",
    "",
    " 😡",
    " 🙏",
    " merci d'avance",
    " vraiment pénible",
    " !!!",
    " 👏",
    " #grève",
    " #retard",
    " comme d'habitude",
    " svp",
)
EN_OPEN = ("", "", "", "Hi, ", "Hello ", "Seriously, ", "Again, ", "Honestly ", "Hey ")
EN_BODY = (
    "the {h}:{m:02d} train to {c} is {n} minutes late again",
    "can't change my booking in the app since this morning",
    "I'd like a refund for my ticket {c} to {c2}, the train was cancelled",
    "thanks to the conductor on the {c} to {c2} line, very helpful",
    "air conditioning broken in coach {v}, it's boiling in here",
    "strike again this morning and no information at {c} station",
    "where can I find the summer timetable for {c} to {c2}?",
    "my bike was refused on board even though I had booked a space",
    "platform packed at {c} and nobody to answer our questions",
    "toilets closed since {c}, this is unacceptable",
    "is the rail pass valid on the {c} to {c2} route?",
    "great punctuality this week, well done",
    "still waiting for my refund after {n} days",
    "the ticket office at {c} is closed, how do I get my ticket?",
    "missed my connection at {c} because of the delay, what now?",
    "lovely staff at the {c} information desk, thank you",
    "why did the fare {c} to {c2} double in a week?",
    "onboard wifi never works, what a joke",
    "last minute cancellation, I lost a whole working day",
    "can you tell me if the {h}:{m:02d} to {c} is running tomorrow?",
)
EN_TAIL = (
    "",
    "",
    "",
    " 😡",
    " 🙏",
    " thanks in advance",
    " so annoying",
    " !!!",
    " 👏",
    " #strike",
    " #delay",
    " as usual",
    " please",
)
RARE_WORD = "kangourou"  # about 1 message in 5,000 mentions the mascot
RARE_TEXTS = ("le {w} en peluche oublié voiture {v}", "lost a {w} plush toy in coach {v}")
KINDS = ("mention",) * 6 + ("comment",) * 2 + ("quote", "direct")


@dataclass
class AuthorProfile:
    network_id: str
    handle: str
    display_name: str
    bio: str
    followers: int
    following: int
    posts: int
    created_at: str
    verified: bool
    lang: str

    def as_payload(self) -> dict:
        return {
            "handle": "@" + self.handle,
            "network_id": self.network_id,
            "display_name": self.display_name,
            "bio": self.bio,
            "followers": self.followers,
            "following": self.following,
            "posts": self.posts,
            "created_at": self.created_at,
            "verified": self.verified,
            "url": f"https://social.example/@{self.handle}",
        }


def make_authors(rng: random.Random, count: int, tag: str) -> list[AuthorProfile]:
    authors = []
    for k in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        handle = f"{_ascii(first)}{rng.choice(('', '_', '.'))}{_ascii(last)}{rng.randint(1, 9999)}"
        lang = "fr" if rng.random() < 0.6 else "en"
        created = datetime(2010, 1, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 5400))
        authors.append(
            AuthorProfile(
                network_id=f"{tag}u{k:05d}",
                handle=handle.lower(),
                display_name=f"{first} {last}",
                bio=rng.choice(
                    (
                        "",
                        "",
                        "Voyageuse quotidienne",
                        "Daily commuter",
                        f"{rng.choice(CITIES)} ⇄ {rng.choice(CITIES)}",
                    )
                ),
                followers=int(rng.paretovariate(1.2) * 40),
                following=rng.randint(0, 2000),
                posts=rng.randint(0, 50000),
                created_at=created.isoformat(),
                verified=rng.random() < 0.01,
                lang=lang,
            )
        )
    return authors


def _ascii(s: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def compose_text(rng: random.Random, lang: str) -> str:
    c, c2 = rng.sample(CITIES, 2)
    values = {
        "c": c,
        "c2": c2,
        "h": rng.randint(5, 22),
        "m": rng.choice((0, 5, 12, 27, 34, 48)),
        "n": rng.choice((5, 10, 15, 20, 30, 45, 60, 90, 120)),
        "v": rng.randint(1, 18),
        "w": RARE_WORD,
    }
    if rng.random() < 0.0002:
        return RARE_TEXTS[lang != "fr"].format(**values)
    if lang == "fr":
        opener, bodies, tail = rng.choice(FR_OPEN), FR_BODY, rng.choice(FR_TAIL)
    else:
        opener, bodies, tail = rng.choice(EN_OPEN), EN_BODY, rng.choice(EN_TAIL)
    body = rng.choice(bodies).format(**values)
    if rng.random() < 0.25:  # a longer message: two sentences
        body += ". " + rng.choice(bodies).format(**values).capitalize()
    text = opener + body + tail
    return text[0].upper() + text[1:]


def generate_messages(
    n: int,
    seed: int = 1,
    tag: str = "b",
    authors: int = 3000,
    days: int = 30,
    now: datetime | None = None,
):
    """Yields `n` message payloads (docs/message-schema.md), oldest first.

    A few thousand authors with a long tail (a few write a lot), French and
    English, about a third replies threaded on recent messages, created_at
    spread over `days`. `tag` makes ids unique across runs.
    """
    rng = random.Random(seed)
    people = make_authors(rng, authors, tag)
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(people))]
    now = now or datetime.now(UTC).replace(microsecond=0)
    start = now - timedelta(days=days)
    span = days * 86400.0
    offsets = sorted(rng.random() * span for _ in range(n))
    recent: list[tuple[str, str]] = []  # (network_id, thread root) of recent messages
    chosen = rng.choices(people, weights=weights, k=n)
    for i, (offset, author) in enumerate(zip(offsets, chosen, strict=True)):
        created = start + timedelta(seconds=offset)
        network_id = f"{tag}{1_800_000_000_000 + i * 7919}"
        lang = author.lang if rng.random() < 0.9 else ("en" if author.lang == "fr" else "fr")
        msg = {
            "network_id": network_id,
            "text": compose_text(rng, lang),
            "created_at": created.isoformat(timespec="milliseconds"),
            "author": author.as_payload(),
            "url": f"https://social.example/@{author.handle}/{network_id}",
            "kind": rng.choice(KINDS),
        }
        if recent and rng.random() < 0.35:
            parent, root = rng.choice(recent[-500:])
            msg["kind"] = "reply"
            msg["in_reply_to"] = parent
            if rng.random() < 0.5:
                msg["thread_id"] = root
            root_id = root
        else:
            root_id = network_id
        if rng.random() < 0.75:  # the network said the language; the rest is detected
            msg["lang"] = lang
        recent.append((network_id, root_id))
        if len(recent) > 2000:
            del recent[:1000]
        yield msg


def write_jsonl(path: Path, messages) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for m in messages:
            fh.write(json.dumps(m, ensure_ascii=False))
            fh.write("\n")
            count += 1
    return count


# --------------------------------------------------------------------------- results


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), int(-(-pct * len(ordered) // 100))))
    return ordered[rank - 1]


@dataclass
class Timing:
    label: str
    url: str
    samples_ms: list[float] = field(default_factory=list)
    rows: int = 0  # rows shown on the page
    queries: int = 0

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "url": self.url,
            "p50_ms": round(self.p50, 2),
            "p95_ms": round(self.p95, 2),
            "max_ms": round(max(self.samples_ms), 2),
            "n": len(self.samples_ms),
            "rows_on_page": self.rows,
        }


@dataclass
class IngestRun:
    run: int
    messages: int
    created: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


# --------------------------------------------------------------------------- set-up


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def ensure_users():
    """The bench agent (role group `agent`) and a few teammates to own messages."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from accalmie.accounts.roles import AGENT

    User = get_user_model()
    group = Group.objects.get(name=AGENT)
    users = []
    for name in (BENCH_USERNAME, *TEAMMATES):
        user, created = User.objects.get_or_create(
            username=name, defaults={"first_name": name.split("-")[0].capitalize()}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(group)
        users.append(user)
    return users[0], users


def ensure_channel(name: str, kind: str):
    from accalmie.channels.models import Channel

    channel, _ = Channel.objects.get_or_create(name=name, defaults={"kind": kind})
    return channel


def bench_ingest(
    messages: int, runs: int, workdir: Path, log: Callable[[str], None] = print, seed: int = 11
) -> list[IngestRun]:
    """Times `accalmie import`'s loop (iter_file + batched + ingest_rows) on fresh channels.

    Each run gets its own channel and its own authors (ids tagged by run), so
    every run stores the same amount of new data. Runs follow one another in
    the same database: run k writes next to the (k-1)·N messages before it.
    """
    from accalmie.inbox.enrich import enrich
    from accalmie.inbox.importing import batched, iter_file
    from accalmie.inbox.ingest import IngestReport, ingest_rows
    from accalmie.inbox.models import Message

    enrich([Message(text="bonjour")])  # loads the language model once, outside the timing
    results = []
    stamp = int(time.time())
    for run in range(1, runs + 1):
        tag = f"r{stamp % 100000}x{run}-"
        path = workdir / f"ingest-run{run}.jsonl"
        t0 = time.perf_counter()
        count = write_jsonl(path, generate_messages(messages, seed=seed, tag=tag))
        log(
            f"  run {run}: wrote {count:,} messages to {path.name} "
            f"({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s"
        )
        kind = INGEST_KINDS[(run - 1) % len(INGEST_KINDS)]
        channel = ensure_channel(f"import-run-{stamp % 100000}-{run}", kind)
        report = IngestReport()
        t0 = time.perf_counter()
        for chunk in batched(iter_file(path), BATCH_SIZE):
            report.merge(ingest_rows(channel, chunk))
        seconds = time.perf_counter() - t0
        if report.errors:
            raise RuntimeError(f"generated rows were refused: {report.errors[:3]}")
        result = IngestRun(
            run=run, messages=report.received, created=report.created, seconds=seconds
        )
        results.append(result)
        log(f"  run {run}: {result.created:,} stored in {seconds:.1f} s → {result.rate:,.0f} msg/s")
        path.unlink()
    return results


def fill(
    total: int,
    users,
    log: Callable[[str], None] = print,
    seed: int = 23,
    chunk: int = 20_000,
    authors_per_channel: int = 1500,
) -> int:
    """Adds messages up to `total` with raw INSERTs (set-up, not measured).

    The FTS triggers stay active, so every row is searchable. Workflow state is
    spread the way a working team leaves it: most old messages resolved or
    closed, owners on a third, a category on most.
    """
    from django.db import connection, transaction

    from accalmie.inbox.models import Message
    from accalmie.people.models import Author

    existing = Message.objects.count()
    missing = total - existing
    if missing <= 0:
        return 0
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    adapt = connection.ops.adapt_datetimefield_value
    channels = [ensure_channel(name, kind) for name, kind in FILL_CHANNELS]
    author_ids: dict[int, list[int]] = {}
    tag = f"fill{int(time.time()) % 100000}-"
    for channel in channels:
        people = make_authors(rng, authors_per_channel, f"{tag}{channel.kind}-")
        Author.objects.bulk_create(
            [
                Author(
                    network=channel.kind,
                    network_id=p.network_id,
                    handle=p.handle,
                    display_name=p.display_name,
                    bio=p.bio,
                    followers=p.followers,
                    following=p.following,
                    posts=p.posts,
                    verified=p.verified,
                    url=f"https://social.example/@{p.handle}",
                    first_seen_at=now,
                    last_seen_at=now,
                )
                for p in people
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
        author_ids[channel.pk] = list(
            Author.objects.filter(
                network=channel.kind, network_id__startswith=f"{tag}{channel.kind}-"
            ).values_list("id", flat=True)
        )
    user_ids = [u.pk for u in users]
    statuses = [
        "new",
        "assigned",
        "drafting",
        "awaiting_approval",
        "replied",
        "resolved",
        "monitoring",
        "closed",
    ]
    status_w = [22, 8, 3, 1, 10, 30, 4, 22]
    categories = ["", "threat", "abuse", "negative", "question", "praise", "spam", "other"]
    category_w = [15, 0.3, 3, 30, 25, 10, 6, 10.7]
    meta = Message._meta
    columns = [
        "channel",
        "network_id",
        "author",
        "kind",
        "text",
        "language",
        "url",
        "in_reply_to",
        "thread_key",
        "raw",
        "created_at",
        "received_at",
        "status",
        "assignee",
        "category",
        "priority",
        "due_at",
    ]
    # Any other column (added since) gets its model default.
    others = [f for f in meta.concrete_fields if not f.primary_key and f.name not in set(columns)]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    names = [meta.get_field(c).column for c in columns] + [f.column for f in others]
    cols = ", ".join(connection.ops.quote_name(name) for name in names)
    holders = ["%s"] * len(names)
    if connection.vendor == "postgresql":
        holders[columns.index("raw")] = "%s::jsonb"
    # Names come from the model, values are placeholders: nothing outside reaches the SQL.
    table = connection.ops.quote_name(meta.db_table)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(holders)})"  # noqa: S608
    received = adapt(now)
    t0 = time.perf_counter()
    done = 0
    gen = generate_messages(missing, seed=seed, tag=tag, authors=200)
    while done < missing:
        rows = []
        for msg in _take(gen, min(chunk, missing - done)):
            channel = channels[rng.randrange(len(channels))]
            created = datetime.fromisoformat(msg["created_at"])
            status = rng.choices(statuses, status_w)[0]
            owner = None
            if status != "new" and rng.random() < 0.8:
                owner = user_ids[0] if rng.random() < 0.15 else rng.choice(user_ids[1:])
            category = rng.choices(categories, category_w)[0]
            due = (
                adapt(created + timedelta(hours=4))
                if status in ("new", "assigned") and category in ("negative", "question", "threat")
                else None
            )
            raw = dict(msg)
            raw["author"] = {"handle": msg["author"]["handle"]}
            thread = msg.get("thread_id") or msg.get("in_reply_to") or msg["network_id"]
            language = msg.get("lang") or ("fr" if " le " in msg["text"] else "en")
            if rng.random() < 0.02:
                language = "other"
            rows.append(
                (
                    channel.pk,
                    msg["network_id"],
                    rng.choice(author_ids[channel.pk]),
                    msg["kind"],
                    msg["text"],
                    language,
                    msg["url"],
                    msg.get("in_reply_to", ""),
                    thread,
                    json.dumps(raw, ensure_ascii=False),
                    adapt(created),
                    received,
                    status,
                    owner,
                    category,
                    {"threat": 3, "abuse": 2, "negative": 1}.get(category, 0),
                    due,
                    *defaults,
                )
            )
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        done += len(rows)
        if done % 100_000 < chunk or done == missing:
            rate = done / (time.perf_counter() - t0)
            log(f"  filled {existing + done:,} / {total:,} ({rate:,.0f} rows/s)")
    return done


def _take(it, n):
    for _ in range(n):
        try:
            yield next(it)
        except StopIteration:
            return


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def search_index_problem() -> str | None:
    """On SQLite: why new messages would not be searchable, or None when they are.

    The FTS5 index is kept by triggers (migration 0002); a later migration that
    makes SQLite rebuild inbox_message (AddField with a default, for one) drops
    them silently. The bench then rebuilds the index once so that the search
    timings are still taken on an indexed table, and says so.
    """
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'inbox_message'"
        )
        triggers = {row[0] for row in cursor.fetchall()}
    missing = sorted(
        {"inbox_message_fts_ai", "inbox_message_fts_ad", "inbox_message_fts_au"} - triggers
    )
    if missing:
        return "FTS triggers missing on inbox_message: " + ", ".join(missing)
    return None


def rebuild_search_index() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO inbox_message_fts(inbox_message_fts) VALUES ('rebuild')")


# --------------------------------------------------------------------------- web timings


def _client(user):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


CURSOR_RE = re.compile(r"[?&;]cursor=([A-Za-z0-9_-]+)")


def next_cursor(html: str) -> str | None:
    """The cursor of the "Older messages" link (after id="more"; other links may carry one)."""
    start = html.find('id="more"')
    matches = CURSOR_RE.findall(html[start:] if start >= 0 else html)
    return matches[-1] if matches else None


def inbox_cases(channel_name: str, user_id: int) -> list[tuple[str, str, int]]:
    """(label, query string, page number): page > 1 follows the "Older messages" link."""
    return [
        ("all", "", 1),
        ("channel", f"channel={channel_name}", 1),
        ("status=new", "status=new", 1),
        ("status=open", "status=open", 1),
        ("owner=me", "owner=me", 1),
        ("owner=unassigned", "owner=unassigned", 1),
        ("owner=mine_or_unassigned", "owner=mine_or_unassigned", 1),
        ("language=fr", "language=fr", 1),
        ("category=question", "category=question", 1),
        ("category=threat (rare)", "category=threat", 1),
        ("channel+status=new", f"channel={channel_name}&status=new", 1),
        ("all, page 2", "", 2),
        ("all, page 5", "", 5),
        ("status=new, page 3", "status=new", 3),
        ("language=fr, page 2", "language=fr", 2),
    ]


SEARCH_CASES = [
    ("common (retard)", "retard"),
    ("common EN (refund)", "refund"),
    ("rare (kangourou)", RARE_WORD),
    ("accented FR (réservation)", "réservation"),
    ("two words (remboursement billet)", "remboursement billet"),
    ("prefix (rembour)", "rembour"),
    ("no match (zzyzx)", "zzyzx"),
    ("search + status=new (retard)", "retard&status=new"),
]


def _resolve_page(client, query: str, page_no: int) -> str:
    url = "/?" + query if query else "/"
    for _ in range(page_no - 1):
        response = client.get(url)
        cursor = next_cursor(response.content.decode())
        if cursor is None:
            break
        url = "/?" + (query + "&" if query else "") + "cursor=" + cursor
    return url


def time_requests(
    client, label: str, url: str, repeat: int, warmup: int = 2, reconnect: bool = True
) -> Timing:
    """GETs `url` warmup + repeat times; each timed request pays what a request
    pays in production with CONN_MAX_AGE=0 (a fresh database connection)."""
    from django.db import connection

    timing = Timing(label=label, url=url)
    for i in range(warmup + repeat):
        if reconnect:
            connection.close()
        t0 = time.perf_counter()
        response = client.get(url)
        body = response.content
        elapsed = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        # rows of the stream only (the open-threats strip above it is not the page)
        stream = body.split(b'id="rows"', 1)[-1]
        timing.rows = stream.count(b'<li class="row ')
        if i >= warmup:
            timing.samples_ms.append(elapsed)
    return timing


def bench_inbox(
    user,
    channel_name: str,
    repeat: int = 30,
    log: Callable[[str], None] = print,
    reconnect: bool = True,
    warmup: int = 2,
    only: set[str] | None = None,
) -> list[Timing]:
    client = _client(user)
    results = []
    for label, query, page_no in inbox_cases(channel_name, user.pk):
        if only is not None and label not in only:
            continue
        url = _resolve_page(client, query, page_no)
        timing = time_requests(client, label, url, repeat, warmup, reconnect=reconnect)
        log(
            f"  {label:<28} p50 {timing.p50:7.1f} ms  p95 {timing.p95:7.1f} ms  ({timing.rows} rows)"
        )
        results.append(timing)
    return results


def bench_search(
    user,
    repeat: int = 30,
    log: Callable[[str], None] = print,
    reconnect: bool = True,
    warmup: int = 2,
    only: set[str] | None = None,
) -> list[Timing]:
    from urllib.parse import quote

    client = _client(user)
    results = []
    for label, q in SEARCH_CASES:
        if only is not None and label not in only:
            continue
        word, _, extra = q.partition("&")
        url = "/?q=" + quote(word) + ("&" + extra if extra else "")
        timing = time_requests(client, label, url, repeat, warmup, reconnect=reconnect)
        log(
            f"  {label:<34} p50 {timing.p50:7.1f} ms  p95 {timing.p95:7.1f} ms  ({timing.rows} rows)"
        )
        results.append(timing)
    return results


def overall(timings: list[Timing]) -> dict:
    samples = [s for t in timings for s in t.samples_ms]
    return {
        "p50_ms": round(percentile(samples, 50), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "max_ms": round(max(samples), 2),
        "n": len(samples),
    }


def explain(sql_and_params: tuple[str, tuple]) -> list[str]:
    from django.db import connection

    sql, params = sql_and_params
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN " + sql, params)
        return [row[0] for row in cursor.fetchall()]


def page_sql(query: str, user) -> tuple[str, tuple]:
    """The SQL of the inbox page query for a query string (for EXPLAIN)."""
    from django.http import QueryDict

    from accalmie.inbox import queries

    f = queries.InboxFilter.from_params(QueryDict(query))
    qs = (
        queries.filtered(f, user)
        .select_related("channel", "author", "assignee")
        .order_by("-created_at", "-id")[:51]
    )
    return qs.query.sql_with_params()


def summary_dict(
    ingest: list[IngestRun], inbox: list[Timing], search: list[Timing], info: dict
) -> dict:
    rates = [r.rate for r in ingest]
    return {
        **info,
        "ingest": {
            "median_msg_per_s": round(statistics.median(rates), 1) if rates else None,
            "runs": [{**asdict(r), "msg_per_s": round(r.rate, 1)} for r in ingest],
        },
        "inbox": {
            "overall": overall(inbox) if inbox else None,
            "cases": [t.as_dict() for t in inbox],
        },
        "search": {
            "overall": overall(search) if search else None,
            "cases": [t.as_dict() for t in search],
        },
    }
