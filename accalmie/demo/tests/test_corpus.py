"""Tests of the demo workspace's sample traffic (pure Python, no Django needed)."""

import difflib
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import pytest

from accalmie.demo.corpus import (
    ANGRY_CUSTOMER_TEXT,
    LABELS,
    THREAT_TEXT,
    DemoItem,
    DemoWorkspace,
    generate,
)

UTC = UTC
NOW = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)  # a Monday, 9:00 in Paris (journey 1)
NOWS = [
    NOW,
    datetime(2025, 7, 5, 1, 30, tzinfo=UTC),  # Saturday night, summer time
    datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),  # year boundary, microseconds
    datetime(2026, 1, 14, 15, 12, 7, tzinfo=timezone(timedelta(hours=-5))),  # other zone
]
KINDS = {"mention", "reply", "comment", "quote", "direct"}
ID_RE = {
    "bluesky": re.compile(r"^at://did:plc:[a-z2-7]{24}/app\.bsky\.feed\.post/[2-7a-z]{13}$"),
    "mastodon": re.compile(r"^\d{17,19}$"),
    "x": re.compile(r"^\d{18,20}$"),
    "facebook": re.compile(r"^(\d{15,17}_\d{15,17}|m_[A-Za-z0-9_-]{43})$"),
}
URL_HOST = {
    "bluesky": ("https://bsky.app/profile/",),
    "x": ("https://x.com/",),
    "facebook": ("https://www.facebook.com/",),
    "mastodon": tuple(
        f"https://{h}/@"
        for h in ("mastodon.social", "piaille.fr", "mamot.fr", "framapiaf.org", "mastodon.online")
    ),
}


@pytest.fixture(scope="module")
def ws():
    return generate(NOW)


@pytest.fixture(scope="module", params=NOWS, ids=lambda d: d.isoformat())
def any_ws(request):
    return request.param, generate(request.param)


def _dt(s):
    return datetime.fromisoformat(s)


def _kind(ws, channel):
    return {c["name"]: c["kind"] for c in ws.channels}[channel]


# ------------------------------------------------------------------ shape


def test_workspace_shape(ws):
    assert isinstance(ws, DemoWorkspace)
    assert ws.brand["name"] == "Rail Atlantique"
    assert ws.brand["description"]
    kinds = [c["kind"] for c in ws.channels]
    assert len(set(kinds)) >= 4 and {"bluesky", "mastodon", "x", "facebook"} <= set(kinds)
    for c in ws.channels:
        assert set(c) == {"name", "kind", "handle"}
        assert re.fullmatch(r"[a-z]+-[a-z0-9-]+", c["name"])
        assert ws.brand["handles"][c["kind"]] == c["handle"]
    assert all(isinstance(i, DemoItem) for i in ws.items)
    assert all(i.label in LABELS for i in ws.items)


def test_posts(ws):
    names = {c["name"] for c in ws.channels}
    assert {p["channel"] for p in ws.posts} == names  # at least one per channel
    for p in ws.posts:
        assert {"network_id", "channel", "text", "created_at"} <= set(p)
        assert NOW - timedelta(days=7) < _dt(p["created_at"]) < NOW
    strike = [p for p in ws.posts if p["topic"] == "strike"]
    assert strike and all("Mouvement social" in p["text"] for p in strike)
    assert any(p["topic"] == "timetable" for p in ws.posts)


# ------------------------------------------------------------------ counts


def test_volume_languages_labels(ws):
    items = ws.items
    assert len(items) >= 320
    langs = Counter(i.message["lang"] for i in items)
    assert set(langs) == {"fr", "en"}
    assert 0.52 <= langs["fr"] / len(items) <= 0.72
    labels = Counter(i.label for i in items)
    minimum = {
        "negative": 100,
        "question": 45,
        "praise": 20,
        "other": 30,
        "spam": 30,
        "abuse": 12,
        "threat": 1,
    }
    for label, n in minimum.items():
        assert labels[label] >= n, (label, labels)
    assert labels["threat"] <= 2
    for label in ("negative", "question", "spam", "abuse"):
        assert {i.message["lang"] for i in items if i.label == label} == {"fr", "en"}, label
    per_channel = Counter(i.channel for i in items)
    assert all(per_channel[c["name"]] >= 30 for c in ws.channels)


