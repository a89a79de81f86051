"""Language identification (French, English, other) without network or heavy models.

A first version based on function-word frequencies; it is fast (a set lookup per word).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœæ']+")
_FR = frozenset(
    ["le", "la", "les", "un", "une", "des", "du", "de", "et", "est", "sont", "pas", "ne", "je", "tu", "il", "elle", "nous", "vous", "ils", "elles", "on", "que", "qui", "quoi", "dans", "pour", "avec", "sur", "par", "mais", "ou", "donc", "car", "ce", "cette", "ces", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs", "au", "aux", "très", "plus", "moins", "tout", "tous", "toute", "bien", "merci", "bonjour", "oui", "non", "être", "avoir", "fait", "faire", "c'est", "j'ai", "n'est", "qu'il", "d'un", "d'une", "l'on", "aussi", "comme", "même", "encore", "déjà", "ici", "là", "où"]
)
_EN = frozenset(
    ["the", "a", "an", "and", "is", "are", "was", "were", "not", "no", "i", "you", "he", "she", "we", "they", "it", "that", "which", "what", "in", "on", "for", "with", "by", "but", "or", "so", "this", "these", "those", "my", "your", "his", "her", "our", "their", "to", "of", "at", "from", "very", "more", "less", "all", "well", "thanks", "thank", "hello", "yes", "be", "have", "has", "had", "do", "does", "did", "it's", "i'm", "don't", "can", "will", "would", "should", "just", "also", "like", "even", "still", "already", "here", "there", "where"]
)


def identify(text: str) -> str:
    """Return ``"fr"``, ``"en"`` or ``"other"`` for ``text``."""
    fr = en = 0
    for word in _WORD.findall(text.lower()):
        if word in _FR:
            fr += 1
        if word in _EN:
            en += 1
    if fr == en:
        return "other" if fr == 0 else "en"
    return "fr" if fr > en else "en"
