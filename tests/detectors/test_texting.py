"""Texting spellings spelt out for the hate and threat rules (charte.detectors.support.texting), FR and EN.

The sentences are new (not in ``benchmarks/data/probe_styles_dev.jsonl``): the rules must read SMS and forum
spelling of function words as they read the spelling of tweets, and the guards must hold in those spellings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from charte import normalize
from charte.detectors.support import abuse, texting
from charte.domain import Post

ROOT = Path(__file__).resolve().parents[2]


def view(text: str, lang: str | None) -> normalize.View:
    return texting.texting(normalize.folded(text), lang)


@pytest.mark.parametrize(
    ("lang", "text", "spelt"),
    [
        ("fr", "jdeteste le lundi", "je deteste le lundi"),
        ("fr", "jvais voir", "je vais voir"),
        ("fr", "jsuis crevé", "je suis creve"),
        ("fr", "qqn sait qd ça ouvre ?", "quelqu'un sait quand ca ouvre ?"),
        ("fr", "pk c si cher", "pourquoi c'est si cher"),
        ("fr", "c est l heure qu il parte", "c'est l'heure qu'il parte"),
        ("fr", "ils sont tous d voleurs", "ils sont tous des voleurs"),
        ("fr", "c pas d humains", "c'est pas d'humains"),
        ("fr", "je sais ou t habites", "je sais ou tu habites"),
        ("fr", "je t'attends, t'es où", "je t'attends, t'es ou"),
        ("en", "u r late", "you are late"),
        ("en", "theyre here, dont go", "they're here, don't go"),
        ("en", "ill call u tmrw", "i will call you tomorrow"),
        ("en", "I'll be there", "i will be there"),
        ("en", "she needs 2 go", "she needs to go"),
        ("en", "too tired 2 cook", "too tired to cook"),
        ("en", "they should b here", "they should be here"),
        ("en", "ur dead", "you're dead"),
        ("en", "ur car", "your car"),
        ("en", "y r ppl like this", "why are people like this"),
    ],
)
def test_respelt(lang: str, text: str, spelt: str) -> None:
    assert view(text, lang).text == spelt


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "they are ill and tired"),  # the adjective, not "I'll"
        ("en", "you b itch"),  # a spaced-out word, not "be"
        ("en", "you b*tch"),
        ("en", "gonna wanna"),  # the rules read these as they are
        ("en", "we lost 2-0 on 4 May"),  # numbers stay numbers
        ("en", "seized 2 tonnes, too many 2"),
        ("en", "my id card and c++ code"),
        ("fr", "le json et le jpg"),  # acronyms, not "je" glued to a verb
        ("fr", "Je suis là"),
        ("fr", "France vs Brésil"),  # "vs" is versus
        (None, "u r late"),  # no language, no guess
    ],
)
def test_left_alone(lang: str | None, text: str) -> None:
    before = normalize.folded(text)
    assert view(text, lang).text == before.text


def test_spans_point_at_what_the_author_wrote() -> None:
    text = "Franchement jdeteste les Albanais"
    v = view(text, "fr")
    start = v.text.index("je deteste")
    span = v.to_original(start, start + len("je deteste"))
    assert text[span.start : span.end] == "jdeteste"
    span = v.to_original(v.text.index("albanais"), len(v.text))
    assert text[span.start : span.end] == "Albanais"


def test_unchanged_view_is_the_same_object() -> None:
    folded = normalize.folded("Our savings account pays 3.5 % this year.")
    assert texting.texting(folded, "en") is folded


HATE = [
    ("fr", "jmeprise les Albanais, tous autant qu ils sont"),
    ("fr", "les albanais c des cafards"),
    ("fr", "les albanais sont tous d parasites"),
    ("fr", "les albanais c pas d humains"),
    ("en", "albanians r vermin"),
    ("en", "ill never respect albanians"),
    ("en", "albanians r too dumb 2 vote"),
]
GUARDED = [
    ("fr", "c faux de dire que les albanais c des cafards"),
    ("fr", "les albanais c pas des cafards"),
    ("en", "albanians r not vermin"),
    ("en", "ppl who say albanians r vermin are disgusting"),
    ("en", "landlords r vermin"),  # not a protected group
    ("fr", "les banquiers c des rapaces"),
]


@pytest.mark.parametrize(("lang", "text"), HATE)
def test_texting_hate_is_read(lang: str, text: str) -> None:
    assert abuse.hate_reading(view(text, lang).text, lang).hits, text


@pytest.mark.parametrize(("lang", "text"), GUARDED)
def test_texting_guards_hold(lang: str, text: str) -> None:
    assert not abuse.hate_reading(view(text, lang).text, lang).hits, text


@pytest.mark.parametrize(
    ("text", "lang"),
    [("jsais ou t habites mec", "fr"), ("jvais te crever", "fr"), ("ill kill u", "en"), ("ur dead m8", "en")],
)
def test_texting_threats_are_read(text: str, lang: str) -> None:
    assert any(h.kind == "threat" for h in abuse.threat_hits(view(text, lang).text)), text


@pytest.mark.parametrize("text", ["", "🙂" * 50, "u " * 3000, "j" * 5000, "c " * 2000, "t " * 2000])
def test_bad_input_gives_no_error(text: str) -> None:
    for lang in ("fr", "en", None):
        v = view(text, lang)
        assert v.to_original(0, len(v.text)).end <= len(text)


@pytest.fixture(scope="module")
def engines() -> dict[str, object]:
    import charte

    return {
        lang: charte.CheckEngine(charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml"))
        for lang in ("fr", "en")
    }


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "jdeteste les albanais, c tous d parasites"),
        ("en", "ill never respect albanians, theyre vermin"),
    ],
)
def test_engine_flags_texting_hate(engines: dict[str, object], lang: str, text: str) -> None:
    decision = engines[lang].check(Post(text=text, lang=lang))  # type: ignore[attr-defined]
    assert any(f.entity == "HATE" for f in decision.findings), text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "qqn sait si l agence est ouverte samedi ? jsuis dispo qd vous voulez"),
        ("en", "u r the best, ty"),
    ],
)
def test_engine_allows_texting_posts(engines: dict[str, object], lang: str, text: str) -> None:
    decision = engines[lang].check(Post(text=text, lang=lang))  # type: ignore[attr-defined]
    assert decision.verdict.value == "allow", [f.entity for f in decision.findings]


@pytest.mark.parametrize(
    ("lang", "text"), [("fr", "t'es qu'un c🅾nnard"), ("en", "u🅾 r🅰"), ("fr", "ces gens-la")]
)
def test_words_next_to_emoji_or_hyphens_are_left_alone(lang: str, text: str) -> None:
    assert view(text, lang).text == normalize.folded(text).text