def test_content_kinds(ws):
    texts = [i.message["text"] for i in ws.items]
    spam = [i.message["text"] for i in ws.items if i.label == "spam"]
    numerology = [i.message["text"] for i in ws.items if "spam:angel" in i.tags]
    assert len(numerology) >= 15 and all(
        i.label == "spam" for i in ws.items if "spam:angel" in i.tags
    )
    source_lines = ("Nombre D'Anges", "signification de 555", "voir 7 11", "qu'est-ce que 12 12")
    assert (
        sum(any(s in t for s in source_lines) for t in numerology) >= 6
    )  # the seed page's own spam
    assert any("airdrop" in t.lower() or "$ATLC" in t for t in spam)
    assert any("followers" in t or "abonnés" in t for t in spam)
    phishing = [i for i in ws.items if "phishing" in i.tags]
    assert len(phishing) >= 5 and all(
        i.label == "spam" and i.message.get("in_reply_to") for i in phishing
    )
    angry = [
        t
        for i, t in zip(ws.items, texts, strict=True)
        if i.label == "negative" and ("!!!" in t or re.search(r"\b[A-ZÀ-Ü]{5,}\b", t))
    ]
    assert len(angry) >= 30
    assert (
        sum(w in t.lower() for t in texts for w in ("putain", "bordel", "merde", "ffs", "bloody"))
        >= 5
    )
    questions = [t.lower() for i, t in zip(ws.items, texts, strict=True) if i.label == "question"]
    topics = [
        ("vélo", "bike"),
        ("wifi",),
        ("chien", "dog", "chat", "cat "),
        ("fauteuil", "wheelchair", "pmr", "step-free", "ascenseur", "malvoyante", "sighted"),
        ("rembours", "refund", "compensation"),
        ("horaires", "first train", "later train", "circule", "run during"),
    ]
    for words in topics:
        assert sum(any(w in t for w in words) for t in questions) >= 3, words
    for station in ("Nantes", "Bordeaux", "La Rochelle", "Paris-Montparnasse"):
        assert sum(station in t for t in texts) >= 5, station


def test_texts_are_varied(ws):
    texts = [i.message["text"] for i in ws.items]
    assert len(set(texts)) == len(texts)
    # near-duplicates are rare: compare each message with a sample of same-label ones
    by_label = {}
    for i in ws.items:
        by_label.setdefault(i.label, []).append(i.message["text"])
    close = total = 0
    for group in by_label.values():
        for a, b in zip(group, group[1:], strict=False):
            total += 1
            close += difflib.SequenceMatcher(None, a, b).ratio() > 0.9
    assert close / total < 0.05


