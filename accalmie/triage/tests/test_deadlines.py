from datetime import datetime, time
from zoneinfo import ZoneInfo

from accalmie.triage.deadlines import deadline
from accalmie.triage.models import BusinessHours

PARIS = ZoneInfo("Europe/Paris")
HOURS = BusinessHours(days="0,1,2,3,4", opens=time(9), closes=time(18))


def at(*args):
    return datetime(*args, tzinfo=PARIS)


def test_no_deadline_and_at_once():
    assert deadline(at(2026, 11, 20, 10), None) is None
    assert deadline(at(2026, 11, 20, 10), 0) == at(2026, 11, 20, 10)


def test_plain_clock():
    assert deadline(at(2026, 11, 20, 23, 30), 60) == at(2026, 11, 21, 0, 30)


def test_business_hours_within_the_day():
    assert deadline(at(2026, 11, 20, 10), 60, business_hours=HOURS) == at(2026, 11, 20, 11)


def test_business_hours_carry_over_the_weekend():
    # Friday 17:30 + 60 business minutes -> Monday 09:30
    assert deadline(at(2026, 11, 20, 17, 30), 60, business_hours=HOURS) == at(2026, 11, 23, 9, 30)


def test_business_hours_before_opening_and_on_saturday():
    assert deadline(at(2026, 11, 19, 7, 0), 60, business_hours=HOURS) == at(2026, 11, 19, 10)
    assert deadline(at(2026, 11, 21, 12), 30, business_hours=HOURS) == at(2026, 11, 23, 9, 30)
