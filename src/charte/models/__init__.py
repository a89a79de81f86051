"""Charte's own language models: hashed n-gram linear heads trained here, shipped as small artefacts.

Inference (``scorer``) needs numpy only; training (``train``) needs the ``train`` extra.
"""
