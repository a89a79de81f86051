"""Shapes of illegal-goods deals that a fixed list of items misses, matched on the *folded* view.

* Illicit goods named by what makes them illegal rather than by a fixed phrase: a fake, forged, stolen,
  hacked or counterfeit document, card, account, note or branded good, with words between ("fake driver's
  license", "counterfeit $100 bills", "hacked Instagram accounts", "fausse carte d'identité") or, in French,
  the adjective after the noun ("comptes insta piratés", "un compte spotify volé"); and stolen goods said
  with the idiom ("tombé du camion", "fell off a truck"). ``ILLICIT_GOODS`` is an item of the deal patterns.
* Vendor talk: a drug or illicit good and, anywhere near it, how a seller takes orders ("stealth shipping,
  escrow only", "taking orders till fri", "pull up", "snap en bio", "discrétion garantie"). A request or an
  offer that puts its cue after a clause ("tabs of acid and some molly, taking orders") is as explicit as one
  that puts it first.
* Look-alikes that the deal words also name: a trade dealer ("bullion dealer", "car dealer", "dealer for a
  secondhand Audi", "mon dealer de café") and a weapon sold with its licence ("fusil de chasse avec permis et
  papiers en règle").

Patterns are plain alternations with bounded gaps (linear time); callers gate them with literal prefilters.
"""

from __future__ import annotations

import re

from charte.models.lexicons import compile_words

# --- illicit goods named by their illegality -----------------------------------------------------------
_FAKE_ADJ = (
    r"(?:fake|forged|counterfeit|replica|cloned|stolen|hacked|phished|faux|fausses?|falsifie\w*|contrefait\w*|"
    r"clone\w*|volee?s?|pirate\w*|hacke\w*)"
    # "faux leather bags", "fausses fleurs": a material or a decoration, not a forgery
    r"(?! (?:leather|fur|suede|marble|wood|flowers?|plants?|lashes|nails|cuir|fourrure|daim|marbre|bois|fleurs?|"
    r"plantes?|cils|ongles)(?!\w))"
)
# Documents, money, cards, accounts and branded goods: what a "fake"/"stolen" makes an illegal item.
_GOODS = (
    r"(?:ids?|id cards?|passports?|driver'?s? licen[cs]es?|driving licen[cs]es?|licen[cs]es?|diplomas?|degrees?|"
    r"prescriptions?|scripts?|vaccine cards?|vaccination cards?|covid pass(?:es)?|payslips?|pay stubs?|"
    r"bills|notes|money|cash|euros|dollars|cards?|credit cards?|accounts?|logins?|iphones?|phones?|"
    r"papiers|permis|passeports?|cartes? d'identite|cartes? vitales?|cartes? grises?|diplomes?|attestations?|"
    r"ordonnances?|billets|cartes?|cb|comptes?|telephones?|sacs?|bags?|handbags?|watch(?:es)?|montres?|"
    r"sneakers|baskets|rolex|louis vuitton|lv|gucci|chanel|hermes|dior|prada|cartier|jordans|airpods)"
)
# Brand or platform words between the adjective and the good ("hacked Instagram accounts", "$100 bills").
# A possessive there is the author's loss, not goods ("someone hacked my instagram account").
_BETWEEN = r"(?:(?!(?:my|our|his|her|their|your|mon|ma|mes|ton|ta|tes|son|sa|ses)(?!\w))[^\s]{1,14} ){0,2}"
# The words between are names ("insta", "spotify", "14 pro"), not a verb: "ma carte a été volée" is a loss.
_FR_AFTER = (
    r"(?:comptes?|cartes?(?: bancaires?)?|cb|iphones?|telephones?|papiers|billets|permis|passeports?|sacs?|"
    r"montres?)(?: (?!(?:a|ete|est|sont|ont|m'a|on|s'est|se|fait|etait)(?!\w))[\w+]{1,12}){0,2} "
    r"(?:pirate|vole|clone|hacke|contrefait|falsifie)\w*"
)
_STOLEN_IDIOM = r"(?:tombee?s? du camion|fell off (?:the back of )?(?:a|the) (?:truck|lorry))"
#: The item alternation the deal patterns add to their fraud items.
ILLICIT_GOODS = rf"(?:{_FAKE_ADJ} {_BETWEEN}{_GOODS}|{_FR_AFTER}|{_STOLEN_IDIOM})"
ILLICIT_GOODS_RE = re.compile(rf"(?<![\w']){ILLICIT_GOODS}(?!\w)")
#: Literal prefilter of ``ILLICIT_GOODS``: a post naming none of these words skips the pattern.
ILLICIT_GATE = compile_words(
    [
        *("fake", "forged", "counterfeit", "replica", "cloned", "stolen", "hacked", "cracked", "phished"),
        *("faux", "fausse", "fausses", "falsifie*", "contrefait*", "clone*", "vole*", "pirate*", "hacke*"),
        *("tombe du camion", "tombee du camion", "tombes du camion", "tombees du camion", "fell off"),
    ]
)

