"""Cross-capability machinery: the plug-in registry and lazy resolution of optional parts."""
