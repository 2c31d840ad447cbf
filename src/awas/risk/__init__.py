"""The vulnerability index (pemetaan kerawanan) per kab/kota: the published Bawaslu baseline combined
with live indicators from pluggable providers, levels, snapshots over time, and the findings statistics
the dashboard and reports show.

Read `formula.py` first: it is the index, in one place, with its documented cut-offs.
"""
