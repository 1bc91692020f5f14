"""Text a troll could write: the project's own samples (the shared corpora are extra)."""

import json
from pathlib import Path

MARK = "window.__pwned"

SAMPLES = [
    f"<script>{MARK}=1</script>",
    f'<img src=x onerror="{MARK}=1">',
    f"<svg/onload={MARK}=1>",
    f'"><script>{MARK}=1</script>',
    f"'><img src=x onerror={MARK}=1>",
    f'<a href="javascript:{MARK}=1">click</a>',
    f'<iframe srcdoc="<script>parent.{MARK}=1</script>"></iframe>',
    f"<details open ontoggle={MARK}=1>",
    f"{{{{ 7*7 }}}} {{% debug %}} ${{{MARK}=1}}",
    f"</textarea></title><script>{MARK}=1</script>",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\u202egnp.exe\u202c RTL override",
    "\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 mixed \u202e reversed",
    "Z̷̢̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛̛a̴l̸g̷o̶",
    "\x00\x01\x02\x1b[31mred\x1b[0m\r\nFAKE LOG LINE",
    "\ud83d\ude00\ud800 lone surrogate",
    "%s%s%s%n %(x)s {0} {}",
    "A" * 10_240,
    "Robert'); DROP TABLE inbox_message;--",
    '" OR 1=1 -- NEAR(a b) * AND',
]


def shared_corpus(root: Path | None = None, limit: int = 400) -> list[str]:
    """Strings from ../shared/data/hostile when that folder is there (as in CI)."""
    root = root or Path(__file__).resolve().parents[2].parent / "shared" / "data" / "hostile"
    if not root.is_dir():
        return []
    out: list[str] = []
    blns = root / "blns.json"
    if blns.is_file():
        out += [s for s in json.loads(blns.read_text(encoding="utf-8")) if isinstance(s, str)]
    for f in sorted(root.glob("xss_*.txt")):
        out += [
            line for line in f.read_text(encoding="utf-8", errors="replace").splitlines() if line
        ]
    return out[:limit] if limit else out
