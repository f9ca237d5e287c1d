"""store stage: the database of painrcm.

- ``store.config.database_url(db)``: where the database is (``--db``, ``$PAINRCM_DATABASE_URL``,
  ``./painrcm.db``).
- ``store.engine``: ``make_engine(url)``, ``session_scope(engine)`` (commit or roll back).
- ``store.migrate``: ``upgrade(url)``, ``current(url)``, ``head()`` (Alembic migrations shipped
  in ``store/migrations``).
- ``store.models``: the tables (SQLAlchemy typed declarative, ``*Row`` classes).
- ``store.repositories.*``: save/load the domain dataclasses, one module per concept
  (parties, claims, remits, auth, contracts, coding, edi, work).
- ``store.scope``: ``PracticeScope`` - queries that can only see one practice.

Embedded SQLite is the default; PostgreSQL (psycopg 3) serves several users at once.
"""
