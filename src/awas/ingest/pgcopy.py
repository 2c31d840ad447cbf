"""Bulk inserts on PostgreSQL with COPY, keeping `INSERT ... ON CONFLICT DO NOTHING` semantics.

COPY cannot skip rows that conflict, so a batch is copied into a per-session staging table (same
column types, no constraints) and moved with one `INSERT ... SELECT ... ON CONFLICT DO NOTHING`;
the staging table is emptied again in the same transaction. Polars writes the batch as CSV in one
call (no Python object per row or per value): an unquoted empty field is NULL, a quoted one ("")
an empty string, which is exactly how COPY's CSV format reads them.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy.engine import Connection

COPY_BLOCK_BYTES = 1 << 20


def stage_name(table: str) -> str:
    return f"awas_stage_{table}"


def copy_insert(conn: Connection, table: str, frame: pl.DataFrame) -> int:
    """Insert `frame` (columns named as `table`'s, values in PostgreSQL's text input form) into
    `table`, skipping rows whose key is already there; return how many rows were inserted.

    Runs inside the caller's transaction. Raises the driver's error (and the transaction then rolls
    back whole) when a value is not valid for its column.
    """
    if frame.height == 0:
        return 0
    stage = stage_name(table)
    names = ", ".join(f'"{c}"' for c in frame.columns)
    conn.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {names} FROM {table} WITH NO DATA"
    )
    data = frame.write_csv(include_header=False).encode("utf-8")
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(f"COPY {stage} ({names}) FROM STDIN (FORMAT csv)") as copy:
        for start in range(0, len(data), COPY_BLOCK_BYTES):
            copy.write(data[start : start + COPY_BLOCK_BYTES])
    moved = conn.exec_driver_sql(
        f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} ON CONFLICT DO NOTHING"
    )
    inserted = moved.rowcount
    conn.exec_driver_sql(f"TRUNCATE {stage}")
    return int(inserted if inserted is not None and inserted >= 0 else frame.height)
