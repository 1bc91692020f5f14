"""A lean INSERT … ON CONFLICT DO NOTHING for the ingest hot path.

`bulk_create` spends most of its time preparing each value through the field
machinery; for plain strings, numbers and booleans that is an identity. Here
only the fields that need it (dates, JSON) go through `get_db_prep_save`, and
the rows go to the database in one `executemany`. Measured with `accalmie
bench`: about twice as fast as `bulk_create(ignore_conflicts=True)`.
"""

from django.db import connection, models

PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.FloatField,
    models.BigIntegerField,
    models.SmallIntegerField,
)


def _converter(field):
    if isinstance(field, models.ForeignKey) or (isinstance(field, PLAIN) and not field.is_relation):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def insert_ignore(model, objs, batch_size: int = 500) -> None:
    """Inserts `objs`, silently skipping rows that break a unique constraint."""
    if not objs:
        return
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]
    converters = [(f.attname, _converter(f)) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders}) "  # noqa: S608
        "ON CONFLICT DO NOTHING"
    )
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for obj in objs:  # defaults and auto_now stamps, as Django's save would fill them
        for f in fields:
            if getattr(obj, f.attname) is None and f.has_default() and not f.null:
                setattr(obj, f.attname, f.get_default())
        for f in stamped:
            f.pre_save(obj, add=True)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            params = [
                [conv(getattr(o, name)) if conv else getattr(o, name) for name, conv in converters]
                for o in objs[start : start + batch_size]
            ]
            cursor.executemany(sql, params)
