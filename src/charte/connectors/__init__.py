"""Connectors publish an approved post to a platform. One module per platform, each with an in-memory twin.

``base`` is the contract, ``registry`` the closed registry that ``@register`` fills (every other module
here but ``egress``, the network guard, is one connector); ``webhook`` posts a signed JSON document to a
URL; ``memory`` is the twin tests use.
"""

from charte.connectors.base import Connector, Publication, PublishResult
from charte.connectors.registry import get_connector, registered

__all__ = ["Connector", "Publication", "PublishResult", "get_connector", "registered"]
