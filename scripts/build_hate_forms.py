"""Build ``src/charte/detectors/support/data/hate_forms.tsv``: every inflected form of the hate judge's lemmas
(``charte.detectors.support.hate_words.LEMMAS``), folded, from simplemma's FR and EN lemma dictionaries.

simplemma maps a form to its lemma; this inverts that map for the lemmas Charte lists, so the judge knows
"dégoûtantes", "haïssons", "exterminés" and "despises" without a lemmatiser at run time. Run it again after
editing the lemma lists:

    pip install 'simplemma>=1.1'
    .venv/bin/python scripts/build_hate_forms.py
"""

from __future__ import annotations

import sys

from charte.detectors.support import hate_words

OUT = hate_words.DATA


def regular_forms(lemma: str, lang: str) -> set[str]:
    """The regular plural (and, in French, feminine) forms of an adjective or noun: "decerebre" gives
    "decerebree", "decerebres", "decerebrees"; "consanguin" gives "consanguine(s)"."""
    if lang == "en":
        return {lemma + ("es" if lemma.endswith(("s", "x", "ch", "sh")) else "s")}
    if lemma.endswith("eux"):
        return {lemma[:-1] + "se", lemma[:-1] + "ses"}
    if lemma.endswith("if"):
        return {lemma + "s", lemma[:-1] + "ve", lemma[:-1] + "ves"}
    if lemma.endswith("e"):
        return {lemma + "s"}
    fem = lemma + ("le" if lemma.endswith("el") else "ne" if lemma.endswith("ien") else "e")
    return {lemma + "s", fem, fem + "s"}


def participles(lemma: str) -> set[str]:
    """The past participles of a regular French verb in gender and number: simplemma gives "noyé" its own
    lemma (an adjective), so "les X méritent d'être noyés" would not read as "noyer"."""
    if lemma.endswith("er"):
        stem = lemma[:-2] + "e"
    elif lemma.endswith("ir"):
        stem = lemma[:-2] + "i"
    else:
        return set()
    return {stem, stem + "e", stem + "s", stem + "es"}


def build() -> list[str]:
    """The rows of the file, sorted: ``form<TAB>category<TAB>lemma<TAB>language``, folded."""
    try:
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory
    except ImportError as exc:  # pragma: no cover - the script's own dependency
        raise SystemExit("simplemma is not installed: pip install 'simplemma>=1.1'") from exc
    factory = DefaultDictionaryFactory()
    rows: set[tuple[str, str, str, str]] = set()
    words_of = {lang: {hate_words.fold(w) for w in factory.get_dictionary(lang)} for lang in ("en", "fr")}
    for lang in ("en", "fr"):
        other = words_of["fr" if lang == "en" else "en"]
        wanted: dict[str, list[str]] = {}
        for cat, by_lang in hate_words.LEMMAS.items():
            for lemma in by_lang[lang]:
                wanted.setdefault(lemma.lower(), []).append(cat)
        for lemma in hate_words.GROUPS[lang]:
            wanted.setdefault(lemma.lower(), []).append("group")
        if lang == "en":
            rows.add(("women", "group", "woman", "en"))
        for form, lemma in factory.get_dictionary(lang).items():
            cats = wanted.get(lemma.lower())
            if not cats or " " in form:
                continue
            folded = hate_words.fold(form)
            for cat in cats:
                base = hate_words.fold(lemma)
                regular = folded in {base + end for end in ("", "s", "es", "e", "x", "ne", "nes")}
                if cat == "group" and not regular and (lang == "en" or folded in other):
                    continue  # "fame" (an old form of "femme"), "blacker": not a name of the group
                rows.add((folded, cat, hate_words.fold(lemma), lang))
        for lemma, cats in wanted.items():
            for cat in cats:
                rows.add((hate_words.fold(lemma), cat, hate_words.fold(lemma), lang))
        # The regular gender and number of the predicates, where simplemma gave none or gave the form to
        # another lemma ("décérébrées" is unknown to it, "sales" goes to "salir"): a form already listed
        # for this language keeps its reading.
        listed = {r[0] for r in rows if r[3] == lang}
        for lemma, cats in wanted.items():
            for cat in cats:
                if cat in ("derog", "dehum") and " " not in lemma:
                    for form in regular_forms(hate_words.fold(lemma), lang) - listed:
                        rows.add((form, cat, hate_words.fold(lemma), lang))
                if cat == "violent" and lang == "fr":
                    for form in participles(hate_words.fold(lemma)) - listed:
                        rows.add((form, cat, hate_words.fold(lemma), lang))
    # Misspellings of a predicate that are words of the same language ("sinks" is one letter from "stinks"):
    # never read as the predicate. Group names are not checked here (the dictionaries hold rare spellings
    # such as "imigre" that are the very misspellings to catch); the tweet vocabulary guards them at run time.
    forms = {(r[0], r[3]) for r in rows}
    for form, cat, _, lang in sorted(rows):
        if cat == "group":
            continue
        real = words_of[lang]
        for v in hate_words.variants(form):
            if (v, lang) not in forms and v in real:
                rows.add((v, "collision", "-", lang))
    return [f"{f}\t{c}\t{lemma}\t{lang}" for f, c, lemma, lang in sorted(rows)]


def main() -> int:
    rows = build()
    header = "# form\tcategory\tlemma\tlanguage (scripts/build_hate_forms.py, from simplemma's dictionaries; do not edit)"
    OUT.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    print(f"{len(rows)} forms written to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
