"""Routes, one module per area. Each module exposes `router`; pages go through `pages.add_page`."""
