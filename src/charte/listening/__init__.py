"""Listening: what the public says about the organisation, taken in from the outside.

This layer sits below ``service`` and above ``store``/``connectors``: it owns the shape of an incoming mention
(``types``), the source adapters that produce them (Mastodon, Bluesky Jetstream, RSS/Atom, the inbound webhook,
file import), the ingestion runner with its back-off, and the signals computed on what comes in (spikes,
look-alike accounts and links). It stores nothing itself: the service layer gives it a ``MentionSink`` and a
``SourceStateStore``, so a batch and the cursor after it are stored in one transaction (no mention lost or
stored twice when the worker is killed and restarted).
"""
