"""`python -m awas` runs the CLI."""

from awas.cli.main import main

main()
