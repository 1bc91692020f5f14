"""The dossier: PDF read back as text and as page images, ZIP manifest, hostile text, no fetch."""

import hashlib
import io
import json
import zipfile

import pypdf
import pypdfium2
import pytest

from accalmie.evidence.dossier import pdf_path, zip_path
from accalmie.evidence.dossier.collect import collect
from accalmie.evidence.dossier.pdf import render_pdf
from accalmie.evidence.models import Dossier
from accalmie.evidence.tasks import build_dossier, render_evidence
from accalmie.evidence.verify import verify_chain
from accalmie.inbox.models import Message
from accalmie.people.models import Author, Contact
from accalmie.testing.factories import UserFactory, payload
from accalmie.testing.hostile import SAMPLES, shared_corpus

from .helpers import ingest

pytestmark = pytest.mark.django_db


def _troll_story(channel):
    """A troll who came back under a second account, with hostile names and bios."""
    ingest(
        channel,
        payload(
            "t1",
            text="Je sais où tu bosses, on se verra à la sortie.",
            author={"handle": "trainhater42", "display_name": "<script>window.__pwned=1</script>",
                    "bio": '<img src="http://evil.example/x.png"> ' + SAMPLES[14]},
        ),
        payload(
            "t2",
            text=SAMPLES[0] + " " + SAMPLES[16] + " " + "A" * 10_240,
            author={"handle": "trainhater42", "display_name": "Train Hater"},
            created_at="2026-11-20T11:00:00+01:00",
        ),
        payload(
            "t3",
            text="\x00\u202egnp.exe\u202c <style>@import url(http://evil.example/a.css)</style>",
            author={"handle": "tra1nhater42", "display_name": "url(http://evil.example/f.woff)"},
            created_at="2026-11-20T12:00:00+01:00",
        ),
    )  # fmt: skip
    render_evidence.call(list(Message.objects.values_list("pk", flat=True)))
    contact = Contact.objects.create(name="Troll <b>42</b>")
    Author.objects.filter(handle__in=["trainhater42", "tra1nhater42"]).update(contact=contact)
    return contact


def _build(contact, language="en"):
    legal = UserFactory(role="legal", username=f"legal-{language}", first_name="Léa")
    dossier = Dossier.objects.create(contact=contact, language=language, requested_by=legal)
    assert build_dossier.call(dossier.pk) == "ready"
    dossier.refresh_from_db()
    return dossier


def _text(pdf: bytes) -> str:
    """The text a reader gets, through PDFium (Chromium's PDF engine).

    Not pypdf: when a font needs WeasyPrint's custom CMap (a glyph the font
    lacks, e.g. an emoji), pypdf decodes it as UTF-16 garbage; PDFium and
    desktop readers read it right.
    """
    doc = pypdfium2.PdfDocument(pdf)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def test_pdf_tells_the_story_in_english(channel):
    contact = _troll_story(channel)
    dossier = _build(contact)
    pdf = pdf_path(dossier).read_bytes()
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == dossier.pdf_sha256
    text = _text(pdf)
    assert "trainhater42" in text and "tra1nhater42" in text
    assert "Je sais où tu bosses" in text
    head = verify_chain().head_hash
    # hashes are broken across lines in narrow cells: compare without whitespace
    flat = "".join(text.split())
    assert head in flat
    record_hash = collect(dossier)["timeline"][0]["record"]["hash"]
    assert record_hash in flat
    assert "The evidence chain was verified when this dossier was generated" in text
    assert "accalmie evidence verify" in text
    # hostile markup is printed as text, never interpreted
    assert "<script>window.__pwned=1</script>" in text
    assert "[U+202E]" in text
    assert 3 <= dossier.pages <= 30


def test_pdf_in_french(channel):
    contact = _troll_story(channel)
    dossier = _build(contact, language="fr")
    text = _text(pdf_path(dossier).read_bytes())
    assert "Dossier de preuves" in text
    assert "La chaîne de preuves a été vérifiée" in text


def test_pdf_pages_are_not_blank_and_show_the_message_images(channel):
    contact = _troll_story(channel)
    dossier = _build(contact)
    pdf = pdf_path(dossier).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    # WeasyPrint shares one resource dictionary between pages: count distinct images
    images = {
        hashlib.sha256(i.data).hexdigest(): i.image.size for p in reader.pages for i in p.images
    }
    assert len(images) == 3  # one rendered image per message
    assert all(width == 600 for width, _h in images.values())  # the renderer's width
    doc = pypdfium2.PdfDocument(pdf)
    for i in range(len(doc)):
        bitmap = doc[i].render(scale=0.5).to_pil().convert("L")
        lo, hi = bitmap.getextrema()
        assert hi - lo > 100, f"page {i + 1} is blank"
    # the page with the first image has a large non-white block (the rendered message)
    page_with_image = next(
        i for i, p in enumerate(reader.pages) if "/XObject" in p.get("/Resources", {})
    )
    grey = doc[page_with_image].render(scale=1).to_pil().convert("L")
    dark = sum(grey.histogram()[:200])
    assert dark > 2000


def test_only_the_dossiers_own_images_are_fetched(channel):
    contact = _troll_story(channel)
    legal = UserFactory(role="legal")
    dossier = Dossier.objects.create(contact=contact, language="en", requested_by=legal)
    data = collect(dossier)
    _pdf, fetcher, _pages = render_pdf(data)
    assert fetcher.refused == []
    assert sorted(set(fetcher.served)) == sorted(data["_images"])


