"""Election-infrastructure watch: KPU, Bawaslu, Sirekap and paslon sites (availability, TLS,
headers, content integrity, Sirekap values changed after final), voter-data leaks in posts, pages and
attachments, and look-alike domains; incidents become findings, evidence and temuan (docs/watch.md)."""
