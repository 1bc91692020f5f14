import logging

from accalmie.core.csv import safe_cell
from accalmie.core.logging import SafeFormatter


def test_log_lines_cannot_be_forged():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "got %s", ("a\nFAKE ERROR\x1b[31m",), None
    )
    line = SafeFormatter("%(message)s").format(record)
    assert "\n" not in line and "\x1b" not in line and "\\x0a" in line


def test_csv_cells():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+33 6") == "'+33 6"
    assert safe_cell("\t=cmd") == "'\t=cmd"
    assert safe_cell("bonjour") == "bonjour"
    assert safe_cell(-3) == "-3"
