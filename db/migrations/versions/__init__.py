"""The revisions of the esma schema, one file each, loaded by Alembic (see :mod:`db.migrations`)."""
