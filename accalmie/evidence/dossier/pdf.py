"""The dossier as a PDF (WeasyPrint), with no way out to the network.

The HTML comes from a Django template with autoescape on, so a name, bio or
message is only ever text. The only resources WeasyPrint may load are the
evidence images this dossier names, through ``LocalOnlyFetcher``; every
other URL (http, file, data…) is refused and remembered, so tests can
prove nothing else was ever asked for.
"""

import logging
import re
import unicodedata

from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint logs every step at INFO (some at import): noise in the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

IMAGE_SCHEME = "dossier-image:"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_BIDI = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F]}
MAX_MARKS = 3  # combining marks kept per letter in the PDF (zalgo); the JSON keeps all


class LocalOnlyFetcher(URLFetcher):
    def __init__(self, images: dict[str, str]):
        super().__init__(allowed_protocols=[], fail_on_errors=False)
        self.images = images
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        sha = url[len(IMAGE_SCHEME) :] if url.startswith(IMAGE_SCHEME) else ""
        if _SHA.match(sha) and sha in self.images:
            with open(self.images[sha], "rb") as f:
                body = f.read()
            self.served.append(sha)
            return URLFetcherResponse(url, body, {"Content-Type": "image/png"})
        self.refused.append(url)
        raise ValueError("the dossier loads nothing but its own evidence images")


def printable(text) -> str:
    """Text safe to lay out: controls shown as U+FFFD, bidi overrides named, zalgo thinned."""
    out, marks = [], 0
    for c in str(text or ""):
        category = unicodedata.category(c)
        if c in _BIDI:
            out.append(f"[U+{ord(c):04X}]")
            marks = 0
        elif category in ("Cc", "Cs") and c not in "\n\t":
            out.append("\ufffd")
            marks = 0
        elif category.startswith("M"):
            marks += 1
            if marks <= MAX_MARKS:
                out.append(c)
        else:
            out.append(c)
            marks = 0
    return "".join(out)


def _clean(value):
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def render_pdf(data: dict) -> tuple[bytes, LocalOnlyFetcher, int]:
    """(PDF bytes, the fetcher that served it, page count)."""
    fetcher = LocalOnlyFetcher(data.get("_images") or {})
    context = _clean({k: v for k, v in data.items() if k != "_images"})
    context["image_scheme"] = IMAGE_SCHEME
    with translation.override(data.get("language") or "en"):
        html = render_to_string("evidence/dossier.html", context)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render()
    return document.write_pdf(), fetcher, len(document.pages)
