"""Vote recapitulation audit: Sirekap and the tiered recap, from TPS to province (issue 3).

Imports Sirekap TPS JSON, Sirekap hhcw aggregates, the flat TPS CSV and D.Hasil/DB/DC recap tables
as content-addressed snapshots; runs the rules of specs/recap-rules.md (C01–C14, X01–X02, D01, H01,
F01–F06) columnar with Polars; stores findings with their lifetime. Entry points: `service`
(import, audit, diff, reconcile, history), `queries` (drill-down for the dashboard), `describe`
(a finding as a temuan draft for `awas.cases`).
"""
