import logging


class SafeFormatter(logging.Formatter):
    """Escapes newlines and other control characters in every log line.

    Messages, names and bios are written by trolls; a CR/LF or an ANSI escape in
    them must not start a fake log line or repaint a terminal.
    """

    def format(self, record: logging.LogRecord) -> str:
        return escape_controls(super().format(record))


def escape_controls(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 or code == 0x7F or 0x80 <= code < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
