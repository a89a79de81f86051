"""The web interface: server-rendered pages over the service layer, in French and English.

A layer just below ``api`` (whose ``create_app`` mounts it at ``/``) and above ``service``: every rule a page
applies is the service's, so the browser and the API can never disagree. Conventions: docs/web.md.
"""
