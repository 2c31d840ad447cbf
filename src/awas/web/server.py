"""Run the dashboard with uvicorn (`awas serve`, and `awas demo` after its steps).

With one worker the App given is served in this process. With `workers > 1`, uvicorn starts that many
processes sharing the listening socket; each builds its own App from the same settings, which are
handed over in the environment (`settings_environment`), and `awas.web.asgi:application` builds the
web application there. Throttles and caches work across workers: throttle counts are in the database,
page caches are per process and keyed by version stamps read from the database.
"""

from __future__ import annotations

import os

from awas.app import App
from awas.cli.output import err
from awas.settings import Settings

DEMO_ENV = "AWAS_WEB_DEMO"


def serve(app: App, host: str, port: int, *, demo: bool = False, workers: int = 1) -> None:
    """Serve `app` on host:port until interrupted (blocking). Upgrades the schema first."""
    import uvicorn

    app.upgrade_schema()
    err.print(f"Dasbor awas: http://{host}:{port}/  (Ctrl+C untuk berhenti)", highlight=False)
    options = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "access_log": False,
        "proxy_headers": False,
    }
    if workers <= 1:
        from awas.web.application import create_app

        uvicorn.run(create_app(app, demo=demo), **options)  # type: ignore[arg-type]
        return
    os.environ.update(settings_environment(app.settings) | {DEMO_ENV: "1" if demo else ""})
    uvicorn.run("awas.web.asgi:application", factory=True, workers=workers, **options)  # type: ignore[arg-type]


def settings_environment(settings: Settings) -> dict[str, str]:
    """`AWAS_*` variables that rebuild these settings in another process (secrets included)."""
    values = settings.model_dump(mode="json")
    values["secret_key"] = settings.secret_key.get_secret_value()
    values["previous_secret_keys"] = settings.previous_secret_keys.get_secret_value()
    values["database_url"] = settings.resolved_database_url
    return {f"AWAS_{name.upper()}": str(value) for name, value in values.items() if value is not None}
