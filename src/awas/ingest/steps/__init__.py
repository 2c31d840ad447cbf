"""Intake steps: each a function over a batch of posts (`polars.DataFrame` in, `DataFrame` out).

They run after every feeder and importer (see `pipeline.run_intake`) and, unchanged, on the Ray
engine via `map_batches`. None of them touches the database.
"""
