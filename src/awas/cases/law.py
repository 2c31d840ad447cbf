"""Routing scenarios against the loaded catalogue, or the bundled one when the database has none.

`awas law route` is called by other agencies' scripts, often on a machine where nobody ran
`awas reference load`; it then routes against the bundled reference package, loaded into a
throw-away SQLite database (the same loader and catalogue code, no second implementation).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from awas.app import App
from awas.cases.catalogue import WorkflowCatalogue, workflow_catalogue
from awas.cases.scenario import ScenarioOutcome, evaluate, read_scenario
from awas.core.registry import SetupError
from awas.reference.loader import load_package
from awas.reference.package import bundled_package_dir
from awas.reference.validate import validate_package
from awas.settings import load_settings


def routing_catalogue(app: App) -> tuple[WorkflowCatalogue, bool]:
    """The catalogue to route with, and whether it is the bundled fallback."""
    try:
        return workflow_catalogue(app), False
    except SetupError:
        return _bundled_catalogue(), True


def _bundled_catalogue() -> WorkflowCatalogue:
    with tempfile.TemporaryDirectory(prefix="awas-law-") as folder:
        settings = load_settings(home=Path(folder), database_url=f"sqlite:///{Path(folder) / 'catalogue.db'}")
        with App(settings) as scratch:
            scratch.upgrade_schema()
            load_package(scratch.db, validate_package(bundled_package_dir()), actor="system")
            return workflow_catalogue(scratch)


def route_file(app: App, path: Path) -> tuple[ScenarioOutcome, bool]:
    """Evaluate the scenario in `path`; InputError (exit 2) naming file, line and field."""
    catalogue, fallback = routing_catalogue(app)
    return evaluate(catalogue, read_scenario(path, catalogue)), fallback
