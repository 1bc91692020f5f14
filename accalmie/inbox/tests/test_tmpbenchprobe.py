import time, pytest
from accalmie import bench
@pytest.mark.django_db
def test_x(tmp_path):
    t=time.perf_counter()
    user, users = bench.ensure_users(); print("users", time.perf_counter()-t); t=time.perf_counter()
    bench.bench_ingest(300, 2, tmp_path, log=lambda l: None); print("ingest", time.perf_counter()-t); t=time.perf_counter()
    bench.fill(1000, users, log=lambda l: None, chunk=400); bench.analyze(); print("fill", time.perf_counter()-t); t=time.perf_counter()
    bench.bench_inbox(user, "x-brand", repeat=2, warmup=0, log=print); print("inbox", time.perf_counter()-t); t=time.perf_counter()
    bench.bench_search(user, repeat=2, warmup=0, log=print); print("search", time.perf_counter()-t)
