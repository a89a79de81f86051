"""A group named in a statement of praise, FR and EN (issue #12, "what must not be flagged"): what the group
brings is good ("Muslims bring nothing but joy", "les migrants apportent des solutions") or the group is
called kind ("les Juifs de ma rue sont toujours serviables").

Why a module of its own: the hate patterns read "bring nothing but …" as a habit put down to the group and
the bag-of-words model reads a group name as hate whatever follows it. These say when the clause after the
group praises it, so the pattern does not fire and the model alone does not flag (the caller reports the
group as countered). Any hostile or harmful word in the clause undoes the praise ("bring joy and crime").
All read the folded view (accents removed, ``’`` written ``'``); bounded alternations only.
"""

from __future__ import annotations

import re

from charte.detectors.support import hate_words

#: Good things a group brings (nouns, singular and plural).
GOOD = (
    r"(?:joy|happiness|love|hope|laughter|smiles?|solutions?|ideas?|skills?|talents?|energy|culture|cultures|"
    r"diversity|colou?r|flavou?rs?|food|cake|music|life|wealth|value|help|knowledge|expertise|innovation|"
    r"growth|perspectives?|warmth|kindness|richness|generosity|creativity|strength|peace|"
    r"joie|bonheur|amour|espoir|rires?|sourires?|idees?|competences?|talents?|energie|diversite|couleurs?|"
    r"saveurs?|musique|vie|richesses?|valeur|aide|savoirs?|savoir-faire|croissance|regards?|chaleur|"
    r"gentillesse|generosite|creativite|force|paix|gateaux?)"
)
_GIVE = (
    r"(?:bring|brings|brought|contribute|contributes|add|adds|offer|offers|give|gives|share|shares|"
    r"apportent|apporte|apporteront|amenent|offrent|donnent|partagent|contribuent)"
)
# Kind adjectives after a copula, "always"/"so" allowed between ("sont toujours serviables").
_KIND = (
    r"(?:welcoming|helpful|generous|friendly|polite|kind|lovely|wonderful|great|amazing|brilliant|warm|caring|"
    r"serviables?|accueillante?s?|genereu(?:x|ses?)|polie?s?|aimables?|souriante?s?|chaleureu(?:x|ses?)|"
    r"gentil(?:le)?s?|adorables?|formidables?|genia(?:l|ux|les?))"
)
_OPEN = r"^,?(?: [\w'-]+){0,4}? (?:always |toujours |often |souvent |all |tous |toutes )?"
_GIFT = re.compile(rf"{_OPEN}(?:n')?{_GIVE}(?: [\w'-]+){{0,4}}? {GOOD}\b")
_PRAISED = re.compile(
    rf"{_OPEN}(?:are|sont|seem|semblent)(?: (?:always|toujours|so|si|very|tres|vraiment|really|super|"
    rf"incredibly|extremement))* {_KIND}\b"
)
# Harm or hostility in the clause undoes the praise ("bring joy and crime", "apportent des solutions... mortes").
_BAD = re.compile(
    r"\b(?:crimes?|criminal\w*|trouble|problems?|problemes?|diseases?|maladies?|drugs?|drogues?|violence|"
    r"delinquance|insecurite|terror\w*|chaos|misery|misere|danger\w*|death|mort|rape|viols?|nothing good|"
    r"rien de bon|but|mais|sauf|except)\b"
)


def praised(after: str, lang: str | None = None) -> bool:
    """Whether the clause ``after`` a group name praises the group: a good thing it brings, or a kind
    adjective after a copula, with no hostile or harmful word in the clause."""
    if _GIFT.match(after) is None and _PRAISED.match(after) is None:
        return False
    if _BAD.search(after.replace("nothing but", "").replace("n'apportent que", "")) is not None:
        return False
    return not any(
        (found := hate_words.lookup(w, lang or "en")) is not None and found[0] in ("derog", "dehum")
        for w in re.findall(r"[\w-]+", after)
    )
