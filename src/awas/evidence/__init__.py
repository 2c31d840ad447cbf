"""Evidence vault and chain of custody (issue 6).

Capture a URL or a stored post (WARC, WACZ, extracted text, TLS chain, raw record, and with the
`browser` extra a screenshot and PDF), keep every file in a content-addressed, read-only vault, log
every event on every artefact in a hash-chained custody ledger with daily Merkle roots (optionally
timestamped by an RFC 3161 TSA), verify all of it, and hand a case over as a ZIP package that checks
out with `sha256sum -c` and `awas evidence verify-package`, no database needed.

Entry points for other capabilities are in `awas.evidence.service`.
"""
