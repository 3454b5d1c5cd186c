"""Known marks of rows stored by an older esma are recomputed from the registry on `esma db upgrade`."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import select, update

from db import open_db
from db.models import Conjecture, Family
from discovery.cli import main
from discovery.service.known import remark_known


def _marks(db) -> dict[str, set]:
    with db.session() as s:
        rows = s.execute(select(Conjecture.family, Conjecture.known, Conjecture.known_as)).all()
    out: dict[str, set] = {}
    for fam, known, known_as in rows:
        out.setdefault(fam, set()).add((bool(known), known_as))
    return out


def test_marks_of_an_older_esma_are_recomputed_from_the_registry(tmp_path):
    path = tmp_path / "old.sqlite"
    res = CliRunner().invoke(main, ["search", "run", "exp(1/3)", "-L", "1", "-p", "1", "--db", str(path), "-w", "1"])
    assert res.exit_code == 0, res.output
    with open_db(str(path)) as db:
        fresh = _marks(db)
        assert any(known for marks in fresh.values() for known, _ in marks)  # Euler's e^(1/3) is found and known
        with db.session(write=True) as s:  # what an esma with the 12-entry list stored
            s.execute(update(Conjecture).values(known=False, known_as=None))
            s.execute(update(Family).values(known=False, known_as=None))
    res = CliRunner().invoke(main, ["db", "upgrade", "--db", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["families_remarked"] == sum(any(k for k, _ in m) for m in fresh.values())
    with open_db(str(path)) as db:
        assert _marks(db) == fresh
        assert all(len(m) == 1 for m in _marks(db).values())  # one mark per family
        assert any("m = 3" in (name or "") for m in _marks(db).values() for _, name in m)
        assert remark_known(db) == 0  # idempotent
        with db.session() as s:
            fams = {k: (bool(kn), ka) for k, kn, ka in s.execute(select(Family.key, Family.known, Family.known_as))}
        assert {k: next(iter(m)) for k, m in _marks(db).items()} == fams
