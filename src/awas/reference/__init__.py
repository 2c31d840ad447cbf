"""Reference data as data files: wilayah, elections and paslon, schedule, legal catalogue, IKP, organisations.

A reference package is a folder (see data/jambi-2024/). `validate_package` checks one without
touching the database; `load_package` writes a validated one idempotently; `ReferenceCatalog` reads
what is loaded as typed records.
"""
