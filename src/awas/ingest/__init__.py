"""Content intake: feeders, importers, intake steps, the campaign account registry."""
