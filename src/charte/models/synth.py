"""Weakly-labelled template sentences for the gaps in the public data (training only).

Public data has no French customer intent, few French threats, no slang compliments and nothing on
illegal conduct. These templates close the gap honestly: each family is written in several registers
(formal, casual, SMS, angry, polite), slots are filled from small lists, and the generator is seeded.
They are split like real rows (calibration sees them) but never counted in the reported metrics, which are computed on
held-out rows of the real corpora. Every sentence here was written for this project.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

BRANDS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Soylent", "Vandelay", "Stark", "Wayne",
          "Cyberdyne", "Orange", "SNCF", "Free", "Fnac", "Darty", "Decathlon", "Carrefour", "Amazon",
          "Netflix", "Uber", "Delta", "Comcast", "Verizon", "Tesco", "Boots", "Zalando"]
PRODUCTS_FR = ["colis", "commande", "box", "forfait", "remboursement", "facture", "téléphone", "billet",
               "abonnement", "livraison", "carte", "appli", "compte", "frigo", "ordinateur", "train"]
PRODUCTS_EN = ["package", "order", "router", "plan", "refund", "bill", "phone", "ticket", "subscription",
               "delivery", "card", "app", "account", "fridge", "laptop", "flight"]
DURATIONS_FR = ["3 jours", "deux semaines", "un mois", "10 jours", "48h", "trois semaines", "6 mois"]
DURATIONS_EN = ["3 days", "two weeks", "a month", "10 days", "48 hours", "three weeks", "6 months"]
NAMES = ["Sophie", "Karim", "Julie", "Mehdi", "Lucas", "Emma", "Tom", "Sarah", "Nadia", "Kevin", "Léa",
         "Jake", "Mike", "Laura", "Chris", "Inès", "Yanis", "Chloé"]

TEMPLATES: dict[str, dict[str, list[str]]] = {
    # --- intent -------------------------------------------------------------------------------
    "complaint": {
        "fr": [
            "ça fait {dur} que j'attends mon {prod_fr} @{brand}, c'est inadmissible",
            "@{brand} toujours aucune nouvelle de ma {prod_fr}, service client injoignable, bravo",
            "Madame, Monsieur, je vous signale que ma {prod_fr} n'est jamais arrivée malgré mes relances.",
            "{brand} encore une panne, 3e fois cette semaine, j'en ai marre",
            "sérieux {brand} vous m'avez débité deux fois et personne répond 😡",
            "franchement déçu par {brand}, {prod_fr} reçue cassée et pas de remboursement",
            "je paie mon {prod_fr} chaque mois pour un service qui ne marche jamais, lamentable @{brand}",
            "le {prod_fr} commandé chez {brand} est arrivé abîmé, je veux être remboursé",
            "@{brand} votre appli plante à chaque connexion depuis la mise à jour, c'est une honte",
            "mdr {brand} qui me facture un {prod_fr} que j'ai jamais commandé, vous êtes sérieux ?",
            "Retard de {dur} sur ma {prod_fr}, aucune excuse, aucun geste commercial. Très mécontent.",
            "j'ai appelé 5 fois le service client de {brand}, on me raccroche au nez à chaque fois",
            "plus jamais {brand}, {prod_fr} perdu et on me demande de patienter encore {dur}",
            "@{brand} ma connexion coupe toutes les 10 min depuis {dur}, vous comptez réparer quand ?",
            "réclamation : produit défectueux reçu, le SAV de {brand} ne répond pas",
            "c'est quoi ce service @{brand} ?? commande annulée sans prévenir et toujours pas remboursé",
        ],
        "en": [
            "been waiting {dur_en} for my {prod_en} @{brand}, this is unacceptable",
            "@{brand} still no update on my {prod_en} and your support line is useless",
            "{brand} charged me twice and nobody answers. terrible service",
            "my {prod_en} from {brand} arrived broken and they refuse to refund me",
            "thanks for nothing @{brand}, {dur_en} without internet and no explanation",
            "worst customer service ever @{brand}, on hold for an hour then disconnected",
            "@{brand} your app keeps crashing since the update, fix it",
            "ordered from {brand} {dur_en} ago, still nothing. never again",
            "I want my money back @{brand}, the {prod_en} stopped working after two days",
            "so disappointed with {brand}, flight cancelled and no compensation",
        ],
    },
    "question": {
        "fr": [
            "Bonjour @{brand}, est-ce que vous livrez en Belgique ?",
            "@{brand} comment je fais pour changer l'adresse de ma {prod_fr} ?",
            "quelqu'un sait à quelle heure ouvre le magasin {brand} dimanche ?",
            "@{brand} bonjour, quels sont les délais de livraison pour une {prod_fr} ?",
            "est-ce que le {prod_fr} est compatible avec mon ancien modèle ?",
            "Bonjour, pouvez-vous m'indiquer comment résilier mon {prod_fr} ?",
            "vous acceptez les paiements en 3 fois @{brand} ?",
            "slt @{brand} c'est possible de récupérer ma commande en magasin ?",
            "@{brand} y a-t-il une promo prévue pour le black friday ?",
            "Comment puis-je obtenir une facture pour mon achat du mois dernier ?",
            "où est-ce que je peux trouver le numéro de suivi de ma {prod_fr} ?",
            "{brand} vous recrutez des alternants cette année ?",
        ],
        "en": [
            "hi @{brand}, do you ship to Canada?",
            "@{brand} how do I change the address on my {prod_en}?",
            "does anyone know what time {brand} opens on Sunday?",
            "what's the delivery time for a {prod_en} @{brand}?",
            "is the new {prod_en} compatible with the old charger?",
            "@{brand} can I pick up my order in store?",
            "how can I get an invoice for last month's purchase?",
        ],
    },
    "praise": {
        "fr": [
            "merci @{brand} pour la livraison ultra rapide, au top 👏",
            "super accueil au magasin {brand} aujourd'hui, merci à {name} !",
            "je recommande {brand} les yeux fermés, service impeccable",
            "bravo à l'équipe {brand}, problème réglé en 5 minutes",
            "franchement {brand} c'est une dinguerie, rien à redire 🔥",
            "trop contente de mon nouveau {prod_fr}, merci {brand} ❤️",
            "Un grand merci au service client de {brand} pour sa réactivité.",
            "{brand} au top comme d'hab, livré en avance",
            "ce {prod_fr} est une tuerie, je valide à 100%",
            "chapeau {brand}, vous avez assuré 💪",
        ],
        "en": [
            "thank you @{brand} for the super fast delivery, you rock",
            "shoutout to {name} at {brand}, amazing service today!",
            "{brand} customer service is the best, fixed in 5 minutes",
            "love my new {prod_en}, thanks {brand} ❤️",
            "this {prod_en} is fire 🔥 {brand} never disappoints",
            "huge thanks to the {brand} team, you nailed it",
        ],
    },
    "crisis": {
        "fr": [
            "URGENT : votre {prod_fr} a pris feu dans ma cuisine, mon fils est brûlé",
            "@{brand} mon enfant a fait une réaction allergique grave après avoir mangé votre produit, hôpital",
            "fuite de gaz à l'agence {brand} de Lyon, les gens évacuent",
            "alerte : les données clients de {brand} circulent sur internet, fuite massive",
            "accident grave dans l'usine {brand}, des blessés, les secours sont sur place",
            "votre {prod_fr} a explosé, il y a des blessés, faites quelque chose",
            "intoxication alimentaire de toute la famille après un repas {brand}, plusieurs hospitalisés",
            "un incendie s'est déclaré dans le magasin {brand}, évacuation en cours",
            "je n'en peux plus, je veux en finir, personne ne m'aide",
            "rappel produit urgent : les {prod_fr} {brand} présentent un risque d'électrocution",
            "inondation au dépôt {brand}, plus de livraisons, des salariés bloqués",
            "cyberattaque chez {brand}, tous les comptes clients sont piratés",
        ],
        "en": [
            "URGENT: your {prod_en} caught fire in my kitchen, my son got burned",
            "@{brand} my kid had a severe allergic reaction to your product, we're at the ER",
            "explosion at the {brand} plant, several injured, emergency services on site",
            "massive data breach at {brand}, customer passwords leaked online",
            "fire at the {brand} store downtown, everyone evacuated",
            "food poisoning after eating at {brand}, whole family in hospital",
            "I can't take it anymore, I want to end it all",
            "product recall: {brand} {prod_en} may electrocute users",
        ],
    },
    "other": {
        "fr": [
            "belle journée au parc avec les enfants",
            "quelqu'un a vu le match hier soir ? quel but",
            "nouvel article sur le blog : nos 5 conseils pour bien dormir",
            "on recrute ! rejoignez l'équipe {brand} à Lyon",
            "rendez-vous au salon de l'agriculture ce week-end",
            "je vais au ciné ce soir avec {name}",
            "la réunion est décalée à 15h",
            "{brand} annonce l'ouverture d'un nouveau magasin à Nantes",
            "il pleut encore à Paris",
            "découvrez notre nouvelle collection printemps",
        ],
        "en": [
            "nice day at the park with the kids",
            "new blog post: 5 tips for better sleep",
            "we're hiring! join the {brand} team in Austin",
            "see you at the trade show this weekend",
            "{brand} opens a new store in Leeds",
        ],
    },
    # --- toxicity -----------------------------------------------------------------------------
    "threat": {
        "fr": [
            "je vais te retrouver",
            "je sais où tu habites {name}, fais gaffe à toi",
            "tu vas le payer cher, je te le promets",
            "je vais te démonter la gueule à la sortie",
            "si je te croise je te défonce",
            "on va venir chez toi, tu vas voir",
            "fais attention en rentrant ce soir {name}",
            "je vais te faire la peau",
            "t'es mort si tu remets les pieds ici",
            "je vais brûler ta boutique @{brand}",
            "on sait où se trouve ton bureau, ça va mal finir",
            "continue et je t'explose",
            "je vais te tuer sale chien",
            "tu vas regretter d'être né",
            "on va s'occuper de ta famille",
            "je te retrouverai, où que tu sois",
            "attends que je te chope, tu vas comprendre",
            "je vais poser une bombe chez {brand}",
        ],
        "en": [
            "I will find you",
            "I know where you live {name}, watch your back",
            "you're gonna pay for this, I promise",
            "I'm going to kill you",
            "say that again and I'll break your face",
            "we're coming to your house tonight",
            "you'd better watch out when you leave work",
            "I'll burn your store down @{brand}",
            "you're dead if I see you again",
            "someone should put a bullet in {name}",
            "I'm gonna bomb the {brand} office",
            "keep talking and see what happens to your family",
        ],
    },
    "insult": {
        "fr": [
            "t'es vraiment un gros con {name}",
            "ferme ta gueule espèce d'abruti",
            "{name} est une grosse merde",
            "bande de connards chez {brand}",
            "pauvre idiote va",
            "t'es qu'une sale pute",
            "quel débile ce {name}",
            "le PDG de {brand} est un escroc et un menteur",
            "ta gueule le boloss",
            "{name} c'est un gros naze",
            "va te faire foutre {name}",
            "nique ta mère",
            "les gens de {brand} sont des incapables et des crétins",
            "sale enculé",
        ],
        "en": [
            "you're a fucking idiot {name}",
            "shut up you stupid bitch",
            "{name} is a worthless piece of shit",
            "the {brand} CEO is a crook and a liar",
            "what a moron",
            "go fuck yourself",
        ],
    },
    "nontoxic": {
        "fr": [
            "t'es un malade {name} 🔥 trop fort",
            "ce son est une dinguerie",
            "c'est de la balle ce {prod_fr}",
            "t'as tué le game frérot",
            "il est grave chaud ce joueur",
            "ça déchire, bravo à toute l'équipe",
            "mortel le concert hier soir",
            "t'es une bête {name}, respect",
            "c'est une tuerie ce resto",
            "ce mec est un monstre sur scène",
            "elle a tout défoncé à l'examen",
            "on s'est tués de rire hier",
            "j'ai trop kiffé, merci {brand}",
            "ce film m'a achevé, trop drôle",
            "tu gères {name}",
            "il fait un froid de canard",
            "je meurs de faim",
            "{brand} frappe fort avec cette nouvelle offre",
            "on va tout déchirer à la compétition",
            "la police a arrêté le suspect",
            "le débat sur les armes aux États-Unis continue",
        ],
        "en": [
            "you killed it {name} 🔥",
            "that's sick bro",
            "this track slaps",
            "she's a beast on the court",
            "that was insanely good, I'm dead 😂",
            "you nailed it, proud of you",
            "this shit is fire, love it",
            "damn that's one hell of a game",
            "I'm starving",
            "we're gonna crush it at the finals",
            "break a leg tonight {name}!",
        ],
    },
    # Hard negatives for the threat templates: everyday "je vais te…", "I'll find you…" that are not threats.
    "benign_future": {
        "fr": [
            "je vais te rappeler demain pour le devis",
            "je vais finir en retard ce soir",
            "je vais te montrer notre nouvelle appli",
            "je vais au ciné ce soir avec {name}",
            "on va te retrouver devant la gare à 18h",
            "je vais te retrouver au café après le boulot",
            "je te retrouve au salon {brand} demain",
            "tu vas adorer notre nouvelle collection",
            "on va venir chez toi pour l'apéro samedi",
            "je vais te faire un gâteau pour ton anniversaire",
            "je vais te donner les infos par mail",
            "on va s'occuper de ta commande tout de suite",
            "je vais te payer le resto pour te remercier",
            "tu vas voir, le nouveau {prod_fr} est génial",
            "je sais où tu habites maintenant, je passe déposer le colis",
            "je vais tout casser à l'entretien demain",
            "je vais finir par perdre mon train",
            "fais attention à toi sur la route ce soir",
            "on se voit à la sortie du bureau ?",
            "je vais t'envoyer le lien de la réunion",
            "je vais te présenter {name}, tu vas l'adorer",
            "attends que je te raconte ma journée",
            "tu vas me manquer {name}",
            "je vais exploser de rire si ça continue",
            "je vais te faire visiter nos locaux",
        ],
        "en": [
            "I'm gonna call you tomorrow about the quote",
            "I will find you a better seat",
            "I'll find you the link in a minute",
            "we're coming to your house for dinner tonight",
            "I know where you live now, I'll drop the package",
            "you're gonna love the new {prod_en}",
            "I'll pay you back tomorrow",
            "watch out for the new {brand} release next week",
            "I'm going to kill it at the interview tomorrow",
            "see you at the exit after the show",
            "I'll send you the details by email",
            "take care on the road tonight {name}",
            "I'm going to be late again",
            "we'll take care of your order right away",
        ],
    },
    # --- illegal conduct ----------------------------------------------------------------------
    "illegal": {
        "fr": [
            "je vends de la beuh et de la coke, livraison rapide, dm",
            "plan shit sur Marseille, contactez-moi en privé",
            "qui a un plug pour de la weed ce soir ?",
            "vente de cachetons et ecstasy pour la soirée, discret",
            "je revends des flingues sans papiers, prix cash",
            "kalash à vendre, contactez moi sur snap",
            "comment fabriquer une bombe artisanale",
            "faux billets de 50€ de qualité, passe partout",
            "je vends des numéros de carte bancaire avec cvv",
            "faux papiers, permis et cartes d'identité sur commande",
            "compte Netflix cracké à 2€, dm",
            "télécharge le film en streaming illégal ici, lien en bio",
            "on va caillasser les flics ce soir",
            "méthode pour frauder la CAF sans se faire prendre",
            "je peux te faire un faux arrêt maladie",
            "blanchiment d'argent facile, rendement garanti, dm",
            "qui veut acheter de l'herbe ? je livre",
            "on va braquer la banque demain",
            "je vole dans les magasins depuis des années, jamais pris",
            "astuce : ne déclare pas ton salaire aux impôts, paie en liquide",
            "vente d'ordonnances pour le xanax et la codéine",
            "code de triche et clé windows piratée gratuite",
            "tuto pour pirater le wifi du voisin",
            "je fais des dépôts de chèques volés, 50/50",
        ],
        "en": [
            "selling weed and coke, fast delivery, dm me",
            "got a plug for molly tonight? hmu",
            "selling glocks no paperwork, cash only",
            "how to make a pipe bomb at home",
            "fake 20 dollar bills for sale, undetectable",
            "selling fullz and cc with cvv",
            "fake IDs and passports, any state",
            "cracked Netflix accounts $2, dm",
            "free movie downloads, torrent link in bio",
            "easy way to commit tax fraud without getting caught",
            "we're gonna loot the mall tonight",
            "selling xanax and oxy, no prescription needed",
            "how to launder money through crypto",
            "shoplifting hacks that never get you caught",
            "hacked wifi passwords, free software keys",
        ],
    },
    "legal": {
        "fr": [
            "la police a saisi 200 kg de cannabis au port du Havre",
            "débat sur la légalisation du cannabis à l'Assemblée",
            "prévention : les dangers de la drogue chez les jeunes",
            "déguisement de pirate pour la fête des enfants",
            "mon écran de téléphone est fissuré, où le réparer ?",
            "la fraude aux faux conseillers bancaires : comment s'en protéger",
            "{brand} porte plainte contre le site de streaming illégal",
            "le ministère alerte sur les faux billets en circulation",
            "j'ai coupé l'herbe du jardin ce matin",
            "le braquage du siècle, un super film",
            "club de tir sportif : inscriptions ouvertes",
            "nouveau jeu vidéo de pirates, génial",
        ],
        "en": [
            "police seized 200 kg of cocaine at the port",
            "debate on cannabis legalisation in congress",
            "pirate costume for the kids' party",
            "my screen is cracked, where can I fix it?",
            "how to protect yourself from bank fraud",
            "{brand} sues illegal streaming site",
            "great heist movie last night",
            "mowing the grass this morning",
        ],
    },
}

_PREFIX = {"fr": ["", "", "", "franchement ", "sérieux ", "bon ", "wesh ", "Bonjour, ", "bref "],
           "en": ["", "", "", "honestly ", "seriously ", "ok so ", "lol ", "Hi, ", "ngl "]}
_SUFFIX = {"fr": ["", "", "", " !", " !!", "...", " 😡", " 🙏", " 😂", " svp", " mdr", " #{brand}"],
           "en": ["", "", "", "!", "!!", "...", " 😡", " 🙏", " 😂", " pls", " lol", " #{brand}"]}


def _style(text: str, rng: random.Random) -> str:
    """Vary the register the way real posts do: case, SMS spelling, missing accents."""
    roll = rng.random()
    if roll < 0.15:
        text = text.lower()
    elif roll < 0.22:
        text = text.upper()
    elif roll < 0.32:
        text = text.replace("é", "e").replace("è", "e").replace("à", "a").replace("ç", "c")
    if rng.random() < 0.2:
        for a, b in (("je vais", "jvais"), ("tu es", "t'es"), ("c'est", "c"), ("quoi", "koi"),
                     ("you", "u"), ("are", "r"), ("please", "plz"), ("pour", "pr")):
            text = text.replace(a, b)
    return text


def generate(family: str, lang: str, n: int, seed: int = 13) -> Iterator[str]:
    """``n`` seeded variations of the ``family`` templates in ``lang``."""
    rng = random.Random(f"{seed}-{family}-{lang}")
    templates = TEMPLATES[family][lang]
    for _ in range(n):
        slots = {"brand": rng.choice(BRANDS), "name": rng.choice(NAMES), "prod_fr": rng.choice(PRODUCTS_FR),
                 "prod_en": rng.choice(PRODUCTS_EN), "dur": rng.choice(DURATIONS_FR),
                 "dur_en": rng.choice(DURATIONS_EN)}
        text = rng.choice(_PREFIX[lang]) + rng.choice(templates) + rng.choice(_SUFFIX[lang])
        yield _style(text.format(**slots), rng)
