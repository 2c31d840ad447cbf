"""Run the dashboard with uvicorn (`awas serve`, and `awas demo` after its steps)."""

from __future__ import annotations

from awas.app import App
from awas.cli.output import err


def serve(app: App, host: str, port: int, *, demo: bool = False) -> None:
    """Serve `app` on host:port until interrupted (blocking). Upgrades the schema first."""
    import uvicorn

    from awas.web.application import create_app

    app.upgrade_schema()
    err.print(f"Dasbor awas: http://{host}:{port}/  (Ctrl+C untuk berhenti)", highlight=False)
    uvicorn.run(
        create_app(app, demo=demo),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        proxy_headers=False,
    )
