"""Banter between friends: "I'll kill you if you take my fries lol", "si tu me spoiles la fin je te tue 😂".

Why: the words of a threat are there, but what sets them off is trivial (food taken, a spoiler, a pun, being
left on read, skipping a party) or the post celebrates the reader (congratulations, the best news). A real
threat carries something the banter lacks: a weapon, a body part, the reader's family, home or address, or the
author insisting they mean it; any of these keeps the threat. Compositional on purpose: the trigger and the
serious markers are small word lists, not sentences, so new banter ("touch my snacks and you're dead lol")
is recognised without being written out.
"""

from __future__ import annotations

import re

# What sets the "threat" off: food taken, a spoiler, a pun, chat etiquette, a party skipped, "not telling me".
_TRIGGER = re.compile(
    r"\b(?:(?:take|took|taking|eat|ate|eating|eats|touch|touches|touching|steal|stole|stealing|finish|finished|"
    r"drink|drank|mang\w*|pique\w*|vole\w*|bois|finis|touche\w*) (?:a |aux? )?(?:my |the last |mes |ma |mon |le dernier |"
    r"la derniere |ma derniere |mon dernier )?(?:\w+ )?(?:fries|chips|pizza|slice|snacks?|cake|cookies?|chocolate|"
    r"coffee|tea|leftovers|sandwich|burger|candy|sweets|nuggets|donuts?|frites|gateau|chocolat|cafe|bonbons|"
    r"biscuits?|part|pizza|croissants?|nutella|glace|ice cream)"
    r"|spoil\w*|spoiler\w*|the finale|the ending|(?:that|this|your|ce|cette|ton|ta) (?:pun|joke|blague|jeu de mots)"
    r"|(?:leave|left|leaving) me on read|ghost(?:ing|ed)? me|vu sans repondre|laisse\w* en vu"
    r"|(?:come|coming|show up|showing up) to my (?:party|wedding|birthday|bbq|barbecue)|(?:ma|mon) (?:soiree|fete|anniv\w*)"
    r"|(?:not|never) (?:telling|told) me (?:sooner|earlier|first)|sans me (?:le )?dire|sans me prevenir"
    r"|congrats|congratulations|best news|so happy for|so proud of|felicitations|trop contente? pour)\b"
)
# What banter never carries: a weapon, a body part hurt, the reader's family or home, the author insisting.
_SERIOUS = re.compile(
    r"\b(?:knife|knives|gun|guns|bat|blade|bullet|shotgun|pistol|machete|couteau|flingue|batte|lame|balle|"
    r"face|legs?|skull|jaw|teeth|throat|bones?|gueule|jambes|dents|"
    r"kids?|children|wife|husband|daughter|son|family|mother|father|enfants|gosses|femme|mari|fille|fils|famille|"
    r"where (?:you|u) live|your (?:house|address|home)|ou tu habites|chez toi|ton adresse|"
    r"(?:not|no|pas) (?:joking|kidding|a joke|une blague)|i mean it|dead serious|je rigole pas|serieux)\b"
)


def banter(folded: str) -> bool:
    """Whether the post's "threat" is banter: set off by a trivial trigger, with no serious marker."""
    return _TRIGGER.search(folded) is not None and _SERIOUS.search(folded) is None
