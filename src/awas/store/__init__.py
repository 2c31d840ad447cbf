"""Storage: SQLAlchemy tables, Alembic migrations (the only way the schema is made), repositories.

SQLite (WAL) is the embedded default; PostgreSQL is selected by `AWAS_DATABASE_URL`.
"""
