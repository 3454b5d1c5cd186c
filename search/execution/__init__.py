"""Where and how work units run: executors (this process, a local pool, Dask), the one scheduling
loop, and the in-memory search runner."""
