"""The dossier for a lawyer or the police (R13): what is in it, the PDF, the ZIP.

``collect`` gathers everything from the database and the evidence chain into
one plain structure; ``pdf`` renders it with WeasyPrint (no network, ever);
``archive`` packs the structure, the images and the PDF with a manifest.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings


def folder(dossier_id: int) -> Path:
    return Path(settings.DATA_DIR) / "dossiers" / str(dossier_id)


def pdf_path(dossier_id: int) -> Path:
    return folder(dossier_id) / f"dossier-{dossier_id}.pdf"


def zip_path(dossier_id: int) -> Path:
    return folder(dossier_id) / f"dossier-{dossier_id}.zip"


def write_atomically(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(fd, "wb") as f:
        f.write(body)
    os.replace(tmp, path)
