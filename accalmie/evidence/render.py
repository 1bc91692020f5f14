"""The rendered image of a message as it appeared (the "screenshot"), drawn with Pillow.

Drawn from the message's evidence record, not from the live row, so the image
shows what was captured. The text is hostile: it is only ever drawn as
glyphs, control characters are shown as U+FFFD, and long text is cut.
"""

import colorsys
import hashlib
import io
import unicodedata
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from accalmie.channels.models import Network

RENDERER = "accalmie-pillow/1"
WIDTH = 600
PAD = 20
AVATAR = 48
MAX_LINES = 12
ELLIPSIS = "…"
# Debian/Ubuntu, Fedora, Arch. No font is downloaded: without DejaVu the
# image falls back to the font Pillow ships (Latin only, but never a crash).
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"]

INK = (17, 24, 39)
MUTED = (87, 96, 106)
BORDER = (208, 215, 222)
LINK = (9, 105, 218)


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def drawable(text: str) -> str:
    """Control characters and lone surrogates as a visible U+FFFD; every line break as \\n.

    libraqm refuses a paragraph separator inside a run, so breaks are
    normalised here and single-line fields turn them into spaces.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    out = []
    for c in text:
        category = unicodedata.category(c)
        if category in ("Zl", "Zp"):
            out.append("\n")
        elif category in ("Cc", "Cs") and c != "\n":
            out.append("\ufffd")
        else:
            out.append(c)
    return "".join(out)


def one_line(text: str) -> str:
    return drawable(text).replace("\n", " ")


def _fit(text: str, fnt, width: float) -> int:
    """How many leading characters of `text` fit in `width` (at least one)."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fnt.getlength(text[:mid]) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def shorten(text: str, fnt, width: float) -> str:
    if fnt.getlength(text) <= width:
        return text
    return text[: _fit(text, fnt, width - fnt.getlength(ELLIPSIS))].rstrip() + ELLIPSIS


def wrap(text: str, fnt, width: float, max_lines: int = MAX_LINES) -> list[str]:
    """Greedy word wrap by pixel width; the last line ends in "…" when text is cut."""
    budget = max_lines * 120  # characters: bounds the work on a 10 kB message
    cut = len(text) > budget
    lines: list[str] = []
    for paragraph in text[:budget].split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if fnt.getlength(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and fnt.getlength(word) > width:  # one very long word
                n = _fit(word, fnt, width)
                lines.append(word[:n])
                word = word[n:]
            line = word
            if len(lines) > max_lines:
                break
        lines.append(line)
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines or cut:
        lines = lines[:max_lines]
        lines[-1] = shorten(lines[-1] + ELLIPSIS, fnt, width)
    return lines


def initials(name: str) -> str:
    letters = [next((c for c in word if c.isalnum()), "") for word in name.split()]
    return "".join(letters[:2]).upper() or "?"


def avatar_colour(key: str) -> tuple[int, int, int]:
    hue = int(hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:4], 16) / 0xFFFF
    r, g, b = colorsys.hls_to_rgb(hue, 0.45, 0.55)
    return int(r * 255), int(g * 255), int(b * 255)


def when(value: str | None) -> str:
    if not value:
        return ""
    return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M:%S UTC")


def render_message(data: dict, *, seq: int, record_hash: str) -> bytes:
    """The PNG bytes of one message record's ``data``."""
    author = data.get("author") or {}
    channel = data.get("channel") or {}
    name = one_line(author.get("display_name") or author.get("handle") or "")
    handle = one_line("@" + (author.get("handle") or ""))
    network = one_line(
        str(dict(Network.choices).get(channel.get("network"), channel.get("network") or ""))
    )
    body_font, meta_font = font(16), font(12)
    inner = WIDTH - 2 * PAD
    lines = wrap(drawable(data.get("text") or ""), body_font, inner)
    line_h = 22
    meta = [
        (f"{when(data.get('created_at'))} · {network} · {channel.get('name', '')}", MUTED),
        (data.get("url") or "", LINK),
        (f"evidence record #{seq}, sha256:", MUTED),
        (record_hash, MUTED),
    ]
    meta = [(one_line(t), c) for t, c in meta if t]
    height = PAD + AVATAR + 14 + len(lines) * line_h + 10 + len(meta) * 17 + PAD

    img = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([0, 0, WIDTH - 1, height - 1], outline=BORDER)
    draw.ellipse(
        [PAD, PAD, PAD + AVATAR, PAD + AVATAR], fill=avatar_colour(author.get("handle") or "")
    )
    draw.text(
        (PAD + AVATAR / 2, PAD + AVATAR / 2),
        initials(name),
        font=font(18, bold=True),
        fill="white",
        anchor="mm",
    )
    x = PAD + AVATAR + 12
    head_w = WIDTH - PAD - x - 110  # room left for the network name
    name_font = font(16, bold=True)
    draw.text((x, PAD + 4), shorten(name, name_font, head_w), font=name_font, fill=INK)
    draw.text((x, PAD + 26), shorten(handle, font(14), head_w), font=font(14), fill=MUTED)
    draw.text((WIDTH - PAD, PAD + 4), network, font=font(13), fill=MUTED, anchor="ra")
    y = PAD + AVATAR + 14
    for line in lines:
        draw.text((PAD, y), line, font=body_font, fill=INK)
        y += line_h
    y += 10
    for text, colour in meta:
        draw.text((PAD, y), shorten(text, meta_font, inner), font=meta_font, fill=colour)
        y += 17
    out = io.BytesIO()
    # 32 colours keep the antialiased text legible at a third of the size
    # (about 8 kB, not 23 kB) and encode faster than an optimised RGB PNG.
    img.quantize(colors=32).save(out, "PNG")
    return out.getvalue()
