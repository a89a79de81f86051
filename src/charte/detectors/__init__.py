"""The detectors: what a policy rule runs on a post.

The folder shows what is a detector and what is its helper:

``base.py``
    The contract: :class:`~charte.detectors.base.Detector` ``[P]`` (typed by its params model) and the
    per-post :class:`~charte.detectors.base.Context`.
``registry.py``
    The closed registry filled by ``@register``; ``load()`` imports every module beside it.
every other module here
    One detector each, registered under the ``id`` that policies name (``pii.py``, ``toxicity.py`` …).
    A new detector is one module here and one decorator.
``support/``
    Helpers that are not detectors and register nothing: phrase and term matchers
    (``phrases``, ``terms``), the PII recognisers (``pii_entities``, ``pii_person``), the abuse rules
    (``abuse``), the cue words of the language detectors (``cues``: threats, negativity, illegal deals)
    and their sentence and target helpers (``lang_tools``), host parsing (``hosts``), regulated-industry
    packs (``packs``), paths beside a policy (``paths``), and the word lists those helpers read
    (``support/data/``: the PERSON gazetteer and the abuse collisions, provenance in ``PROVENANCE.md``).

Lower layers used here and never importing back: :mod:`charte.normalize` (the text views) and
:mod:`charte.models` (the shipped classifiers with their artefacts, language identification among
them, and ``models.lexicons``, the illegal-conduct evidence the scorer reports and ``illegal`` reads).
"""
