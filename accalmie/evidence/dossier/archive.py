"""The dossier as a ZIP: dossier.json, images/*.png, dossier.pdf, README.txt, SHA256SUMS.

SHA256SUMS lists every other file in the format ``sha256sum -c`` reads, so a
recipient can check the copy they were given without Accalmie.
"""

import hashlib
import io
import json
import zipfile

README = """Accalmie evidence dossier #{id}
Generated {when} (UTC) by {by}.

dossier.pdf   the dossier to read (the same content as dossier.json)
dossier.json  the same, structured: accounts, profile snapshots with their
              evidence hashes, the timeline, notes, actions, verification
images/       the rendered image of each message, named by its SHA-256
SHA256SUMS    the SHA-256 of every file above; check with: sha256sum -c SHA256SUMS

Evidence chain: {status}; {count} records checked; head #{head_seq} {head_hash}.
Each record's hash = SHA-256(previous hash + canonical JSON). Re-verify on the
server with: accalmie evidence verify
"""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_zip(data: dict, pdf: bytes) -> bytes:
    public = {k: v for k, v in data.items() if not k.startswith("_")}
    files: list[tuple[str, bytes]] = [
        ("dossier.json", json.dumps(public, ensure_ascii=False, indent=2).encode("utf-8")),
        ("dossier.pdf", pdf),
    ]
    for digest, path in sorted((data.get("_images") or {}).items()):
        with open(path, "rb") as f:
            files.append((f"images/{digest}.png", f.read()))
    v = data["verification"]
    readme = README.format(
        id=data["dossier_id"],
        when=data["generated_at"],
        by=data["generated_by"],
        status="verified" if v["ok"] else f"FAILED at record {v['first_bad_seq']}",
        count=v["records_checked"],
        head_seq=v["head_seq"],
        head_hash=v["head_hash"],
    )
    files.append(("README.txt", readme.encode("utf-8")))
    sums = "".join(f"{sha256(body)}  {name}\n" for name, body in files)
    files.append(("SHA256SUMS", sums.encode("utf-8")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files:
            # PNGs and the PDF are already compressed
            kind = zipfile.ZIP_STORED if name.endswith((".png", ".pdf")) else zipfile.ZIP_DEFLATED
            z.writestr(name, body, compress_type=kind)
    return out.getvalue()