def test_authors_are_plausible(ws):
    by_handle = {}
    for i in ws.items:
        a = i.message["author"]
        by_handle.setdefault((i.channel, a["handle"]), set()).add(a["network_id"])
    assert all(len(ids) == 1 for ids in by_handle.values())  # one handle = one account
    followers = sorted(i.message["author"]["followers"] for i in ws.items)
    median = followers[len(followers) // 2]
    assert 30 <= median <= 600 and followers[-1] >= 5000
    assert any(i.message["author"]["verified"] for i in ws.items)
    names = {i.message["author"]["display_name"] for i in ws.items}
    bios = {i.message["author"]["bio"] for i in ws.items}
    assert any("<b>" in n for n in names)
    assert any(re.search(r"[\u0590-\u08ff]", n) for n in names)  # right-to-left script
    assert any(sum(ord(ch) > 0x1F000 for ch in n) >= 4 for n in names)  # emoji-heavy
    assert any("<script>" in b for b in bios)
    repeaters = Counter((i.channel, i.message["author"]["handle"]) for i in ws.items)
    assert sum(1 for n in repeaters.values() if n >= 2) >= 20


# ------------------------------------------------------------------ schema


def _check_message(m, now, net):
    assert list(m)[:4] == ["network_id", "text", "created_at", "author"]
    assert isinstance(m["network_id"], str) and 1 <= len(m["network_id"]) <= 255
    assert ID_RE[net].match(m["network_id"]), m["network_id"]
    assert isinstance(m["text"], str) and len(m["text"]) <= 100_000 and m["text"].strip()
    created = _dt(m["created_at"])
    assert created.tzinfo is not None
    assert now - timedelta(days=7) <= created < now
    a = m["author"]
    assert isinstance(a["handle"], str) and 1 <= len(a["handle"]) <= 255
    for key in ("network_id", "display_name", "bio"):
        assert isinstance(a[key], str)
    for key in ("followers", "following", "posts"):
        assert isinstance(a[key], int) and not isinstance(a[key], bool) and a[key] >= 0
    assert isinstance(a["verified"], bool)
    acreated = _dt(a["created_at"])
    assert acreated.tzinfo is not None and acreated < created
    assert a["url"].startswith(URL_HOST[net])
    if net != "facebook":
        assert a["handle"].startswith("@")
    if "url" in m:
        assert m["url"].startswith(URL_HOST[net])
    else:
        assert m["kind"] == "direct"
    assert m["kind"] in KINDS
    assert isinstance(m["thread_id"], str)
    if "in_reply_to" in m:
        assert isinstance(m["in_reply_to"], str) and m["kind"] in {"reply", "comment"}
    assert m["lang"] in {"fr", "en"}
    if net == "facebook":
        assert m["kind"] in {"comment", "mention", "direct"}
    else:
        assert m["kind"] != "comment"
    json.dumps(m)


def test_schema_every_message(any_ws):
    now, ws = any_ws
    now = now.astimezone(UTC)
    assert len(ws.items) >= 320
    for i in ws.items:
        _check_message(i.message, now, _kind(ws, i.channel))


def test_naive_now_is_utc():
    assert generate(NOW.replace(tzinfo=None)) == generate(NOW)


def test_unique_ids_per_channel(any_ws):
    _, ws = any_ws
    keys = [(i.channel, i.message["network_id"]) for i in ws.items]
    keys += [(p["channel"], p["network_id"]) for p in ws.posts]
    assert len(keys) == len(set(keys))


def test_urls_match_ids(ws):
    for i in ws.items:
        m, net = i.message, _kind(ws, i.channel)
        if "url" not in m:
            continue
        if net == "x":
            assert m["url"] == f"https://x.com/{m['author']['handle'][1:]}/status/{m['network_id']}"
        elif net == "mastodon":
            assert m["url"].endswith("/" + m["network_id"])
        elif net == "bluesky":
            assert m["url"].rsplit("/", 1)[1] == m["network_id"].rsplit("/", 1)[1]
            assert m["network_id"].startswith(f"at://{m['author']['network_id']}/")
        else:
            assert m["network_id"].split("_")[1] in m["url"]


def test_threads_are_consistent(any_ws):
    _, ws = any_ws
    for channel in {c["name"] for c in ws.channels}:
        nodes = {
            p["network_id"]: {
                "thread_id": p["network_id"],
                "created_at": p["created_at"],
                "post": True,
            }
            for p in ws.posts
            if p["channel"] == channel
        }
        msgs = [i.message for i in ws.items if i.channel == channel]
        nodes.update({m["network_id"]: m for m in msgs})
        for m in msgs:
            if "in_reply_to" not in m:
                assert m["thread_id"] == m["network_id"]
                continue
            parent = nodes[m["in_reply_to"]]  # the parent exists on the same channel
            assert parent.get("kind") != "direct"
            assert _dt(parent["created_at"]) < _dt(m["created_at"])
            assert m["thread_id"] == parent["thread_id"]
            assert m["thread_id"] in nodes and nodes[m["thread_id"]]["thread_id"] == m["thread_id"]
            if _kind(ws, channel) == "facebook" and m["kind"] == "comment":
                assert m["network_id"].split("_")[0] == m["thread_id"].split("_")[1]


def test_customers_come_back_in_their_threads(ws):
    by_id = {(i.channel, i.message["network_id"]): i.message for i in ws.items}
    self_replies = [
        i
        for i in ws.items
        if i.message.get("in_reply_to")
        and (parent := by_id.get((i.channel, i.message["in_reply_to"])))
        and parent["author"]["network_id"] == i.message["author"]["network_id"]
    ]
    assert len(self_replies) >= 10


# ------------------------------------------------------------------ time


def test_time_distribution(ws):
    strike = {p["network_id"] for p in ws.posts if p["topic"] == "strike"}
    times = [_dt(i.message["created_at"]) for i in ws.items if i.message["thread_id"] not in strike]
    paris = [t + timedelta(hours=1) for t in times]  # March 2025 before summer time
    day = sum(8 <= t.hour < 20 for t in paris)
    night = sum(0 <= t.hour < 6 for t in paris)
    assert day > 6 * night
    week_days = Counter(t.date() for t in paris if t.weekday() < 5)
    weekend = Counter(t.date() for t in paris if t.weekday() >= 5)
    partial = {paris[0].date(), (NOW + timedelta(hours=1)).date()}  # first and last day

    def full(c):
        return [n for d, n in c.items() if d not in partial]

    assert sum(full(week_days)) / len(full(week_days)) > 1.3 * sum(full(weekend)) / len(
        full(weekend)
    )


def test_fresh_items_in_last_hour(any_ws):
    now, ws = any_ws
    now = now.astimezone(UTC).replace(microsecond=0)
    last_hour = [i for i in ws.items if _dt(i.message["created_at"]) > now - timedelta(hours=1)]
    assert len(last_hour) >= 8
    newest = max(_dt(i.message["created_at"]) for i in ws.items)
    assert now - timedelta(minutes=10) < newest < now


def test_backlash_burst(any_ws):
    _, ws = any_ws
    post = next(
        p for p in ws.posts if p["topic"] == "strike" and p["channel"] == "x-railatlantique"
    )
    t0 = _dt(post["created_at"])
    burst = [
        i
        for i in ws.items
        if i.channel == post["channel"]
        and i.message["thread_id"] == post["network_id"]
        and t0 < _dt(i.message["created_at"]) <= t0 + timedelta(minutes=30)
    ]
    negative = [i for i in burst if i.label == "negative"]
    assert len(negative) >= 40
    assert all(i.message["kind"] == "reply" for i in burst)
    assert len({i.message["author"]["network_id"] for i in negative}) >= 30
    # it is a spike: far above the usual rate of ~2-3 messages per half hour
    window_before = [
        i for i in ws.items if t0 - timedelta(minutes=30) < _dt(i.message["created_at"]) <= t0
    ]
    assert len(window_before) < 10


# ------------------------------------------------------------------ journeys


def test_threat(ws):
    threats = [i for i in ws.items if i.label == "threat"]
    assert 1 <= len(threats) <= 2
    fr = [i for i in threats if i.message["text"] == THREAT_TEXT]
    assert len(fr) == 1 and fr[0].message["lang"] == "fr" and "journey:threat" in fr[0].tags
    assert all(i.message["lang"] == "en" for i in threats if i not in fr)
    assert sum(THREAT_TEXT in i.message["text"] for i in ws.items) == 1


def test_angry_customer_journey(ws):
    mine = [i for i in ws.items if "journey:angry-customer" in i.tags]
    main = [i for i in mine if i.message["text"] == ANGRY_CUSTOMER_TEXT]
    assert len(main) == 1
    main = main[0]
    assert main.label == "negative" and main.message["lang"] == "fr"
    author = main.message["author"]
    age = NOW - _dt(author["created_at"])
    assert 5.8 * 365 < age.days < 6.3 * 365
    assert 280 <= author["followers"] <= 320
    same = [i for i in ws.items if i.message["author"]["network_id"] == author["network_id"]]
    earlier = [
        i
        for i in same
        if _dt(i.message["created_at"]) < _dt(main.message["created_at"]) and i.label == "negative"
    ]
    assert len(earlier) == 2 and all("answered" in i.tags for i in earlier)
    assert all(NOW - _dt(i.message["created_at"]) > timedelta(days=1) for i in earlier)
    # fresh: not yet due when the inbox opens (answer within the hour)
    assert timedelta(minutes=5) < NOW - _dt(main.message["created_at"]) < timedelta(minutes=40)
    # it answers the brand's signal-failure notice: the root cause is in the thread
    root = next(p for p in ws.posts if p["network_id"] == main.message["thread_id"])
    assert "signalisation" in root["text"]
    assert any(i.message.get("in_reply_to") == main.message["network_id"] for i in same)


def test_troll_accounts(ws):
    troll = [i for i in ws.items if "journey:troll" in i.tags]
    accounts = {}
    for i in troll:
        n = int(next(t for t in i.tags if t.startswith("troll:account-")).rsplit("-", 1)[1])
        accounts.setdefault(n, []).append(i)
    assert sorted(accounts) == [1, 2, 3]
    authors = [accounts[n][0].message["author"] for n in (1, 2, 3)]
    assert len({a["network_id"] for a in authors}) == 3
    assert len({a["handle"] for a in authors}) == 3
    assert {i.channel for i in troll} == {"x-railatlantique"}

    def norm(h):
        return h.lower().lstrip("@").replace("_", "").replace("1", "i").replace("0", "o")

    assert len({norm(a["handle"]) for a in authors}) == 1
    for a, b in zip(authors, authors[1:], strict=False):
        assert difflib.SequenceMatcher(None, a["display_name"], b["display_name"]).ratio() > 0.7
    for a in authors:
        assert a["followers"] <= 5
        first_post = min(
            _dt(i.message["created_at"])
            for i in troll
            if i.message["author"] is a or i.message["author"] == a
        )
        assert first_post - _dt(a["created_at"]) < timedelta(days=3)
    # account 1 is about two days old with 3 followers when it insults (journey 3)
    first = min(accounts[1], key=lambda i: i.message["created_at"])
    assert authors[0]["followers"] == 3
    assert (
        timedelta(days=1, hours=12)
        < _dt(first.message["created_at"]) - _dt(authors[0]["created_at"])
        < timedelta(days=3)
    )
    # each new account is created after the previous one's insults, and is younger
    for n in (2, 3):
        prev_last = max(_dt(i.message["created_at"]) for i in accounts[n - 1])
        assert _dt(authors[n - 1]["created_at"]) > prev_last
    assert all(i.label in {"abuse", "threat"} for i in troll)
    assert (
        sum(i.label == "abuse" for i in accounts[1]) >= 2
        and sum(i.label == "abuse" for i in accounts[2]) >= 1
    )
    # same targets, same style: the same insult words come back on every account
    for n in (1, 2, 3):
        text = " ".join(i.message["text"] for i in accounts[n])
        assert "🤡🤡" in text and ("guignols" in text or "incapable" in text)


# ------------------------------------------------------------------ determinism & helpers


def test_deterministic():
    a, b = generate(NOW, seed=7), generate(NOW, seed=7)
    assert a == b
    assert json.dumps([i.message for i in a.items], sort_keys=True) == json.dumps(
        [i.message for i in b.items], sort_keys=True
    )
    c = generate(NOW, seed=8)
    assert [i.message["text"] for i in c.items] != [i.message["text"] for i in a.items]
    assert generate(NOW).items[0].message == a.items[0].message


def test_items_sorted_and_jsonl(ws):
    stamps = [i.message["created_at"] for i in ws.items]
    assert stamps == sorted(stamps)
    lines = ws.to_jsonl("x-railatlantique").splitlines()
    assert len(lines) == len(ws.messages("x-railatlantique"))
    assert json.loads(lines[0]) == ws.messages("x-railatlantique")[0]
    assert ws.tagged("journey:threat")[0].message["text"] == THREAT_TEXT
