import glob

import psycopg
import pytest

from accalmie.testing.postgres import start_throwaway


@pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/initdb"),
    reason="Debian's postgresql package is not installed",
)
def test_throwaway_server_starts_for_machines_without_one():
    url = start_throwaway()
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
