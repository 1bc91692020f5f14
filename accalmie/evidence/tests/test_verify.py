"""Verification passes on an intact chain and names the first record that was altered.

Tampering goes through raw SQL, as someone with database access would do it.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accalmie.evidence.chain import chain_hash
from accalmie.evidence.models import EvidenceRecord
from accalmie.evidence.tasks import image_path, render_evidence
from accalmie.evidence.verify import verify_chain
from accalmie.inbox.models import Message

from .helpers import data, ingest_many

pytestmark = pytest.mark.django_db

TABLE = EvidenceRecord._meta.db_table


def sql(statement: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("{t}", TABLE), params)


@pytest.fixture
def chain(channel):
    ingest_many(channel, 8)  # 3 profiles + 8 messages = 11 records
    assert EvidenceRecord.objects.count() == 11


def test_an_intact_chain_passes(chain):
    result = verify_chain()
    assert (result.ok, result.checked, result.first_bad_seq) == (True, 11, None)
    assert result.head_seq == 11


def test_an_empty_chain_passes(db):
    assert verify_chain().ok


def test_a_changed_text_is_named(chain):
    sql("UPDATE {t} SET canonical = REPLACE(canonical, 'message 4', 'message 5') WHERE seq = 8")
    result = verify_chain()
    assert (result.ok, result.first_bad_seq, result.checked) == (False, 8, 7)
    assert "hash does not match its content" in result.reason


def test_a_changed_hash_is_named(chain):
    sql("UPDATE {t} SET hash = %s WHERE seq = 6", "f" * 64)
    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 6)


def test_a_rewritten_record_with_a_recomputed_hash_breaks_the_next_link(chain):
    record = EvidenceRecord.objects.get(seq=6)
    forged = record.canonical.replace("message 2", "forged 2")
    sql(
        "UPDATE {t} SET canonical = %s, hash = %s WHERE seq = 6",
        forged,
        chain_hash(record.prev_hash, forged),
    )
    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 7)
    assert "previous hash" in result.reason


def test_a_deleted_middle_record_is_named(chain):
    sql("DELETE FROM {t} WHERE seq = 5")
    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 5)
    assert "missing" in result.reason


def test_a_deleted_last_record_is_caught_by_the_head(chain):
    sql("DELETE FROM {t} WHERE seq = 11")
    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 11)


def test_swapped_records_are_named(chain):
    sql("UPDATE {t} SET seq = 1000 WHERE seq = 4")
    sql("UPDATE {t} SET seq = 4 WHERE seq = 7")
    sql("UPDATE {t} SET seq = 7 WHERE seq = 1000")
    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 4)


def test_a_record_moved_to_another_message_is_named(chain):
    sql("UPDATE {t} SET subject_id = subject_id + 1 WHERE seq = 9")
    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, 9)
    assert "subject" in result.reason


def test_a_changed_image_is_named_and_a_missing_one_reported(chain, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    render_evidence.call(list(Message.objects.order_by("pk").values_list("pk", flat=True)[:2]))
    first, second = EvidenceRecord.objects.filter(kind="rendering").order_by("seq")
    assert verify_chain().ok
    image_path(data(second)["image"]["sha256"]).unlink()
    result = verify_chain()
    assert result.ok and result.missing_images == [second.seq]
    image_path(data(first)["image"]["sha256"]).write_bytes(b"not the png")
    result = verify_chain()
    assert (result.ok, result.first_bad_seq) == (False, first.seq)


def test_the_command_passes_with_a_count_and_fails_with_exit_code_1(chain, capsys):
    call_command("evidence", "verify")
    assert "11 records checked" in capsys.readouterr().out
    sql("DELETE FROM {t} WHERE seq = 3")
    with pytest.raises(CommandError) as failed:
        call_command("evidence", "verify")
    assert failed.value.returncode == 1
    assert "first bad record: 3" in str(failed.value)


def test_the_command_can_require_images(chain, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    render_evidence.call([Message.objects.first().pk])
    for png in tmp_path.glob("evidence/*.png"):
        png.unlink()
    call_command("evidence", "verify")  # a warning only
    with pytest.raises(CommandError, match="image"):
        call_command("evidence", "verify", "--require-images")
