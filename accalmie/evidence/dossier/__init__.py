"""The dossier for a lawyer or the police (R13): what is in it, the PDF, the ZIP.

``collect`` gathers everything from the database and the evidence chain into
one plain structure; ``pdf`` renders it with WeasyPrint (no network, ever);
``archive`` packs the structure, the images and the PDF with a manifest.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings


def folder(dossier) -> Path:
    # The random key keeps a new dossier from ever landing on an old one's
    # files (ids are reused after a database restore, or between tests).
    return Path(settings.DATA_DIR) / "dossiers" / f"{dossier.pk}-{dossier.key.hex}"


def pdf_path(dossier) -> Path:
    return folder(dossier) / f"dossier-{dossier.pk}.pdf"


def zip_path(dossier) -> Path:
    return folder(dossier) / f"dossier-{dossier.pk}.zip"


def write_atomically(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(fd, "wb") as f:
        f.write(body)
    os.replace(tmp, path)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
