"""Connectors publish an approved post to a platform. One module per platform, each with an in-memory twin.

``base`` is the contract and the registry; ``webhook`` posts a signed JSON document to a URL;
``memory`` is the twin tests use.
"""

from charte.connectors.base import Connector, Publication, PublishResult, get_connector, registered

__all__ = ["Connector", "Publication", "PublishResult", "get_connector", "registered"]