# --- vendor talk ---------------------------------------------------------------------------------------
_VENDOR_CUE = re.compile(
    r"(?<![\w'])(?:stealth|escrow|discreet (?:shipping|delivery|packaging|post)|(?:livraison|envoi|colis) discret\w*|"
    r"discretion (?:garantie|assuree)|ships? (?:worldwide|from|to)|shipping worldwide|worldwide shipping|"
    r"taking orders|orders? open|accepting orders|prendre commande|sur commande|commandes? ouvertes?|"
    r"pull up|tryna link|link up|hmu|hit me up|msg me|message me|dm me|dm moi|dm for|dms? open|mp moi|mp pour|"
    r"ecris[- ]moi|snap en bio|snap in bio|tg in bio|menu in bio|menu en bio|ask for samples|samples available|"
    r"pay in (?:btc|crypto|bitcoin)|paiement en (?:crypto|btc|liquide|cash)|cash ?app|cash only|no lowballers|"
    r"restock\w*|fresh batch|new batch|just landed|bulk (?:pricing|discount)s?|prix de gros|"
    r"dispo (?:ce soir|24/7|7j/7|tte la nuit|toute la nuit)|livraison 7/7|same day|for sale|a vendre|"
    r"(?:don'?t|dont|no) ask(?: where| questions)?|no questions asked|pas de questions?|"
    r"livraison (?:france|partout|europe|rapide|offerte)|qualite miroir|aaa grade|scannable|"
    r"darknet|dark web|dnm|onion)(?![\w'])"
)
#: Literal prefilter of ``_VENDOR_CUE``.
VENDOR_GATE = compile_words(
    [
        *("stealth", "escrow", "discreet", "discret*", "discretion", "ships", "ship", "shipping", "orders"),
        *(
            "commande",
            "commandes",
            "pull up",
            "link",
            "hmu",
            "hit me up",
            "msg me",
            "message me",
            "dm",
            "dms",
        ),
        *(
            "mp",
            "ecris",
            "snap",
            "tg",
            "menu",
            "samples",
            "pay in",
            "paiement",
            "cashapp",
            "cash app",
            "cash only",
        ),
        *("lowballers", "restock*", "batch", "just landed", "bulk", "prix de gros", "dispo", "livraison 7/7"),
        *("same day", "for sale", "a vendre", "ask", "no questions asked", "pas de question*"),
        *("livraison", "qualite miroir", "aaa grade", "scannable", "darknet", "dark web", "dnm", "onion"),
    ]
)
_VENDOR_WINDOW = 90  # characters between the goods and how the seller takes orders


def vendor_cue_near(folded: str, start: int, end: int) -> bool:
    """Whether a seller's way of taking orders is within ``_VENDOR_WINDOW`` characters of ``start:end``."""
    if next(VENDOR_GATE.finditer(folded), None) is None:
        return False
    lo, hi = max(0, start - _VENDOR_WINDOW), min(len(folded), end + _VENDOR_WINDOW)
    return _VENDOR_CUE.search(folded, lo, hi) is not None


