import json

import pytest
from django.core.management import CommandError, call_command

from accalmie.inbox.models import Message
from accalmie.testing.factories import payload

pytestmark = pytest.mark.django_db


def run_import(path, channel="bsky-main"):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command(
        "import_messages", str(path), channel=channel, no_progress=True, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_jsonl_import_reports_and_reimport_changes_nothing(channel, tmp_path):
    f = tmp_path / "in.jsonl"
    lines = [json.dumps(payload(f"m{i}")) for i in range(5)]
    lines.insert(2, "{broken json")
    f.write_text("\n".join(lines) + "\n")
    out, err = run_import(f)
    assert "6 rows read, 5 new, 0 already stored, 1 rejected" in out
    assert "row 3: (row): invalid JSON" in err
    out, _ = run_import(f)
    assert "0 new, 5 already stored" in out
    assert Message.objects.count() == 5


def test_invalid_utf8_line_is_refused_by_line(channel, tmp_path):
    f = tmp_path / "in.jsonl"
    good = json.dumps(payload("ok")).encode()
    bad = json.dumps(payload("bad")).encode().replace(b"Bonjour", b"Bon\xff\xfejour")
    f.write_bytes(good + b"\n" + bad + b"\n")
    out, err = run_import(f)
    assert "1 new" in out and "row 2: (row): invalid UTF-8" in err


def test_csv_import_with_flattened_author(channel, tmp_path):
    f = tmp_path / "in.csv"
    f.write_text(
        "network_id,text,created_at,author_handle,author.followers,lang\n"
        "c1,Question : vélo à bord ?,2026-11-20T10:00:00Z,bob,12,fr\n"
        "c2,missing handle,2026-11-20T10:00:00Z,,3,en\n"
        'c3,"=HYPERLINK(""http://evil"")",2026-11-20T11:00:00,carol,not-a-number,en\n',
        encoding="utf-8",
    )
    out, err = run_import(f)
    assert "1 new" in out and "2 rejected" in out
    assert "row 3: author.handle" in err and "row 4: author.followers" in err
    m = Message.objects.get()
    assert m.author.handle == "bob" and m.author.followers == 12 and m.language == "fr"


def test_csv_with_invalid_utf8_names_row_and_field(channel, tmp_path):
    f = tmp_path / "in.csv"
    f.write_bytes(
        b"network_id,text,created_at,author_handle\n"
        b"a,ok,2026-11-20T10:00:00Z,bob\n"
        b"b,bad \xff text,2026-11-20T10:00:00Z,bob\n"
    )
    out, err = run_import(f)
    assert "1 new" in out and "row 3: text: invalid UTF-8" in err


def test_unknown_channel_is_a_clear_error(channel, tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps(payload()))
    with pytest.raises(CommandError, match="no channel named 'nope'.*bsky-main"):
        run_import(f, channel="nope")
