"""Hospitality: an invitation read by a model as a threat or an insult.

"next time you come, bring the wine" scored threat 0.60; "la prochaine fois que tu viens, apporte le vin"
toxicity 0.88: "next time you come" and a second person are what threats are made of, but asking a guest
to bring a bottle, a dish or a chair is an invitation. Only a score the models make alone is set aside
(``detectors.toxicity``): a threat pattern or an insult in the same post still decides.
"""

from __future__ import annotations

import re

# Bring / come with something to share: a drink, food, a dish, a chair, a game (folded text, FR and EN).
_BRING = re.compile(
    r"\b(?:bring|brings|bringing|grab|apporte|apportez|apporter|ramene|ramenez|ramener|amene|amenez|amener)"
    r" (?:(?:the|some|a|an|your|ur|a few|le|la|les|du|de la|des|un|une|ton|ta|tes|vos|votre) )?"
    r"(?:(?:bottle of |bouteille de |good |bon |bonne )?(?:wine|vin|beers?|bieres?|champagne|cider|cidre|snacks?|"
    r"dessert|cake|gateau|dish|plat|salad|salade|chips|drinks?|boissons?|chairs?|chaises?|board games?|jeux|"
    r"guitar|guitare|kids|enfants|appetite|appetit|swimsuit|maillot|blanket|plaid|food|bouffe|pie|tarte|bread|pain|"
    r"cheese|fromage|dips?|apero|aperitif))\b"
)


def hospitable(folded: str) -> bool:
    """Whether the post asks someone to bring something to share (an invitation)."""
    return _BRING.search(folded) is not None