# --- look-alikes ---------------------------------------------------------------------------------------
#: A possessive before stolen goods or a card makes them the author's loss ("my stolen phone, dm me if you
#: see it", "ma carte bancaire a été volée, dm moi").
_POSSESSIVE_BEFORE = re.compile(
    r"(?<![\w'])(?:my|our|his|her|their|mon|ma|mes|notre|nos|son|sa|ses|leurs?) $"
)


def own_loss(folded: str, start: int) -> bool:
    """Whether the goods starting at ``start`` follow a possessive: the author's (or someone's) own."""
    return _POSSESSIVE_BEFORE.search(folded, max(0, start - 8), start) is not None


# --- trades and licences -------------------------------------------------------------------------------
# A trade before "dealer" ("bullion dealer", "used car dealer", "my coffee dealer") or after it ("dealer for
# a secondhand Audi", "dealer de café"): a licensed business, or a joke about one.
_TRADES = (
    r"(?:cars?|auto|autos|used|motor|motors|bikes?|motos?|boats?|bullion|gold|silver|coins?|metals?|art|"
    r"antiques?|books?|wine|coffee|tea|cards?|blackjack|casino|furniture|stamps?|records?|vinyl|watch(?:es)?|"
    r"diamonds?|jewel\w*|horses?|scrap|tyres?|tires?|authori[sz]ed|licensed|registered|franchised|approved|official|"
    r"ford|bmw|audi|toyota|vw|volkswagen|mercedes|honda|nissan|peugeot|renault|citroen|kia|hyundai|tesla|"
    r"vauxhall|fiat|volvo|secondhand|second-hand|cafe|voitures?|lingots?|metaux|pieces|vins?)"
)
_TRADE_BEFORE = re.compile(rf"(?<![\w']){_TRADES}(?: \w+)? $")
_TRADE_AFTER = re.compile(
    rf"(?:ship)? (?:of|for|in|de|d'|en)(?: an?| the| une?| des| du| la| le)? ?{_TRADES}(?!\w)"
)


def trade_dealer(folded: str, start: int, end: int) -> bool:
    """Whether the "dealer" at ``start:end`` is a trade's ("bullion dealer", "dealer for a used Audi")."""
    return (
        _TRADE_BEFORE.search(folded, max(0, start - 30), start) is not None
        or _TRADE_AFTER.match(folded, end) is not None
    )


# A weapon sold or bought with its licence: "avec permis et papiers en règle", "licence holders only",
# "via a registered dealer". "Sans permis", "no licence" and "non déclaré" are the opposite.
_LICENSED = re.compile(
    r"(?<![\w'])(?:(?:avec|with)(?: mon| my| son| his| her| le| the| un| a| valid)? (?:permis|licen[cs]e|"
    r"permit|fac|firearms? certificate|shotgun certificate)|papiers en regle|licen[cs]e holders?|"
    r"licensed (?:dealer|gunsmith|buyers?)|registered (?:dealer|firearms dealer)|rfd|ffl|armurer\w*|gunsmith|"
    r"gun shop|gun store|permis de chasse|licence de tir|licence ftt|club de tir|i have (?:my|a) (?:licen[cs]e|"
    r"permit|certificate)|j'ai (?:mon|le|un) permis)(?![\w'])"
)
_UNLICENSED = re.compile(
    r"(?<![\w'])(?:sans|no|without|pas de|pas besoin de?|no need for|not needed)(?: \w+)? (?:permis|licen[cs]e|"
    r"permit|papiers|paperwork|background check|questions)|non declare\w*|unregistered|untraceable|"
    r"serial (?:filed|removed)|numero lime(?![\w'])"
)


def licensed_weapon(folded: str) -> bool:
    """Whether a weapon deal says it goes through the licence ("avec permis", "gun shop"), and nothing
    says the opposite ("sans permis", "non déclaré")."""
    return _LICENSED.search(folded) is not None and _UNLICENSED.search(folded) is None
