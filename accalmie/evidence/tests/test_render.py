"""The rendered image: drawn for hostile text, stored by its hash, recorded once."""

import hashlib
import io

import pytest
from PIL import Image

from accalmie.evidence import render
from accalmie.evidence.models import EvidenceRecord
from accalmie.evidence.tasks import image_path, render_evidence
from accalmie.evidence.verify import verify_chain
from accalmie.inbox.models import Message
from accalmie.testing.factories import payload
from accalmie.testing.hostile import SAMPLES

from .helpers import data, ingest

HOSTILE = [
    *SAMPLES,  # RTL override, zalgo, 10 kB, <script>, control characters, …
    "😀🔥👍🏽 👨‍👩‍👧 family 🏳️‍🌈 " * 20,
    "مرحبا بالعالم " * 30,
    "\n\n\n" * 40,
    "x" * 3000,  # one word wider than any line
    "",
]


def _png(blob: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(blob))
    image.load()
    return image


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_renders_to_a_bounded_png(text):
    blob = render.render_message(
        {
            "text": text,
            "author": {"handle": text[:300] or "h", "display_name": text[:300]},
            "channel": {"name": "bsky-main", "network": "bluesky"},
            "url": "https://bsky.app/" + text[:500],
            "created_at": "2026-11-20T09:00:00.000000Z",
        },
        seq=7,
        record_hash="a" * 64,
    )
    image = _png(blob)
    assert image.format == "PNG" and image.width == render.WIDTH
    assert 150 < image.height < 600  # cut after MAX_LINES, whatever the length


def test_long_text_is_cut_with_an_ellipsis():
    lines = render.wrap("mot " * 2000, render.font(16), 560)
    assert len(lines) == render.MAX_LINES and lines[-1].endswith("…")
    assert render.wrap("court", render.font(16), 560) == ["court"]


def test_without_dejavu_pillows_own_font_is_used(monkeypatch):
    monkeypatch.setattr(render, "FONT_DIRS", [])
    render.font.cache_clear()
    try:
        blob = render.render_message({"text": SAMPLES[14]}, seq=1, record_hash="b" * 64)
    finally:
        render.font.cache_clear()
    assert _png(blob).width == render.WIDTH


@pytest.mark.django_db
def test_the_task_stores_the_png_by_hash_and_appends_a_rendering_once(channel, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    ingest(
        channel,
        *[payload(f"h{i}", text=t or "-") for i, t in enumerate(HOSTILE[:6])],
        payload(
            "rtl", text="\u202egnp.exe", author={"handle": "evil", "display_name": "\u202eevil"}
        ),
    )
    ids = list(Message.objects.values_list("pk", flat=True))
    assert render_evidence.call(ids) == len(ids)
    assert render_evidence.call(ids) == 0  # safe twice
    renderings = EvidenceRecord.objects.filter(kind="rendering")
    assert sorted(renderings.values_list("subject_id", flat=True)) == sorted(ids)
    for record in renderings:
        d = data(record)
        message_record = EvidenceRecord.objects.get(seq=d["message_record"]["seq"])
        assert (message_record.kind, message_record.subject_id) == ("message", record.subject_id)
        assert message_record.hash == d["message_record"]["hash"]
        blob = image_path(d["image"]["sha256"]).read_bytes()
        assert hashlib.sha256(blob).hexdigest() == d["image"]["sha256"]
        assert _png(blob).size[0] == render.WIDTH
    assert verify_chain().ok