def test_fetcher_refuses_anything_else():
    from accalmie.evidence.dossier.pdf import LocalOnlyFetcher

    fetcher = LocalOnlyFetcher({})
    for url in ["http://evil.example/x.png", "file:///etc/passwd", "dossier-image:../../x"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 3


def test_zip_manifest_matches_every_file(channel):
    contact = _troll_story(channel)
    dossier = _build(contact)
    body = zip_path(dossier).read_bytes()
    assert hashlib.sha256(body).hexdigest() == dossier.zip_sha256
    z = zipfile.ZipFile(io.BytesIO(body))
    names = set(z.namelist())
    assert {"dossier.json", "dossier.pdf", "README.txt", "SHA256SUMS"} <= names
    assert sum(n.startswith("images/") for n in names) == 3
    listed = {}
    for line in z.read("SHA256SUMS").decode().splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == names - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256(z.read(name)).hexdigest() == digest
    for name in names:
        if name.startswith("images/"):
            assert name == f"images/{hashlib.sha256(z.read(name)).hexdigest()}.png"
    data = json.loads(z.read("dossier.json"))
    assert {a["handle"] for a in data["accounts"]} == {"trainhater42", "tra1nhater42"}
    assert data["verification"]["ok"] is True
    assert all(t["record"]["hash"] for t in data["timeline"] if t["type"] == "message")
    assert z.read("dossier.pdf") == pdf_path(dossier).read_bytes()


def test_every_hostile_sample_renders(channel):
    corpus = [*SAMPLES, *shared_corpus(limit=150)]
    ingest(
        channel,
        *[
            payload(
                f"h{i}",
                text=s or "-",
                author={"handle": "hostile", "display_name": s[:200], "bio": s},
            )
            for i, s in enumerate(corpus)
        ],
    )
    render_evidence.call(list(Message.objects.values_list("pk", flat=True)))
    legal = UserFactory(role="legal")
    author = Author.objects.get(handle="hostile")
    dossier = Dossier.objects.create(author=author, language="en", requested_by=legal)
    data = collect(dossier)
    pdf, fetcher, pages = render_pdf(data)
    assert fetcher.refused == []
    assert pdf.startswith(b"%PDF")
    # 170 messages, one with 10 kB of text: a few pages each at most
    assert pages < 3 * len(corpus)
    assert "window.__pwned" in _text(pdf)


def test_a_tampered_chain_is_stated_in_the_dossier(channel):
    from django.db import connection

    contact = _troll_story(channel)
    from accalmie.evidence.models import EvidenceRecord

    seq = EvidenceRecord.objects.filter(canonical__contains="bosses").order_by("seq").first().seq
    with connection.cursor() as cursor:  # an "edit" behind the archive's back
        cursor.execute(
            "UPDATE evidence_evidencerecord SET canonical = REPLACE(canonical, 'bosses', 'BOSSES')"
            " WHERE seq = %s",
            [seq],
        )
    dossier = _build(contact)
    text = " ".join(_text(pdf_path(dossier).read_bytes()).split())
    assert "FAILED verification" in text and f"the first altered record is #{seq}" in text
    archive = zipfile.ZipFile(io.BytesIO(zip_path(dossier).read_bytes()))
    assert json.loads(archive.read("dossier.json"))["verification"]["first_bad_seq"] == seq
    assert f"FAILED at record {seq}".encode() in archive.read("README.txt")


def test_contact_dossier_button_for_legal_only(client, channel):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    contact = _troll_story(channel)
    for role, shown in (("legal", True), ("agent", False)):
        request = RequestFactory().get("/")
        request.user = UserFactory(role=role)
        html = render_to_string(
            "evidence/_dossier_button.html",
            {"subject": "contact", "id": contact.pk},
            request=request,
        )
        assert ("dossier-request" in html) is shown


def test_a_failed_build_is_recorded_and_can_run_again(channel, monkeypatch):
    from accalmie.evidence.dossier import pdf

    contact = _troll_story(channel)
    legal = UserFactory(role="legal")
    dossier = Dossier.objects.create(contact=contact, language="en", requested_by=legal)

    def broken(data):
        raise RuntimeError("Pango went away")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        build_dossier.call(dossier.pk)
    dossier.refresh_from_db()
    assert dossier.state == "failed" and "Pango" in dossier.error and not pdf_path(dossier).exists()
    monkeypatch.undo()
    assert build_dossier.call(dossier.pk) == "ready"


def test_incident_dossier_names_the_incident_in_the_readers_language(channel):
    from accalmie.incidents.models import Incident
    from accalmie.testing.factories import MessageFactory

    message = MessageFactory(channel=channel, category="threat")
    title = f"Threat — @{message.author.handle}"  # the automatic title, stored in English
    incident = Incident.objects.create(title=title, message=message, severity="high")
    legal = UserFactory(role="legal", username="legal-fr")
    dossier = Dossier.objects.create(incident=incident, language="fr", requested_by=legal)
    assert build_dossier.call(dossier.pk) == "ready"
    text = _text(pdf_path(dossier).read_bytes())
    assert f"Menace — @{message.author.handle}" in text
    assert "Threat —" not in text
