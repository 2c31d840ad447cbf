"""Feeders: sources fetched over HTTP on a schedule (news feeds, watched pages, platform search APIs)."""
