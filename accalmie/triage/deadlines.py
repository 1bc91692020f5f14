"""Answer deadlines, counted in business hours where the policy says so."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def deadline(start: datetime, minutes: int | None, *, business_hours=None) -> datetime | None:
    if minutes is None:
        return None
    if business_hours is None:
        return start + timedelta(minutes=minutes)
    return _add_business_minutes(start, minutes, business_hours)


def _add_business_minutes(start: datetime, minutes: int, hours) -> datetime:
    zone = ZoneInfo(settings.TIME_ZONE)
    days = hours.weekdays()
    if not days or hours.opens >= hours.closes:
        return start + timedelta(minutes=minutes)
    current = start.astimezone(zone)
    remaining = timedelta(minutes=minutes)
    for _ in range(400):  # a year of days at most, whatever the settings
        opens = current.replace(
            hour=hours.opens.hour, minute=hours.opens.minute, second=0, microsecond=0
        )
        closes = current.replace(
            hour=hours.closes.hour, minute=hours.closes.minute, second=0, microsecond=0
        )
        if current.weekday() in days and current < closes:
            begin = max(current, opens)
            if begin + remaining <= closes:
                return begin + remaining
            remaining -= closes - begin
        nxt = (current + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        current = nxt
    return current
