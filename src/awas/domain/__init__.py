"""Typed records shared by every layer. This package imports nothing else from awas."""
