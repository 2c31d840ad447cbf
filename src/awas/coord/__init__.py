"""Coordinated inauthentic behaviour: buzzer networks, copy-paste campaigns, co-sharing rings.

The engine (`engine.detect_frame`) turns a frame of posts into clusters of accounts that acted
together: near-duplicate text (MinHash LSH over the shared normaliser's words), the same canonical
link, the same hashtag set, the same repost or reply target, each within a time window estimated
from the data (CooRnet) or set by the analyst. `service` runs it over new posts in the store,
incrementally; `query` and `describe` are the typed read side for the web, cases and evidence.
"""
