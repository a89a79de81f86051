"""Classification in worker processes gives the decisions of the calling process's engine, in order."""

from __future__ import annotations

from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.service.classifying import ClassifierPool

TEXTS = [
    "Votre service est nul, je veux être remboursé !",
    "Merci pour la livraison rapide, super équipe",
    "Where is my parcel? Ordered two weeks ago.",
    "I will find you and make you pay, idiot",
    "Appelez-moi au 06 12 34 56 78 pour le dossier",
    "Great coffee this morning at the Lyon shop",
    "Votre appli plante encore, c'est la troisième fois",
    "Is the branch open on Sunday?",
]


def test_the_pool_decides_like_the_engine_in_order(engine: CheckEngine) -> None:
    posts = [Post(text=f"{text} ({i})", platform="bluesky") for i, text in enumerate(TEXTS * 3)]
    key = (1, "demo")
    pool = ClassifierPool(2, min_batch=4)
    try:
        pooled = pool.check_many(engine, key, lambda: _demo_text(), posts)
        small = pool.check_many(engine, key, lambda: "not read for a small batch", posts[:3])
    finally:
        pool.close()
    expected = engine.check_many(posts)
    assert [d.to_dict() for d in pooled] == [d.to_dict() for d in expected]
    assert [d.to_dict() for d in small] == [d.to_dict() for d in expected[:3]]


def _demo_text() -> str:
    from charte.cli.demo import demo_policy_text

    return demo_policy_text()
