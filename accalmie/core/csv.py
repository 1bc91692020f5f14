"""CSV cells that a spreadsheet cannot execute.

A cell starting with = + - @ (or a tab / carriage return before them) is read
as a formula by Excel and LibreOffice; OWASP's advice is to prefix it with a
quote so it shows as text.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return text
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def safe_row(values) -> list[str]:
    return [safe_cell(v) for v in values]
