"""Importers: one module per export format an analyst really gets, all behind `Importer`."""
