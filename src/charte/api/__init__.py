"""The REST API (FastAPI, OpenAPI at /openapi.json, everything under /v1)."""

from charte.api.app import create_app

__all__ = ["create_app"]
