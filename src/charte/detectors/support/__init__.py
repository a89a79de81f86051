"""Helpers of the detectors: matchers, word lists and recognisers that a detector module uses.

Nothing here is a detector: the registry never imports this package for its own sake, and no module
here registers anything. See :mod:`charte.detectors` for the layout.
"""
