"""The web front end: FastAPI REST API and the server-rendered dashboard, thin over `awas.app.App`.

Importing this package imports nothing heavy; `awas.web.application.create_app` builds the ASGI app
and `awas.web.server.serve` runs it with uvicorn.
"""
