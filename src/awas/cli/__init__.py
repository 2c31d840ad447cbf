"""Thin Typer front end over `awas.app.App`: parse options, call a service, print the result."""
