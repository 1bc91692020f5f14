"""Sample traffic for the demo workspace: one week of a French rail brand's social inbox.

Pure Python (standard library only, no Django) so that it can be used by the seeding
command, by tests, or to write JSONL files for ``accalmie import``.

    >>> ws = generate(now=datetime.now(timezone.utc), seed=7)
    >>> ws.items[0].message["network_id"], ws.items[0].label

Every ``DemoItem.message`` follows docs/message-schema.md. ``DemoItem.label`` is the
category the message was *written* to be (for demo checks only, never shown as a
triage result); ``DemoItem.tags`` marks the messages the journeys rely on
(``journey:angry-customer``, ``journey:troll``, ``journey:threat``, ``burst:strike``,
``answered``, ``phishing`` ...).

Everything is a function of ``(now, seed)``: the same pair always gives the same
workspace. Local times (daytime / weekday density, times quoted in texts) follow
Europe/Paris, computed with the EU summer-time rule rather than the system tz database
so the output does not depend on the machine.

Links in spam use reserved ``.example`` domains so a demo click never leads anywhere.
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

__all__ = [
    "BRAND",
    "CHANNELS",
    "LABELS",
    "THREAT_TEXT",
    "ANGRY_CUSTOMER_TEXT",
    "DemoItem",
    "DemoWorkspace",
    "generate",
]

UTC = UTC
LABELS = ("threat", "abuse", "negative", "spam", "question", "praise", "other")

THREAT_TEXT = "Je sais où tu bosses, on se verra à la sortie."
ANGRY_CUSTOMER_TEXT = "3 heures de retard et aucune info, vous vous foutez de nous ?!"

FB_PAGE_ID = "104857362918274"
BRAND = {
    "name": "Rail Atlantique",
    "handles": {
        "bluesky": "@railatlantique.bsky.social",
        "mastodon": "@railatlantique@mastodon.social",
        "x": "@railatlantique",
        "facebook": "railatlantique",
    },
    "description": (
        "Rail Atlantique — trains régionaux et Intercités de la façade atlantique "
        "(Nantes, La Rochelle, Bordeaux, Paris-Montparnasse). Service client 7j/7 de 7h à 22h. "
        "We answer in French and English."
    ),
    "website": "https://www.railatlantique.example",
    "languages": ["fr", "en"],
}

CHANNELS = [
    {"name": "bluesky-railatlantique", "kind": "bluesky", "handle": "@railatlantique.bsky.social"},
    {
        "name": "mastodon-railatlantique",
        "kind": "mastodon",
        "handle": "@railatlantique@mastodon.social",
    },
    {"name": "x-railatlantique", "kind": "x", "handle": "@railatlantique"},
    {"name": "facebook-railatlantique", "kind": "facebook", "handle": "railatlantique"},
]
_CH = {c["kind"]: c["name"] for c in CHANNELS}
_KIND = {c["name"]: c["kind"] for c in CHANNELS}
_MENTION = {
    "bluesky": "@railatlantique.bsky.social",
    "mastodon": "@railatlantique",
    "x": "@railatlantique",
}


@dataclass
class DemoItem:
    channel: str
    message: dict
    label: str
    tags: tuple = ()


@dataclass
class DemoWorkspace:
    brand: dict
    channels: list
    posts: list
    items: list = field(default_factory=list)

    def messages(self, channel: str) -> list:
        """The messages of one channel, oldest first."""
        return [i.message for i in self.items if i.channel == channel]

    def to_jsonl(self, channel: str) -> str:
        """One channel's messages as JSONL, ready for ``accalmie import FILE --channel NAME``."""
        return "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in self.messages(channel))

    def tagged(self, tag: str) -> list:
        return [i for i in self.items if tag in i.tags]


# --------------------------------------------------------------------------- time


def _last_sunday(year: int, month: int) -> date:
    d = date(year, month, 31)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def _paris_offset(dt_utc: datetime) -> timedelta:
    y = dt_utc.year
    start = datetime.combine(_last_sunday(y, 3), datetime.min.time(), UTC) + timedelta(hours=1)
    end = datetime.combine(_last_sunday(y, 10), datetime.min.time(), UTC) + timedelta(hours=1)
    return timedelta(hours=2) if start <= dt_utc < end else timedelta(hours=1)


def _local(dt_utc: datetime) -> datetime:
    """Paris wall-clock time (naive)."""
    return (dt_utc + _paris_offset(dt_utc)).replace(tzinfo=None)


def _from_local(local: datetime) -> datetime:
    guess = local.replace(tzinfo=UTC) - timedelta(hours=1)
    return local.replace(tzinfo=UTC) - _paris_offset(guess)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


_HOUR_WEIGHT = [
    0.12,
    0.08,
    0.05,
    0.05,
    0.06,
    0.15,
    0.55,
    1.5,
    1.7,
    1.3,
    1.0,
    0.95,
    1.05,
    1.0,
    0.9,
    0.95,
    1.1,
    1.55,
    1.6,
    1.3,
    0.95,
    0.75,
    0.5,
    0.3,
]
_DAY_WEIGHT = [1.0, 1.0, 1.0, 1.0, 1.1, 0.55, 0.45]  # Mon..Sun


def _activity(dt_utc: datetime) -> float:
    loc = _local(dt_utc)
    return _HOUR_WEIGHT[loc.hour] * _DAY_WEIGHT[loc.weekday()]


# --------------------------------------------------------------------------- ids

_B32 = "234567abcdefghijklmnopqrstuvwxyz"
_X_EPOCH_MS = 1288834974657


def _ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def _x_id(rng, dt):
    return str(((_ms(dt) - _X_EPOCH_MS) << 22) | (rng.randrange(1024) << 12) | rng.randrange(4096))


def _masto_id(rng, dt):
    return str((_ms(dt) << 16) | rng.randrange(65536))


def _tid(rng, dt):
    n = (int(dt.timestamp() * 1_000_000) << 10) | rng.randrange(1024)
    out = []
    for _ in range(13):
        out.append(_B32[n & 31])
        n >>= 5
    return "".join(reversed(out))


def _did(rng):
    return "did:plc:" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(24))


def _digits(rng, n):
    return str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(n - 1))


# --------------------------------------------------------------------------- world

# (from, to, stops between, train prefix, number base)
_ROUTES = [
    (
        "Nantes",
        "Bordeaux",
        ["La Roche-sur-Yon", "Luçon", "La Rochelle", "Rochefort", "Saintes"],
        "Intercités",
        3850,
    ),
    ("Nantes", "La Rochelle", ["La Roche-sur-Yon", "Luçon", "Marans"], "TER", 864500),
    ("La Rochelle", "Poitiers", ["Surgères", "Niort", "Saint-Maixent"], "TER", 863300),
    ("Bordeaux", "La Rochelle", ["Saintes", "Rochefort", "Surgères"], "TER", 864700),
    ("Paris-Montparnasse", "La Rochelle", ["Poitiers", "Niort", "Surgères"], "TGV", 8370),
    (
        "Paris-Montparnasse",
        "Bordeaux",
        ["Saint-Pierre-des-Corps", "Poitiers", "Angoulême"],
        "TGV",
        8520,
    ),
    ("Nantes", "Paris-Montparnasse", ["Angers", "Le Mans"], "TGV", 8800),
    ("Bordeaux", "Arcachon", ["Pessac", "Facture-Biganos", "La Teste"], "TER", 866100),
    ("Nantes", "Les Sables-d'Olonne", ["La Roche-sur-Yon"], "TER", 858300),
    ("Saintes", "Royan", ["Saujon"], "TER", 864900),
]

_FR_FIRST = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Sarah",
    "Julie",
    "Emma",
    "Louise",
    "Anaïs",
    "Pauline",
    "Mathilde",
    "Élodie",
    "Sophie",
    "Nathalie",
    "Isabelle",
    "Claire",
    "Margaux",
    "Zoé",
    "Océane",
    "Hélène",
    "Aurélie",
    "Lucie",
    "Amandine",
    "Maëlle",
    "Nadia",
    "Fatou",
    "Yasmine",
    "Thomas",
    "Nicolas",
    "Julien",
    "Maxime",
    "Antoine",
    "Hugo",
    "Lucas",
    "Romain",
    "Kévin",
    "Alexandre",
    "Mathieu",
    "Guillaume",
    "Pierre",
    "Baptiste",
    "Quentin",
    "Florian",
    "Yann",
    "Erwan",
    "Loïc",
    "Karim",
    "Mehdi",
    "Olivier",
    "Laurent",
    "Stéphane",
    "Bruno",
    "Théo",
    "Gaëtan",
    "Benoît",
    "Jérôme",
    "Sébastien",
    "Youssef",
    "Mamadou",
    "Jean-Marc",
    "Marie-Hélène",
]
_FR_LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Legrand",
    "Gauthier",
    "Perrin",
    "Guérin",
    "Le Gall",
    "Le Goff",
    "Kerjean",
    "Guillou",
    "Texier",
    "Rousseau",
    "Benali",
    "Haddad",
    "Diallo",
    "Nguyen",
    "Boucher",
    "Chevalier",
    "Marchand",
    "Brunet",
    "Blanchard",
    "Gaillard",
    "Barbier",
    "Arnaud",
    "Charpentier",
    "Renaud",
]
_EN_FIRST = [
    "James",
    "Oliver",
    "Harry",
    "George",
    "Jack",
    "Tom",
    "Daniel",
    "Sam",
    "Ben",
    "Matt",
    "Chris",
    "Emily",
    "Sophie",
    "Charlotte",
    "Hannah",
    "Lucy",
    "Amelia",
    "Grace",
    "Katie",
    "Megan",
    "Rachel",
    "Laura",
    "Jess",
    "Anna",
    "Claire",
    "Mark",
    "Paul",
    "Rob",
    "Steve",
    "Ellie",
    "Priya",
    "Aisha",
    "Liam",
    "Ryan",
    "Sean",
    "Niamh",
    "Fiona",
    "Ingrid",
    "Lars",
    "Maarten",
    "Sanne",
    "Klaus",
]
_EN_LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Hughes",
    "Clarke",
    "Patel",
    "Murphy",
    "O'Brien",
    "Kelly",
    "Campbell",
    "Stewart",
    "Reid",
    "Fraser",
    "de Vries",
    "Jansen",
    "Müller",
    "Schmidt",
    "Andersen",
    "Okafor",
    "Mensah",
]

_FR_BIOS = [
    "Pendulaire {a}–{b}. Café, vélo, retards.",
    "Maman de 3 loulous 🌊 {a}",
    "Prof de SVT à {a}. Avis perso.",
    "Infirmière de nuit. {a} ❤️",
    "Étudiant·e à {a} · musique · train",
    "Photographe amateur 📷 côte atlantique",
    "Ingénieur logiciel. Je râle sur les trains depuis 2011.",
    "Retraité, grand-père, randonneur.",
    "Vélotaffeur à {a} 🚲",
    "Supporter du Stade Rochelais 💛🖤",
    "Consultante RH · {a} ⇄ Paris",
    "Conseiller municipal (avis perso) · {a}",
    "Aide-soignante. Fan de thé.",
    "",
    "",
    "",
    "Journaliste indépendant. DM ouverts.",
    "Libraire à {a} 📚",
    "Surf, vélo, trains régionaux.",
    "Commercial, toujours entre deux trains 🚆",
    "Gérant d'un food-truck à {a}",
    "Doctorante en histoire",
    "Il/lui. Militant associatif. {a}",
    "Kiné · triathlète du dimanche",
    "Étudiante en droit, {a}",
]
_EN_BIOS = [
    "Brit living in {a}. Wine, sea, trains.",
    "Travel writer. Slow travel by rail 🚆",
    "PhD student, {a}",
    "Cyclist. Francophile. Dad.",
    "Interrailing across Europe this summer ✨",
    "",
    "",
    "Software engineer, remote from {a}",
    "Teacher (EFL) in {a}",
    "Retired, mostly gardening and complaining",
    "Photographer · coastal France",
    "Digital nomad. Coffee snob.",
    "Rail enthusiast. Views my own.",
    "Expat mum of two in {a}",
]
_CITIES = [
    "Nantes",
    "La Rochelle",
    "Bordeaux",
    "Niort",
    "Poitiers",
    "Rochefort",
    "Saintes",
    "Royan",
    "La Roche-sur-Yon",
    "Arcachon",
    "Angoulême",
    "Paris",
]

_MASTO_INSTANCES = ["mastodon.social", "piaille.fr", "mamot.fr", "framapiaf.org", "mastodon.online"]
_NETWORK_START = {
    "x": datetime(2008, 1, 1, tzinfo=UTC),
    "facebook": datetime(2008, 1, 1, tzinfo=UTC),
    "mastodon": datetime(2017, 4, 1, tzinfo=UTC),
    "bluesky": datetime(2023, 4, 1, tzinfo=UTC),
}


_PLACES = sorted({place for r in _ROUTES for place in [r[0], r[1], *r[2]]} | set(_CITIES))
_PROPER = {
    "I",
    "I'm",
    "I've",
    "TER",
    "TGV",
    "Intercités",
    "Interrail",
    "Rail",
    "Julie",
    "Ouest-Atlantique",
    "English",
    "French",
}
_FR_FIXES = [
    (" à Le ", " au "),
    (" à Les ", " aux "),
    (" de Le ", " du "),
    (" de Les ", " des "),
    ("À Le ", "Au "),
    (" de A", " d'A"),
    (" de E", " d'E"),
    (" de O", " d'O"),
    (" de I", " d'I"),
]


def _slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s.lower() if c.isascii() and c.isalnum())


# --------------------------------------------------------------------------- text fragments

_FR_OPEN_POLITE = [
    "Bonjour,",
    "Bonjour 👋",
    "Bonsoir,",
    "Bonjour @",
    "Hello,",
    "",
    "",
    "",
    "Petite réclamation :",
    "Bonjour à l'équipe,",
    "Salut,",
    "Bonjour, je me permets de vous signaler que",
    "Bonjour. Question sincère :",
    "Coucou le service client,",
    "Encore moi…",
]
_FR_OPEN_ANGRY = [
    "C'EST UNE BLAGUE ???",
    "Mais c'est pas possible !!!",
    "Sérieusement ???",
    "J'EN AI MARRE.",
    "Putain, encore.",
    "Quelle honte !!!",
    "Bordel,",
    "Non mais ALLÔ ???",
    "Incroyable.",
    "Franchement ras-le-bol.",
    "Chaque. Semaine.",
    "Ça devient n'importe quoi !!",
    "HONTEUX.",
    "Je craque.",
    "Et c'est reparti 🙄",
]
_EN_OPEN_POLITE = [
    "Hi,",
    "Hello,",
    "Hi there,",
    "",
    "",
    "",
    "Good morning,",
    "Hey,",
    "Hi team,",
    "Quick complaint:",
    "Evening,",
    "Not happy, I'm afraid:",
    "Hello again,",
]
_EN_OPEN_ANGRY = [
    "ARE YOU KIDDING ME???",
    "Unbelievable!!!",
    "Seriously???",
    "FFS.",
    "Again?!",
    "What a bloody joke.",
    "I'm DONE.",
    "Absolutely shambolic.",
    "WTF,",
    "This is a disgrace!!!",
    "Every. Single. Week.",
]

_FR_FACTS = {
    "delay": [
        "le {train} {a} → {b} de {time} a {min} minutes de retard",
        "encore {min} min de retard sur le {train} ce matin",
        "{min} minutes bloqués en gare de {stop} sans la moindre explication",
        "troisième retard cette semaine sur {a}–{b}",
        "le {train} est annoncé « retardé » depuis {min} minutes à {a}",
        "arrêt en pleine voie avant {stop} depuis {min} min",
        "le {train} de {time} part avec {min} min de retard, comme d'hab",
        "{min} minutes de retard à l'arrivée à {b}, pas une annonce à bord",
    ],
    "cancel": [
        "le {train} de {time} a été supprimé sans aucune annonce",
        "train supprimé à {a}, on l'apprend sur le quai",
        "suppression du {train} {a} → {b}, et le suivant est dans {hours} heures",
        "le {train} de {time} supprimé pour « raison d'exploitation », c'est quoi exactement ?",
    ],
    "refund": [
        "j'attends toujours le remboursement de mon billet {a}–{b} ({price} €) depuis {weeks} "
        "semaines",
        "ma demande de remboursement n°{ref} est « en cours de traitement » depuis un mois",
        "le formulaire de remboursement plante à la dernière étape",
        "remboursé {small} € pour un billet à {price} €, sérieusement ?",
        "on m'a promis un bon d'achat pour le retard du {train}, toujours rien reçu",
    ],
    "luggage": [
        "ma valise est restée dans le {train} arrivé à {b} à {time}",
        "j'ai oublié un sac à dos bleu voiture {coach} du {train} et les objets trouvés ne "
        "répondent pas",
        "mon vélo a été abîmé dans l'espace vélo du {train}",
        "pas de place pour les bagages dans le {train}, valises dans l'allée",
    ],
    "app": [
        "l'appli plante au moment de payer",
        "impossible d'afficher mon e-billet dans l'appli, écran blanc",
        "l'appli m'a débité deux fois {price} €",
        "l'appli indique le {train} à l'heure alors qu'il est supprimé en gare",
        "la mise à jour de l'appli a effacé tous mes billets",
        "le QR code du billet ne passe pas aux portiques de {a}",
        "impossible de me connecter à mon compte depuis hier, « erreur 503 »",
    ],
    "dirty": [
        "voiture {coach} du {train} : toilettes hors service et poubelles qui débordent",
        "sièges tachés et sol collant dans le {train}",
        "odeur insupportable dans la voiture {coach} du {train}",
        "pas de papier ni d'eau dans les toilettes du {train}, sur 2 heures de trajet",
    ],
    "connection": [
        "correspondance ratée à {stop} à cause du retard du {train}, prochain train dans {hours} h",
        "on attend la correspondance pour {b} depuis {min} min à {stop}",
        "le {train} n'a pas attendu la correspondance de {a} alors qu'on avait {min} min de retard",
    ],
    "crowded": [
        "le {train} en composition simple un vendredi soir, des gens debout jusqu'à {b}",
        "le {train} de {time} est plein à craquer, impossible de s'asseoir avec ma réservation",
        "une seule rame pour le {train} en plein pont, on est serrés comme des sardines",
    ],
    "heat": [
        "clim en panne voiture {coach} du {train}, il fait 30 degrés",
        "pas de chauffage dans le {train} ce matin, on se gèle",
        "les fenêtres ne s'ouvrent pas et la clim est morte dans le {train}",
    ],
    "wifi": [
        "le wifi à bord du {train} ne marche jamais entre {a} et {b}",
        "wifi « disponible » dans le {train}, sauf qu'aucune page ne charge",
        "les prises électriques de la voiture {coach} ne marchent pas",
    ],
    "staff": [
        "le guichet de {a} fermé à {time} alors que c'est écrit ouvert jusqu'à 20h",
        "personne en gare de {stop} pour aider avec une poussette",
        "amende de {price} € parce que le distributeur de {stop} était en panne",
    ],
}
_EN_FACTS = {
    "delay": [
        "the {time} {train} from {a} to {b} is {min} minutes late",
        "another {min} minute delay on the {train} this morning",
        "stuck at {stop} for {min} minutes with zero information",
        "third delay this week on the {a}–{b} line",
        "we've been sitting outside {stop} for {min} min, no announcement",
        "{min} minutes late into {b} and not a word from the crew",
    ],
    "cancel": [
        "the {time} {train} was cancelled with no warning",
        "train cancelled at {a}, found out on the platform",
        "{train} to {b} cancelled and the next one is in {hours} hours",
    ],
    "refund": [
        "still waiting for my refund for {a}–{b} (€{price}) after {weeks} weeks",
        'refund request {ref} has said "processing" for a month',
        "the refund form crashes on the last step",
        "you refunded €{small} for a €{price} ticket?",
    ],
    "luggage": [
        "I left my suitcase on the {train} arriving {b} at {time}",
        "my bike got damaged in the bike space of the {train}",
        "no luggage space at all on the {train}, suitcases blocking the aisle",
        "lost a grey backpack in coach {coach} of the {train}, lost property never answers",
    ],
    "app": [
        "your app crashes at payment",
        "the app won't show my e-ticket, just a blank screen",
        "the app charged me twice (€{price})",
        "the app says the {train} is on time but the board says cancelled",
        "the ticket QR code won't scan at the {a} gates",
        'can\'t log in to my account since yesterday, "error 503"',
    ],
    "dirty": [
        "coach {coach} of the {train}: toilets out of order and bins overflowing",
        "stained seats and a sticky floor on the {train}",
        "no soap, no water, no paper in the {train} toilets for a 2h journey",
    ],
    "connection": [
        "missed my connection at {stop} because the {train} was late, next train in {hours}h",
        "the {train} didn't wait for the connection from {a} even though we were only {min} min "
        "late",
    ],
    "crowded": [
        "only one unit on the {train} on a Friday evening, people standing all the way to {b}",
        "the {time} {train} is rammed, can't even reach my reserved seat",
    ],
    "heat": [
        "air con broken in coach {coach} of the {train}, it's 30 degrees",
        "no heating on the {train} this morning, freezing",
    ],
    "wifi": [
        "the onboard wifi on the {train} never works between {a} and {b}",
        "none of the power sockets work in coach {coach}",
    ],
    "staff": [
        "the {a} ticket office closed at {time} although it says open till 8pm",
        "no staff at {stop} to help with a wheelchair ramp",
    ],
}
_FR_STRIKE = [
    "encore une grève, et on l'apprend la veille à 17h",
    "comment je vais au boulot demain moi ?",
    "1 TER sur 3, autant dire aucun",
    "et les abonnés, ils sont remboursés quand ?",
    "troisième mouvement social depuis la rentrée",
    "mon abonnement mensuel à {price} € pour des trains qui ne roulent pas",
    "j'ai un entretien d'embauche à {b} demain matin, je fais comment ?",
    "aucun Intercités {a}–{b}, super pour les gens qui n'ont pas de voiture",
    "vous prévenez la veille au soir, les gens ont des enfants à faire garder",
    "et bien sûr pas de bus de substitution prévu entre {a} et {stop}",
    "mes billets pour {b} achetés il y a deux mois, je fais quoi ?",
    "on paie plein pot pour un service fantôme",
    "les parents qui bossent, vous y pensez ?",
    "ça fait la 4e fois que je pose un jour de congé à cause de vous",
    "je vais devoir prendre la voiture, {dist} km aller-retour",
    "l'appli n'affiche même pas les trains maintenus",
]
_EN_STRIKE = [
    "another strike, announced the evening before",
    "how am I supposed to get to work tomorrow?",
    "1 train in 3 means no train",
    "will season ticket holders be refunded this time?",
    "I booked {a}–{b} two months ago, what now?",
    "no replacement buses between {a} and {stop}, brilliant",
]
_FR_CONSEQ = [
    "J'ai raté mon rendez-vous chez le spécialiste.",
    "Résultat : 1 h de retard au boulot.",
    "Ma fille m'attend sur le quai depuis une heure.",
    "Avec deux enfants et une poussette, c'était l'enfer.",
    "J'ai dû prendre un taxi à {price} €.",
    "Mon patron ne me croit même plus.",
    "J'ai raté le dernier bus pour rentrer.",
    "Réunion client manquée.",
    "",
    "",
    "",
    "On était une cinquantaine dans le même cas.",
    "Et aucun agent à bord pour nous renseigner.",
]
_EN_CONSEQ = [
    "Missed my hospital appointment.",
    "Late for work again.",
    "My kid has been waiting at the station for an hour.",
    "Had to pay €{price} for a taxi.",
    "Missed my flight connection in Bordeaux.",
    "",
    "",
    "",
    "Half the train was in the same boat.",
]
_FR_ASK = [
    "Comment je fais pour être remboursé ?",
    "Qui dois-je contacter ?",
    "Merci de me répondre.",
    "J'aimerais au moins une explication.",
    "Un geste commercial est-il prévu ?",
    "Vous pouvez regarder svp ?",
    "C'est quoi la procédure ?",
    "",
    "",
    "",
    "Je fais comment maintenant ?",
    "Quelqu'un peut me répondre ?",
]
_EN_ASK = [
    "How do I claim compensation?",
    "Who should I contact?",
    "Please get back to me.",
    "An explanation would be nice.",
    "Can someone look into this?",
    "",
    "",
    "What's the procedure?",
]
_FR_CLOSE_POLITE = [
    "Merci d'avance.",
    "Cordialement.",
    "Bonne journée quand même.",
    "😞",
    "#RailAtlantique",
    "",
    "",
    "",
    "",
    "Usager quotidien depuis 8 ans.",
    "Merci.",
    "🙏",
    "Dommage, c'était bien parti cette semaine.",
]
_FR_CLOSE_ANGRY = [
    "C'est INADMISSIBLE !!!",
    "Ras-le-bol !!!",
    "On paie nos billets, on vous rappelle ???",
    "Service de merde.",
    "Franchement ça fait chier.",
    "Bravo, vraiment bravo 👏👏",
    "Je vais finir par acheter une voiture.",
    "NUL. NUL. NUL.",
    "#RailAtlantique #honte",
    "Marre de ce bordel.",
    "Vous vous moquez du monde.",
    "🤬🤬🤬",
    "Pathétique.",
]
_EN_CLOSE_POLITE = [
    "Thanks.",
    "Cheers.",
    "Thanks in advance.",
    "",
    "",
    "",
    "Not great.",
    "🙁",
    "Regards.",
]
_EN_CLOSE_ANGRY = [
    "This is a JOKE!!!",
    "Sort it out!!!",
    "Absolutely ridiculous.",
    "Worst rail service in Europe.",
    "🤬",
    "What the hell are we paying for?",
    "Bloody shambles.",
    "Never again.",
]

_FR_QUESTIONS = {
    "timetable": [
        "À quelle heure part le premier train {a} → {b} dimanche ?",
        "Le {train} de {time} circule-t-il pendant les vacances ?",
        "Les nouveaux horaires {a}–{b} sont en ligne quelque part ?",
        "Il y a encore un train pour {b} après {time} le samedi ?",
        "Le {train} dessert-il toujours {stop} avec les nouveaux horaires ?",
    ],
    "bike": [
        "Peut-on monter avec un vélo non démonté dans le {train} ? Faut-il réserver ?",
        "Combien de places vélo dans les TER {a}–{b} ?",
        "Un vélo cargo, ça passe dans vos trains ?",
        "Les vélos sont-ils acceptés dans le TGV {a} → {b} ou il faut une housse ?",
    ],
    "refund": [
        "Comment se faire rembourser un billet non échangeable après une grève ?",
        "Où faire une demande de compensation pour le retard du {train} ?",
        "Quel délai pour recevoir un remboursement en moyenne ?",
        "Je peux me faire rembourser si j'ai raté ma correspondance à {stop} ?",
    ],
    "wifi": [
        "Il y a le wifi dans les TER {a}–{b} ?",
        "Le wifi à bord est-il gratuit dans les Intercités ?",
        "Des prises dans les nouvelles rames ?",
    ],
    "pets": [
        "Mon chien fait 12 kg, doit-il avoir un billet ?",
        "Un chat dans un panier, c'est payant ?",
        "Les chiens doivent-ils être muselés dans le {train} ?",
    ],
    "access": [
        "Je suis en fauteuil roulant, comment réserver l'assistance en gare de {stop} ?",
        "La gare de {stop} a-t-elle un ascenseur vers le quai 2 ?",
        "Ma mère est malvoyante, un agent peut-il l'accompagner au train à {a} ?",
        "Y a-t-il une place PMR dans le {train} de {time} ?",
    ],
    "luggage": [
        "Combien de bagages a-t-on le droit de prendre ?",
        "Une planche de surf passe dans le TER {a}–{b} ?",
        "Une poussette doit-elle être pliée à bord ?",
    ],
    "fare": [
        "À partir de quel âge un enfant paie-t-il ?",
        "La carte Avantage fonctionne sur vos lignes ?",
        "L'abonnement {a}–{b} se prend en agence ou en ligne ?",
        "Y a-t-il un tarif étudiant pour {a}–{b} ?",
    ],
    "strike": [
        "Le {train} de demain est-il maintenu malgré la grève ?",
        "Les billets de demain sont-ils échangeables sans frais à cause de la grève ?",
        "Des bus de substitution entre {a} et {stop} pendant la grève ?",
    ],
}
_EN_QUESTIONS = {
    "timetable": [
        "What time is the first train from {a} to {b} on Sunday?",
        "Does the {time} {train} run during the holidays?",
        "Is there a later train to {b} after {time} on Saturdays?",
    ],
    "bike": [
        "Can I take a full-size bike on the {train}? Do I need to book?",
        "How many bike spaces on the {a}–{b} regional trains?",
        "Are cargo bikes allowed on your trains?",
    ],
    "refund": [
        "How do I get a refund for a non-refundable ticket after the strike?",
        "Where do I claim compensation for the delay on the {train}?",
        "How long do refunds usually take?",
    ],
    "wifi": [
        "Is there wifi on the {a}–{b} trains?",
        "Is the onboard wifi free on Intercités?",
        "Are there power sockets on the new trains?",
    ],
    "pets": [
        "Does my dog (12 kg) need a ticket?",
        "Can I bring a cat in a carrier on the {train}?",
        "Do dogs need a muzzle on board?",
    ],
    "access": [
        "I use a wheelchair, how do I book assistance at {stop}?",
        "Is there step-free access to platform 2 at {stop}?",
        "My dad is partially sighted, can staff help him board at {a}?",
    ],
    "luggage": [
        "How many suitcases can I bring?",
        "Can I bring a surfboard on the {a}–{b} train?",
        "Do strollers have to be folded on board?",
    ],
    "fare": [
        "At what age do kids need a ticket?",
        "Do you sell rail passes for tourists?",
        "Is there a student fare for {a}–{b}?",
        "Does my Interrail pass work on the {train}?",
    ],
    "strike": [
        "Is the {train} running tomorrow despite the strike?",
        "Can I exchange tomorrow's ticket for free because of the strike?",
    ],
}
_FR_Q_OPEN = [
    "Bonjour,",
    "Bonjour !",
    "Bonsoir,",
    "Question :",
    "Hello,",
    "",
    "",
    "Petite question :",
    "Bonjour, je voyage le {day} :",
    "Salut,",
    "Bonjour, question bête peut-être :",
]
_FR_Q_CLOSE = [
    "Merci !",
    "Merci d'avance 🙏",
    "",
    "",
    "",
    "Bonne journée",
    "Merci pour votre aide.",
    "C'est pour un trajet le {day}.",
    "Je n'ai pas trouvé l'info sur le site.",
    "😊",
    "La FAQ n'est pas très claire là-dessus.",
]
_EN_Q_OPEN = [
    "Hi,",
    "Hello!",
    "Hi there,",
    "Quick question:",
    "",
    "",
    "Hi, travelling on {day}:",
    "Bonjour (sorry, English!) —",
]
_EN_Q_CLOSE = [
    "Thanks!",
    "Thanks in advance 🙏",
    "",
    "",
    "Merci!",
    "Couldn't find it on the website.",
    "First time in France 😊",
]

_FR_PRAISE = [
    "Merci au contrôleur du {train} qui a aidé ma mère avec sa valise 🙏",
    "À l'heure pile à {b}, wifi qui marche, rien à dire 👏",
    "Bravo aux équipes de {stop} pour la gestion de la panne ce matin, infos claires et bus en "
    "20 min",
    "Objet trouvé récupéré en 24 h à {a}, merci !",
    "Les nouvelles rames sur {a}–{b} sont vraiment top, silencieuses et propres",
    "Merci à l'agent de {stop} qui a attendu que j'arrive en courant 🏃‍♀️",
    "Remboursement reçu en 3 jours, chapeau",
    "Super accueil pour l'assistance fauteuil à {a}, tout était prêt à l'arrivée du train",
    "Le coucher de soleil sur le marais entre {stop} et {b} depuis le {train} 😍 merci pour ce "
    "trajet",
    "Première fois avec mon vélo dans le {train}, place réservée, nickel 🚲",
    "Contrôleuse adorable dans le {train} de {time}, ça fait du bien",
    "Merci pour la réponse rapide hier soir, problème réglé",
    "Train propre, à l'heure et un café correct. Je note ce jour exceptionnel ☕",
    "Service client au top, billet échangé en 5 minutes",
    "Vous avez géré l'incident de {stop} avec beaucoup de calme, merci aux agents",
]
_EN_PRAISE = [
    "Shout out to the guard on the {train} who helped my mum with her suitcase 🙏",
    "Bang on time into {b}, wifi working, no complaints 👏",
    "Got my lost bag back in 24h at {a}, thank you!",
    "The new trains on {a}–{b} are lovely, quiet and clean",
    "Stunning views over the marshes between {stop} and {b} from the {train} 😍",
    "Refund arrived in 3 days, impressive",
    "Wheelchair assistance at {a} was perfect, thank you",
    "Lovely, patient staff at {stop} today. Merci!",
    "Took my bike on the {train} for the first time, super easy 🚲",
    "Your customer service sorted my ticket in 5 minutes, cheers",
]
_FR_PRAISE_TAIL = [
    "",
    "",
    "",
    "❤️",
    "👏",
    "#RailAtlantique",
    "Comme quoi !",
    "Ça mérite d'être dit.",
    "Merci encore.",
    "🙏🙏",
    "Bravo.",
]
_EN_PRAISE_TAIL = ["", "", "❤️", "👏", "Credit where it's due.", "Merci!", "Great job."]

_FR_OTHER = [
    "Qui est dans le {train} ce matin ? On se reconnaît à la tête de lundi 😅",
    "Le {train} qui passe sur le pont à {stop}, j'adore cette photo 📷",
    "Vivement le direct {a}–{b} promis depuis 10 ans",
    "Premier trajet en train de nuit dans 3 jours, hâte !",
    "Ah les trains de la plage vers {b}, ça me rappelle mon enfance",
    "Quelqu'un sait si le marché de {stop} est accessible à pied depuis la gare ?",
    "Je viens de voir un chevreuil le long de la voie entre {stop} et {b} 🦌",
    "Réunion de l'association des usagers {a}–{b} jeudi 18h, venez nombreux",
    "Journaliste à Ouest-Atlantique, je cherche des usagers réguliers de la ligne {a}–{b} pour "
    "témoigner, DM ouverts",
    "Mon fils de 4 ans veut devenir conducteur du {train} 🚂",
    "Lecture du jour dans le {train} : Vingt mille lieues sous les mers",
    "Le kiosque de la gare de {a} a enfin rouvert",
    "C'est moi ou la voix des annonces a changé en gare de {a} ?",
    "Vous recrutez des conducteurs sur {a} ? Mon frère cherche une reconversion",
    "Bon ben {b} sous la pluie, comme prévu ☔",
    "Tiens, le {train} a été repeint ?",
    "Étudiant en urbanisme, je fais un mémoire sur la ligne {a}–{b}, votre service presse "
    "accepte les entretiens ?",
    "#TrainDuMatin #{aslug} café + podcast",
    "Ce {train} toujours aussi vide le dimanche matin, c'est reposant",
    "Grosse file au guichet de {a} ce matin",
]
_EN_OTHER = [
    "Anyone else on the {train} this morning?",
    "Great photo of the {train} crossing the bridge at {stop} 📷",
    "Off to {b} for the weekend, first time on a French regional train!",
    "Saw a deer by the tracks between {stop} and {b} 🦌",
    "Rail enthusiasts: is the old depot at {stop} still visible from the train?",
    "Reading on the {train}: finally finished that novel",
    "{b} in the rain, as forecast ☔",
    "Journalist here, looking for regular {a}–{b} commuters to talk to, DMs open",
    "My son (4) is obsessed with the {train} 🚂",
    "Weekend plans: {a} to {b} by train, then cycling the coast",
]
_FR_OTHER_TAIL = ["", "", "", "😄", "🚆", "#train", "Bonne journée à tous", "☀️"]
_EN_OTHER_TAIL = ["", "", "😄", "🚆", "#slowtravel", "☀️"]

_FR_ABUSE = [
    "Bande d'incapables, vous êtes une honte nationale",
    "Vos contrôleurs sont des abrutis finis",
    "Le CM de {brand} c'est le roi des guignols",
    "Direction de clowns, vous méritez la faillite",
    "Escrocs ! Voleurs ! Bande de bras cassés",
    "Le chef de gare de {a} est un gros con",
    "Vous êtes des nuls, des menteurs et des feignasses",
    "Ferme-la le CM, t'es payé à mentir",
    "Vos agents de {a} sont des crétins arrogants",
    "Bande de parasites payés avec nos impôts",
    "Le type au guichet de {a}, quel connard fini",
]
_EN_ABUSE = [
    "You lot are clueless morons",
    "Your CEO is a clown and your staff are idiots",
    "The guard on the {train} is a useless prick",
    "Whoever runs this account is a lying muppet",
    "Bunch of incompetent thieves",
    "Your {a} station staff are arrogant idiots",
]
_FR_ABUSE_TAIL = [
    "",
    "🤡",
    "🤡🤡",
    "!!!",
    "💩",
    "Allez vous faire voir.",
    "Dégagez tous.",
    "Honte à vous.",
]
_EN_ABUSE_TAIL = ["", "🤡", "!!!", "Pathetic.", "Get lost."]


def _spam_link(rng, kind):
    code = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(7))
    if kind == "angel":
        return (
            rng.choice(
                [
                    "https://nombre-des-anges.example/",
                    "https://votre-ange.example/n/",
                    "https://angelnumbers.example/",
                ]
            )
            + code
        )
    if kind == "crypto":
        return (
            rng.choice(
                [
                    "https://t-me.example/",
                    "https://atlantic-coin.example/airdrop/",
                    "https://x100gains.example/",
                ]
            )
            + code
        )
    if kind == "followers":
        return (
            rng.choice(
                [
                    "https://boost-abonnes.example/",
                    "https://buyfollowers.example/p/",
                    "https://insta-likes.example/",
                ]
            )
            + code
        )
    return (
        rng.choice(
            [
                "https://railatlantique-remboursement.example/r/",
                "https://rail-atlantique-sav.example/form/",
                "https://remboursement-railatlantique.example/",
            ]
        )
        + code
    )


def _spam_text(rng, kind, lang, source=False):
    link = _spam_link(rng, kind)
    n = rng.choice(["555", "777", "1111", "1212", "444", "222", "888", "711", "333", "909"])
    if source:  # the very lines injected into the seed page
        return rng.choice(
            [
                f"Découvrez Votre Nombre D'Anges ✨ {link}",
                f"voir 7 11 👉 {link}",
                f"signification de 555 🔮 {link}",
                f"qu'est-ce que 12 12 ? {link}",
                f"Découvrez Votre Nombre D'Anges 👼 voir 7 11 · signification de 555 {link}",
                f"signification de 555 ✨ voir 7 11 ✨ {link}",
            ]
        )
    if kind == "angel":
        fr = [
            f"Découvrez Votre Nombre D'Anges ✨ {link}",
            f"voir 7 11 ? signification de {n} 👉 {link}",
            f"signification de {n} : votre ange gardien vous parle 👼 {link}",
            f"qu'est-ce que 12 12 ? Le sens caché de {n} ici {link}",
            f"Vous voyez {n} partout ? Ce n'est pas un hasard 🔮 {link}",
            f"Découvrez Votre Nombre D'Anges et la signification de {n} 🙏 {link}",
            f"voir 7 11 partout = message de l'univers ✨✨ {link}",
            f"Nombre d'anges {n} : amour, argent, travail 💫 {link}",
        ]
        en = [
            f"Discover Your Angel Number ✨ {link}",
            f"Seeing {n} everywhere? Meaning of {n} 👉 {link}",
            f"meaning of {n}: your guardian angel is talking 👼 {link}",
            f"what does 12 12 mean? find out {link}",
        ]
    elif kind == "crypto":
        fr = [
            "💰 J'ai transformé 200 € en 4 800 € en 7 jours grâce à $ATLC, je vous explique en "
            f"DM {link}",
            f"🚀 Airdrop gratuit ATLANTIC COIN pour les 500 premiers, réclamez vite {link}",
            f"Arrêtez de bosser pour des trains en retard 😂 investissez avec ma mentor, +{n} % "
            f"{link}",
        ]
        en = [
            f"💰 Turned $200 into $4,800 in 7 days with $ATLC, DM me {link}",
            f"🚀 FREE airdrop for the first 500 wallets, claim now {link}",
            f"Stop waiting for trains, start earning 📈 my mentor made me +{n}% {link}",
        ]
    elif kind == "followers":
        fr = [
            f"Boostez votre compte : {n}0 abonnés FR réels en 24 h 🔥 {link}",
            f"Besoin de visibilité ? Likes + abonnés garantis à petit prix {link}",
            f"Promo 🔥 1000 abonnés = 4,99 € seulement {link}",
        ]
        en = [
            f"Buy {n}0 REAL followers for only $9.99 🔥 {link}",
            f"Grow your page fast 📈 real likes & followers {link}",
            f"🔥 SALE 🔥 1000 followers for $4.99 {link}",
        ]
    else:  # phishing
        amount = f"{rng.randrange(18, 140)},{rng.randrange(10, 99)}"
        fr = [
            f"⚠️ Rail Atlantique : votre remboursement de {amount} € est en attente. Confirmez "
            f"vos coordonnées bancaires ici : {link}",
            "Bonjour, nous sommes désolés pour la gêne occasionnée. Pour recevoir votre "
            f"indemnisation de {amount} €, complétez ce formulaire sous 24 h : {link}",
            f"Suite à la grève, chaque voyageur a droit à {amount} € de dédommagement 🎁 "
            f"Réclamez-le ici {link}",
            "Service Client Rail Atlantique 📩 Votre dossier nécessite une vérification, "
            f"connectez-vous : {link}",
        ]
        en = [
            f"⚠️ Rail Atlantique: your €{amount.replace(',', '.')} refund is pending. Confirm "
            f"your bank details here: {link}",
            f"Hello, sorry for the inconvenience. To receive your €{amount.replace(',', '.')} "
            f"compensation please fill in this form within 24h: {link}",
        ]
    return rng.choice(fr if lang == "fr" else en)


# --------------------------------------------------------------------------- generator


class _Gen:
    def __init__(self, now: datetime, seed: int):
        if now.tzinfo is None:
            now = now.replace(tzinfo=UTC)
        self.now = now.astimezone(UTC).replace(microsecond=0)
        self.start = self.now - timedelta(days=7)
        self.rng = random.Random(seed)
        self.items: list = []
        self.posts: list = []
        self.ids: set = set()
        self.texts: set = set()
        self.handles: set = set()
        self.personas: dict = {k: [] for k in _CH}
        self.by_id: dict = {}

    # ---------------------------------------------------------------- helpers
    def _slot(self, lang, t=None, route=None):
        rng = self.rng
        a, b, stops, kind, base = route or rng.choice(_ROUTES)
        if rng.random() < 0.5:
            a, b = b, a
        train = f"{kind} {base + rng.randrange(1, 60)}"
        hh, mm = (
            rng.randrange(5, 22),
            rng.choice([2, 7, 12, 14, 18, 22, 28, 33, 37, 42, 46, 51, 56]),
        )
        timestr = (
            f"{hh}h{mm:02d}"
            if lang == "fr"
            else (
                f"{hh}:{mm:02d}"
                if rng.random() < 0.6
                else f"{(hh - 1) % 12 + 1}:{mm:02d}{'am' if hh < 12 else 'pm'}"
            )
        )
        price = f"{rng.randrange(9, 96)},{rng.choice(['00', '40', '50', '80', '90'])}"
        if lang == "en":
            price = price.replace(",", ".")
        days_fr = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        days_en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        return {
            "a": a,
            "b": b,
            "stop": rng.choice(stops),
            "train": train,
            "time": timestr,
            "min": rng.choice([12, 15, 18, 20, 25, 27, 30, 35, 40, 45, 50, 55, 65, 75, 90, 110]),
            "hours": rng.choice([1, 2, 2, 3]),
            "price": price,
            "small": rng.choice(["4", "6", "8", "12"]),
            "weeks": rng.randrange(3, 9),
            "ref": f"R{rng.randrange(10**7, 10**8)}",
            "coach": rng.randrange(1, 9),
            "day": rng.choice(days_fr if lang == "fr" else days_en),
            "brand": "@railatlantique",
            "dist": rng.choice([80, 120, 140, 190, 260]),
            "aslug": _slug(a).capitalize(),
        }

    def _unique(self, make):
        for _ in range(200):
            text = make()
            for old, new in _FR_FIXES:
                text = text.replace(old, new)
            text = " ".join(text.split(" ")).strip()
            while "  " in text:
                text = text.replace("  ", " ")
            if text and text not in self.texts:
                self.texts.add(text)
                return text
        raise RuntimeError("could not produce a unique text")

    @staticmethod
    def _cap(s):
        return s[:1].upper() + s[1:] if s else s

    @staticmethod
    def _decap(s):
        """Lower-case a sentence start after "Bonjour," unless it is a name or shouted."""
        word = s.split(" ")[0]
        if (
            not word
            or not word[0].isupper()
            or word.isupper()
            or word in _PROPER
            or any(s.startswith(p) for p in _PLACES)
        ):
            return s
        return s[0].lower() + s[1:]

    def _join(self, parts):
        out = []
        for p in parts:
            if not p:
                continue
            if not out or out[-1].endswith((".", "!", "?", ":", "…")):
                p = self._cap(p)
            elif out[-1].endswith(","):
                p = self._decap(p)
            out.append(p)
        return " ".join(out)

    def _pick_time(self, lo=None, hi=None):
        lo = lo or self.start + timedelta(minutes=20)
        hi = hi or self.now - timedelta(minutes=3)
        span = (hi - lo).total_seconds()
        for _ in range(500):
            t = lo + timedelta(seconds=self.rng.random() * span)
            if self.rng.random() * 1.9 < _activity(t):
                return t.replace(microsecond=0)
        return (lo + timedelta(seconds=span / 2)).replace(microsecond=0)

    # ---------------------------------------------------------------- accounts
    def _new_handle(self, net, first, last, lang):
        rng = self.rng
        f, l_ = _slug(first), _slug(last)
        for _ in range(50):
            style = rng.randrange(9)
            n = rng.choice(
                [
                    "",
                    "",
                    str(rng.randrange(1, 99)),
                    str(rng.randrange(1970, 2006)),
                    rng.choice(["44", "17", "33", "85", "79"]),
                ]
            )
            base = [
                f + l_,
                f + "_" + l_,
                f + "." + l_,
                f[0] + l_,
                l_ + f[0],
                f + l_[:1],
                f + "_" + (n or l_[:3]),
                f + l_ + n,
                rng.choice(["la", "le", "mr", "mme", "the", "its", "petit", "real"]) + f,
            ][style].strip("._")
            if net == "x":
                h = base.replace(".", "_")[:15]
            elif net == "bluesky":
                h = base.replace("_", "-").replace(".", "-").strip("-") + ".bsky.social"
            elif net == "mastodon":
                h = base.replace(".", "_") + "@" + rng.choice(_MASTO_INSTANCES)
            else:
                h = (
                    (f + "." + l_ + "." + (n or str(rng.randrange(1, 999))))
                    if rng.random() < 0.6
                    else base.replace("_", ".")
                )
            key = (net, h.lower())
            if key not in self.handles:
                self.handles.add(key)
                return h
        raise RuntimeError("handle space exhausted")

    def _account(
        self, net, handle, display_name, bio, followers, following, posts, created, verified=False
    ):
        rng = self.rng
        if net == "x":
            nid = (
                _x_id(rng, created)
                if created.year >= 2014
                else _digits(rng, rng.choice([8, 9, 10]))
            )
            url = f"https://x.com/{handle}"
        elif net == "bluesky":
            nid = _did(rng)
            url = f"https://bsky.app/profile/{handle}"
        elif net == "mastodon":
            nid = (
                _masto_id(rng, created)
                if created.year >= 2018
                else str(rng.randrange(1000, 900000))
            )
            user, inst = handle.split("@")
            url = f"https://{inst}/@{user}"
        else:
            nid = "10" + _digits(rng, 14)
            url = f"https://www.facebook.com/{handle}"
        return {
            "handle": handle if net == "facebook" else "@" + handle,
            "network_id": nid,
            "display_name": display_name,
            "bio": bio,
            "followers": int(followers),
            "following": int(following),
            "posts": int(posts),
            "created_at": _iso(created),
            "verified": bool(verified),
            "url": url,
        }

    def _person(self, net, lang, special=None):
        rng = self.rng
        if special and "first" in special:
            first, last = special["first"], special["last"]
            bio = ""
        elif lang == "fr":
            first, last = rng.choice(_FR_FIRST), rng.choice(_FR_LAST)
            bio = rng.choice(_FR_BIOS)
        else:
            first, last = rng.choice(_EN_FIRST), rng.choice(_EN_LAST)
            bio = rng.choice(_EN_BIOS)
        a, b = rng.sample(_CITIES, 2)
        bio = bio.format(a=a, b=b)
        style = rng.random()
        if style < 0.55:
            name = f"{first} {last}"
        elif style < 0.75:
            name = first
        elif style < 0.85:
            name = f"{first} {last[0]}."
        elif style < 0.93:
            name = f"{first} {rng.choice(['🌊', '🚲', '☕', '🚆', '🌻', '⚓', '📚', '🎸'])}"
        else:
            name = f"{first.lower()}"
        handle = self._new_handle(net, first, last, lang)
        if special:
            name = special.get("display_name", name)
            bio = special.get("bio", bio)
        earliest = max(_NETWORK_START[net], self.now - timedelta(days=365 * 15))
        age_days = (self.now - earliest).days
        days = int(min(age_days, max(40, rng.triangular(30, age_days, age_days * 0.45))))
        created = self.now - timedelta(days=days, seconds=rng.randrange(86400))
        followers = min(250_000, int(rng.lognormvariate(4.9, 1.35)))
        following = int(rng.lognormvariate(5.3, 0.9))
        posts = int(days * rng.lognormvariate(0.2, 1.1)) + rng.randrange(5, 60)
        verified = (followers > 20_000 and rng.random() < 0.6) or (
            net == "x" and rng.random() < 0.03
        )
        acct = self._account(net, handle, name, bio, followers, following, posts, created, verified)
        p = {"net": net, "lang": lang, "author": acct, "first": first}
        self.personas[net].append(p)
        return p

    def _persona_for(self, net, lang, reuse=0.3):
        pool = [p for p in self.personas[net] if p["lang"] == lang and not p.get("reserved")]
        if pool and self.rng.random() < reuse:
            return self.rng.choice(pool)
        return self._person(net, lang)

    # ---------------------------------------------------------------- messages
    def _msg_id(self, net, t, root=None):
        """x / mastodon: snowflake-like; facebook comment: ``{post number}_{comment number}``."""
        rng = self.rng
        for _ in range(100):
            if net == "x":
                nid = _x_id(rng, t)
            elif net == "mastodon":
                nid = _masto_id(rng, t)
            else:
                nid = f"{root}_{_digits(rng, 16)}"
            if nid not in self.ids:
                return nid
        raise RuntimeError("id collision")

    def _add(
        self, net, author, text, t, label, lang, kind="mention", parent=None, tags=(), dm=False
    ):
        """parent: a post dict or an item message dict on the same channel."""
        rng = self.rng
        ch = _CH[net]
        assert t < self.now and t > self.start, (t, self.now)
        if parent is not None:
            assert t > datetime.fromisoformat(parent["created_at"]), "reply before parent"
        h = author["handle"].lstrip("@")
        if net == "bluesky":
            for _ in range(100):
                rkey = _tid(rng, t)
                nid = f"at://{author['network_id']}/app.bsky.feed.post/{rkey}"
                if nid not in self.ids:
                    break
            url = f"https://bsky.app/profile/{h}/post/{rkey}"
        elif net == "x":
            nid = self._msg_id(net, t)
            url = None if dm else f"https://x.com/{h}/status/{nid}"
        elif net == "mastodon":
            nid = self._msg_id(net, t)
            user, inst = h.split("@")
            url = f"https://{inst}/@{user}/{nid}"
        else:
            if dm:
                nid = "m_" + "".join(
                    rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                    for _ in range(43)
                )
                url = None
            elif parent is None:  # visitor post on the page: {page id}_{post number}
                nid = f"{FB_PAGE_ID}_{_digits(rng, 16)}"
                url = f"https://www.facebook.com/{FB_PAGE_ID}/posts/{nid.split('_')[1]}"
            else:  # comment: {post number}_{comment number}, the post being the thread's root
                root = parent.get("thread_id", parent["network_id"]).split("_")[1]
                nid = self._msg_id(net, t, root=root)
                post_num, comment_num = nid.split("_")
                url = f"https://www.facebook.com/railatlantique/posts/{post_num}?comment_id={comment_num}"
        assert nid not in self.ids
        self.ids.add(nid)
        self.texts.add(text)
        msg = {"network_id": nid, "text": text, "created_at": _iso(t), "author": dict(author)}
        if url:
            msg["url"] = url
        msg["kind"] = kind
        if parent is not None:
            msg["in_reply_to"] = parent["network_id"]
            msg["thread_id"] = parent.get("thread_id", parent["network_id"])
        else:
            msg["thread_id"] = nid
        msg["lang"] = lang
        item = DemoItem(channel=ch, message=msg, label=label, tags=tuple(tags))
        self.items.append(item)
        self.by_id[(ch, nid)] = item
        return item

    def _reply_kind(self, net):
        return "comment" if net == "facebook" else "reply"

    def _address(self, net, text, kind):
        """Put the brand's @handle in the text the way each network does."""
        if net == "facebook" or kind == "direct":
            return text
        m = _MENTION[net]
        r = self.rng.random()
        if kind == "mention":
            return f"{m} {text}" if r < 0.6 else f"{text} {m}"
        if kind == "reply" and net in ("x", "mastodon") and r < 0.55:
            return f"{m} {text}"
        return text

    # ---------------------------------------------------------------- brand posts
    def build_posts(self):
        now_local = _local(self.now)

        def at(days_back, hh, mm):
            t = _from_local(
                datetime(now_local.year, now_local.month, now_local.day, hh, mm)
                - timedelta(days=days_back)
            )
            while t < self.start + timedelta(minutes=15):
                t += timedelta(days=1)
            while t > self.now - timedelta(hours=1, minutes=30):
                t -= timedelta(days=1)
            return t

        # announced at 16:45 on the latest weekday at least a day ago (the burst must be complete)
        for back in range(1, 7):
            strike_t = at(back, 16, 45)
            if strike_t < self.now - timedelta(hours=26) and _local(strike_t).weekday() < 5:
                break
        self.strike_time = strike_t
        strike_day = _local(strike_t) + timedelta(days=1)
        jours = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
        mois = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ]
        sd_fr = f"{jours[strike_day.weekday()]} {strike_day.day} {mois[strike_day.month - 1]}"
        sd_en = strike_day.strftime("%A %d %B").replace(" 0", " ")
        strike_fr = (
            f"⚠️ Mouvement social {sd_fr} : 1 TER sur 3 et aucun Intercités Nantes–Bordeaux. Les "
            "billets sont échangeables "
            f"et remboursables sans frais. Détail par ligne : railatlantique.example/info-trafic"
        )
        incident_t = self.now - timedelta(hours=3, minutes=25)
        spec = [
            # (net, time, topic, lang, text)
            (
                "x",
                at(7, 9, 30),
                "timetable",
                "fr",
                "🗓️ Nouveaux horaires à partir de lundi sur Nantes–La Rochelle : +2 "
                "allers-retours le soir, "
                "premier départ avancé à 5h52. Fiches horaires : railatlantique.example/horaires",
            ),
            (
                "x",
                at(5, 11, 0),
                "works",
                "fr",
                "🚧 Travaux ce week-end entre La Rochelle et Rochefort : cars de substitution "
                "samedi et dimanche, "
                "temps de trajet +25 min. On vous explique tout en gare.",
            ),
            ("x", strike_t, "strike", "fr", strike_fr),
            (
                "x",
                incident_t,
                "incident",
                "fr",
                "Info trafic : incident de signalisation entre La Rochelle et Rochefort. Retards "
                "importants "
                "sur Nantes–Bordeaux et La Rochelle–Poitiers. Nos équipes sont sur place. ^Julie",
            ),
            (
                "facebook",
                at(7, 10, 0),
                "promo",
                "fr",
                "☀️ Cet été, la côte atlantique à partir de 19 € ! Royan, Les Sables, Arcachon : "
                "et si vous laissiez la voiture au garage ?",
            ),
            (
                "facebook",
                at(4, 14, 30),
                "trains",
                "fr",
                "📸 Nos nouvelles rames arrivent sur Bordeaux–La Rochelle : 280 places, 12 "
                "emplacements "
                "vélos, prises à chaque siège. Vous en pensez quoi ?",
            ),
            ("facebook", strike_t + timedelta(minutes=4), "strike", "fr", strike_fr),
            (
                "facebook",
                at(1, 10, 15),
                "lost",
                "fr",
                "Objets trouvés 🧳 : un doudou lapin attend son propriétaire en gare de Nantes ! "
                "Rappel : tous les objets sont déclarés sur railatlantique.example/objets-trouves",
            ),
            (
                "bluesky",
                at(7, 8, 45),
                "bikes",
                "fr",
                "🚲 Bonne nouvelle : réservation vélo gratuite sur tous nos TER à partir de ce "
                "mois-ci. "
                "Free bike booking on all regional trains!",
            ),
            ("bluesky", strike_t + timedelta(minutes=2), "strike", "fr", strike_fr),
            (
                "bluesky",
                at(1, 12, 0),
                "timetable",
                "fr",
                "Rappel : les horaires d'été démarrent dans 15 jours. Vos questions ici 👇",
            ),
            (
                "mastodon",
                at(6, 15, 0),
                "tourism",
                "en",
                "Travelling to La Rochelle this summer? Our English guide to tickets, bikes and "
                "connections is online: railatlantique.example/en/guide",
            ),
            (
                "mastodon",
                strike_t + timedelta(minutes=6),
                "strike",
                "fr",
                strike_fr + f" (EN: strike on {sd_en}, 1 regional train in 3.)",
            ),
            (
                "mastodon",
                at(3, 9, 0),
                "works",
                "fr",
                "🚧 Travaux de nuit sur Saintes–Royan cette semaine, derniers trains remplacés "
                "par des cars après 21h.",
            ),
        ]
        for net, t, topic, lang, text in spec:
            t = t.replace(second=0)
            if net == "x":
                nid = _x_id(self.rng, t)
                url = f"https://x.com/railatlantique/status/{nid}"
            elif net == "mastodon":
                nid = _masto_id(self.rng, t)
                url = f"https://mastodon.social/@railatlantique/{nid}"
            elif net == "bluesky":
                if not hasattr(self, "brand_did"):
                    self.brand_did = _did(self.rng)
                rkey = _tid(self.rng, t)
                nid = f"at://{self.brand_did}/app.bsky.feed.post/{rkey}"
                url = f"https://bsky.app/profile/railatlantique.bsky.social/post/{rkey}"
            else:
                num = _digits(self.rng, 16)
                nid = f"{FB_PAGE_ID}_{num}"
                url = f"https://www.facebook.com/railatlantique/posts/{num}"
            self.ids.add(nid)
            self.posts.append(
                {
                    "network_id": nid,
                    "channel": _CH[net],
                    "text": text,
                    "created_at": _iso(t),
                    "url": url,
                    "lang": lang,
                    "topic": topic,
                }
            )
        self.posts.sort(key=lambda p: p["created_at"])
        self.strike_post = next(
            p for p in self.posts if p["channel"] == _CH["x"] and p["topic"] == "strike"
        )
        self.incident_post = next(p for p in self.posts if p["topic"] == "incident")

    def _post_before(self, net, t, topic=None):
        cands = [
            p
            for p in self.posts
            if p["channel"] == _CH[net]
            and datetime.fromisoformat(p["created_at"]) < t - timedelta(minutes=2)
            and (topic is None or p["topic"] == topic)
        ]
        if not cands:
            return None
        # recent posts attract most replies
        weights = [
            1.0 / (1 + (t - datetime.fromisoformat(p["created_at"])).total_seconds() / 86400) ** 2
            for p in cands
        ]
        return self.rng.choices(cands, weights)[0]

    # ---------------------------------------------------------------- texts
    def complaint_text(self, lang, angry, t=None, topic=None):
        rng = self.rng
        after_strike = t is not None and t > self.strike_time
        topics = list(_FR_FACTS)
        w = [5, 2, 3, 1.5, 2.5, 1.5, 1.5, 1.5, 1, 1, 1]
        if topic is None:
            topic = rng.choices(topics, w)[0]

        def make():
            s = self._slot(lang)
            facts = (_FR_FACTS if lang == "fr" else _EN_FACTS)[topic]
            if after_strike and rng.random() < 0.15:
                facts = _FR_STRIKE if lang == "fr" else _EN_STRIKE
            fact = rng.choice(facts).format(**s)
            if lang == "fr":
                opening = rng.choice(_FR_OPEN_ANGRY if angry else _FR_OPEN_POLITE)
                conseq, ask = rng.choice(_FR_CONSEQ), rng.choice(_FR_ASK)
                close = rng.choice(_FR_CLOSE_ANGRY if angry else _FR_CLOSE_POLITE)
            else:
                opening = rng.choice(_EN_OPEN_ANGRY if angry else _EN_OPEN_POLITE)
                conseq, ask = rng.choice(_EN_CONSEQ), rng.choice(_EN_ASK)
                close = rng.choice(_EN_CLOSE_ANGRY if angry else _EN_CLOSE_POLITE)
            if opening == "Bonjour @":
                opening = "Bonjour,"
            fact_s = fact if opening.endswith("que") else self._cap(fact)
            if angry:
                r = rng.random()
                if r < 0.3:
                    fact_s = fact_s.upper()
                elif r < 0.6:
                    for word in (
                        "encore",
                        "again",
                        "supprimé",
                        "cancelled",
                        "retard",
                        "late",
                        "toujours",
                        "still",
                        "jamais",
                        "never",
                    ):
                        if word in fact_s:
                            fact_s = fact_s.replace(word, word.upper(), 1)
                            break
                fact_s += rng.choice(
                    ["!!", "?!!", "??"]
                    if fact_s.endswith("?")
                    else [" !!!", "!!!", " ?!", "!!", " !!"]
                )
                if rng.random() < 0.35:
                    ask = ""
            elif not fact_s.endswith(("?", "!")):
                fact_s += "."
            conseq = conseq.format(**s)
            return self._join([opening, fact_s, conseq, ask, close])

        return self._unique(make)

    def question_text(self, lang, t=None, topic=None):
        rng = self.rng
        bank = _FR_QUESTIONS if lang == "fr" else _EN_QUESTIONS
        topics = [k for k in bank if k != "strike" or (t is not None and t > self.strike_time)]
        if topic not in topics:
            topic = None

        def make():
            s = self._slot(lang)
            q = rng.choice(bank[topic or rng.choice(topics)]).format(**s)
            o = rng.choice(_FR_Q_OPEN if lang == "fr" else _EN_Q_OPEN).format(**s)
            c = rng.choice(_FR_Q_CLOSE if lang == "fr" else _EN_Q_CLOSE).format(**s)
            return self._join([o, q, c])

        return self._unique(make)

    def simple_text(self, lang, fr_bank, en_bank, fr_tail, en_tail):
        rng = self.rng

        def make():
            s = self._slot(lang)
            body = rng.choice(fr_bank if lang == "fr" else en_bank).format(**s)
            tail = rng.choice(fr_tail if lang == "fr" else en_tail)
            if tail[:1].isalpha() and body[-1:].isalnum():
                body += rng.choice([".", " !", "."] if lang == "fr" else [".", "!"])
            return self._join([body, tail])

        return self._unique(make)

    # ---------------------------------------------------------------- scenarios
    def build_background(self):
        rng = self.rng
        plan = (
            [("negative", False)] * 66
            + [("negative", True)] * 34
            + [("question", None)] * 68
            + [("praise", None)] * 30
            + [("other", None)] * 36
            + [("abuse", None)] * 12
        )
        rng.shuffle(plan)
        nets, net_w = ["x", "facebook", "bluesky", "mastodon"], [0.36, 0.28, 0.2, 0.16]
        times = sorted(self._pick_time() for _ in plan)
        # the inbox must have fresh, not-yet-due items: force the last hour
        for k in range(10):
            times[-1 - k] = self.now - timedelta(
                minutes=2 + k * 5 + rng.randrange(0, 4), seconds=rng.randrange(60)
            )
        q_topics = [k for k in _FR_QUESTIONS if k != "strike"]
        q_count = 0
        for (label, angry), t in zip(plan, times, strict=True):
            net = rng.choices(nets, net_w)[0]
            if label == "question" and rng.random() < 0.15:
                net = "facebook"
            lang = "fr" if rng.random() < 0.57 else "en"
            if net == "mastodon" and rng.random() < 0.25:
                lang = "en"
            persona = self._persona_for(
                net, lang, reuse=0.12 if label in ("praise", "other") else 0.3
            )
            if label == "negative":
                text = self.complaint_text(lang, angry, t)
            elif label == "question":  # every topic is asked, then at random
                text = self.question_text(
                    lang,
                    t,
                    q_topics[q_count % len(q_topics)] if q_count < 3 * len(q_topics) else None,
                )
                q_count += 1
            elif label == "praise":
                text = self.simple_text(
                    lang, _FR_PRAISE, _EN_PRAISE, _FR_PRAISE_TAIL, _EN_PRAISE_TAIL
                )
            elif label == "other":
                text = self.simple_text(lang, _FR_OTHER, _EN_OTHER, _FR_OTHER_TAIL, _EN_OTHER_TAIL)
            else:
                text = self.simple_text(lang, _FR_ABUSE, _EN_ABUSE, _FR_ABUSE_TAIL, _EN_ABUSE_TAIL)
            dm = (
                label in ("negative", "question")
                and net in ("x", "facebook", "mastodon")
                and rng.random() < 0.07
            )
            r = rng.random()
            parent = None
            if dm:
                kind = "direct"
            elif net == "facebook":
                parent = self._post_before(net, t) if r < 0.9 else None
                kind = "comment" if parent else "mention"
            elif label in ("other", "negative") and net in ("x", "bluesky") and r < 0.06:
                kind = "quote"
            else:
                parent = self._post_before(net, t) if r < 0.42 else None
                kind = "reply" if parent else "mention"
            text = self._address(net, text, kind)
            self._add(net, persona["author"], text, t, label, lang, kind, parent, dm=dm)

    def build_followups(self):
        """Customers coming back in their thread, 'me too' replies, helpful strangers."""
        rng = self.rng
        base = [i for i in self.items if i.message["kind"] != "direct" and not i.tags]
        fr_again = [
            "Toujours aucune réponse…",
            "Je relance, ça fait {hours} h.",
            "Update : arrivé à {b} avec {min} min de retard finalement.",
            "Pour info c'était la voiture {coach}.",
            "Et maintenant l'appli dit que le train est « à l'heure » 🙃",
            "Personne ? Super le service client.",
            "Bon, on repart enfin. {min} minutes perdues.",
            "Je précise : trajet {a} → {b}.",
        ]
        en_again = [
            "Still no reply…",
            "Chasing this again, it's been {hours}h.",
            "Update: got to {b} {min} min late in the end.",
            "For the record it was coach {coach}.",
            "Anyone? Great customer service.",
            "Moving again at last. {min} minutes lost.",
        ]
        fr_metoo = [
            "Pareil dans le {train} ce matin 😤",
            "Même chose pour moi à {stop}.",
            "Idem, et aucune annonce à bord.",
            "Bienvenue au club, ça fait 3 semaines que j'attends aussi.",
            "+1, c'est tous les jours pareil sur {a}–{b}.",
        ]
        en_metoo = [
            "Same on the {train} this morning 😤",
            "Same here at {stop}.",
            "+1, every single day on {a}–{b}.",
        ]
        fr_help = [
            "Oui, vélos gratuits dans les TER, mais 6 places max par rame, réservez !",
            "Il y a un formulaire sur le site, rubrique « Après-vente ».",
            "Chien de moins de 6 kg gratuit dans un sac, sinon demi-tarif de mémoire.",
            "Pour l'assistance il faut appeler 48 h avant, ça marche bien.",
        ]
        en_help = [
            "Yes, bikes are free on regional trains but only 6 spaces, book ahead.",
            'There\'s a form on their website under "After-sales".',
            "Small dogs in a bag travel free, bigger ones half price I think.",
        ]
        for item in base:
            m = item.message
            t0 = datetime.fromisoformat(m["created_at"])
            lang = m["lang"]
            net = _KIND[item.channel]
            if item.label == "negative" and rng.random() < 0.2:
                t = t0 + timedelta(minutes=rng.randrange(6, 240), seconds=rng.randrange(60))
                if t < self.now - timedelta(minutes=1):
                    bank = fr_again if lang == "fr" else en_again
                    text = self._unique(
                        lambda bank=bank, lang=lang: self._join(
                            [
                                rng.choice(bank).format(**self._slot(lang)),
                                rng.choice(["", "", "😑", "🙄", "#RailAtlantique"]),
                            ]
                        )
                    )
                    lab = (
                        "other"
                        if text.startswith(
                            (
                                "Update",
                                "Pour info",
                                "For the record",
                                "Je précise",
                                "Bon, on repart",
                                "Moving",
                            )
                        )
                        else "negative"
                    )
                    self._add(net, m["author"], text, t, lab, lang, self._reply_kind(net), m)
            if item.label == "negative" and rng.random() < 0.1:
                t = t0 + timedelta(minutes=rng.randrange(3, 120))
                if t < self.now - timedelta(minutes=1):
                    other = self._persona_for(net, lang, reuse=0.2)
                    if other["author"]["handle"] != m["author"]["handle"]:
                        bank = fr_metoo if lang == "fr" else en_metoo
                        text = self._unique(
                            lambda bank=bank, lang=lang: self._join(
                                [
                                    rng.choice(bank).format(**self._slot(lang)),
                                    rng.choice(["", "", "🙄", "😩"]),
                                ]
                            )
                        )
                        self._add(
                            net,
                            other["author"],
                            text,
                            t,
                            "negative",
                            lang,
                            self._reply_kind(net),
                            m,
                        )
            if item.label == "question" and rng.random() < 0.12:
                t = t0 + timedelta(minutes=rng.randrange(4, 90))
                if t < self.now - timedelta(minutes=1):
                    other = self._persona_for(net, lang, reuse=0.2)
                    if other["author"]["handle"] != m["author"]["handle"]:
                        bank = fr_help if lang == "fr" else en_help
                        text = self._unique(
                            lambda bank=bank, lang=lang: self._join(
                                [
                                    rng.choice(bank),
                                    rng.choice(
                                        [
                                            "",
                                            "Bon voyage !" if lang == "fr" else "Have a good trip!",
                                            "😉",
                                            "🙂",
                                        ]
                                    ),
                                ]
                            )
                        )
                        self._add(
                            net, other["author"], text, t, "other", lang, self._reply_kind(net), m
                        )

    def build_spam(self):
        rng = self.rng
        nets, net_w = ["x", "facebook", "bluesky", "mastodon"], [0.4, 0.3, 0.18, 0.12]
        names = {
            "angel": [
                "✨ Ange Gardien ✨",
                "Numérologie Sacrée 🔮",
                "Angel Numbers Daily",
                "Ton Chemin de Vie 💫",
                "Mystic Luna 🌙",
            ],
            "crypto": [
                "Crypto Queen 👑💰",
                "Atlantic Coin Official",
                "Mentor Forex 📈",
                "Satoshi Vibes 🚀",
            ],
            "followers": ["Boost Social 🔥", "FollowersPro", "Likes Express ⚡"],
        }
        bios = {
            "angel": "Guidance spirituelle ✨ Découvrez votre nombre d'anges ⬇️",
            "crypto": "Financial freedom 💸 DM for signals. Not financial advice.",
            "followers": "Real followers, real growth 📈 Cheap & fast",
        }
        plan = ["angel"] * 18 + ["crypto"] * 8 + ["followers"] * 8
        for n_spam, kind in enumerate(plan):
            net = rng.choices(nets, net_w)[0]
            source = kind == "angel" and n_spam < 6
            lang = "fr" if source or rng.random() < (0.75 if kind == "angel" else 0.4) else "en"
            t = self._pick_time()
            n = rng.randrange(1000, 9999)
            base = (
                rng.choice(
                    {
                        "angel": ["ange", "angel", "numero", "luna", "spirit", "mystic"],
                        "crypto": ["crypto", "mentor", "satoshi", "atlc"],
                        "followers": ["boost", "follow", "likes", "growth"],
                    }[kind]
                )
                + rng.choice(["", "_", "."][: 1 if net == "x" else 3]).replace(".", "")
                + str(n)
            )
            handle = {
                "x": base[:15],
                "bluesky": base + ".bsky.social",
                "mastodon": base + "@mastodon.social",
                "facebook": base,
            }[net]
            if (net, handle.lower()) in self.handles:
                continue
            self.handles.add((net, handle.lower()))
            created = t - timedelta(days=rng.randrange(1, 40), hours=rng.randrange(24))
            acct = self._account(
                net,
                handle,
                rng.choice(names[kind]),
                bios[kind],
                rng.randrange(0, 60),
                rng.randrange(800, 5000),
                rng.randrange(200, 3000),
                created,
            )
            text = self._unique(lambda k=kind, lg=lang, src=source: _spam_text(rng, k, lg, src))
            parent = (
                self._post_before(net, t) if (net == "facebook" or rng.random() < 0.6) else None
            )
            kind_m = self._reply_kind(net) if parent else "mention"
            if net == "facebook" and parent is None:
                kind_m = "mention"
            self._add(
                net,
                acct,
                self._address(net, text, kind_m),
                t,
                "spam",
                lang,
                kind_m,
                parent,
                tags=("spam:" + kind,),
            )

        # fake "support" accounts answering complaints with refund phishing links
        impostors = {
            "x": ("RailAtlantiqSAV", "Rail Atlantique | Service Client ✅"),
            "facebook": ("railatlantique.remboursements", "Rail Atlantique Remboursements"),
            "bluesky": ("railatlantique-aide.bsky.social", "Rail Atlantique Aide 🚆"),
        }
        targets = [
            i
            for i in self.items
            if i.label == "negative"
            and _KIND[i.channel] in impostors
            and i.message["kind"] != "direct"
            and not i.tags
        ]
        rng.shuffle(targets)
        accts = {}
        done = 0
        for target in targets:
            if done >= 10:
                break
            m = target.message
            t = datetime.fromisoformat(m["created_at"]) + timedelta(
                minutes=rng.randrange(2, 30), seconds=rng.randrange(60)
            )
            if t >= self.now - timedelta(minutes=1):
                continue
            net = _KIND[target.channel]
            if net not in accts:
                h, name = impostors[net]
                self.handles.add((net, h.lower()))
                created = self.start - timedelta(days=rng.randrange(2, 12))
                accts[net] = self._account(
                    net,
                    h,
                    name,
                    "Compte officiel d'assistance 📩 Réponse en DM 24/7",
                    rng.randrange(8, 40),
                    2,
                    40,
                    created,
                )
            text = self._unique(lambda lg=m["lang"]: _spam_text(rng, "phishing", lg))
            self._add(
                net,
                accts[net],
                text,
                t,
                "spam",
                m["lang"],
                self._reply_kind(net),
                m,
                tags=("spam:phishing", "phishing", "impersonation"),
            )
            done += 1

    def build_burst(self):
        rng = self.rng
        post = self.strike_post
        t0 = datetime.fromisoformat(post["created_at"])
        offsets = sorted(int(rng.betavariate(1.3, 2.4) * 28 * 60) + 40 for _ in range(52))
        labels = ["negative"] * 45 + ["abuse"] * 3 + ["question"] * 4
        rng.shuffle(labels)
        burst = []
        for off, label in zip(offsets, labels, strict=True):
            t = t0 + timedelta(seconds=off)
            lang = "fr" if rng.random() < 0.82 else "en"
            persona = self._persona_for("x", lang, reuse=0.06)
            if label == "negative":
                angry = rng.random() < 0.6

                def make(lang=lang, angry=angry):
                    s = self._slot(lang)
                    fact = rng.choice(_FR_STRIKE if lang == "fr" else _EN_STRIKE).format(**s)
                    if lang == "fr":
                        o = rng.choice(
                            _FR_OPEN_ANGRY
                            if angry
                            else [
                                "",
                                "",
                                "Sérieusement,",
                                "Encore ?",
                                "Bon.",
                                "Super…",
                                "Génial.",
                                "Et voilà,",
                            ]
                        )
                        c = rng.choice(
                            _FR_CLOSE_ANGRY
                            if angry
                            else _FR_CLOSE_POLITE + ["Merci pour rien.", "Lassant."]
                        )
                    else:
                        o = rng.choice(
                            _EN_OPEN_ANGRY if angry else ["", "", "Great.", "Again?", "Wonderful…"]
                        )
                        c = rng.choice(_EN_CLOSE_ANGRY if angry else _EN_CLOSE_POLITE)
                    f = self._cap(fact)
                    if angry and rng.random() < 0.4:
                        f = f.upper()
                    if f.endswith("?"):
                        f += rng.choice(["!!", "??", ""]) if angry else ""
                    else:
                        f += rng.choice(["!!!", " !!", " ?!", "."]) if angry else "."
                    return self._join([o, f, c])

                text = self._unique(make)
            elif label == "abuse":
                text = self.simple_text(lang, _FR_ABUSE, _EN_ABUSE, _FR_ABUSE_TAIL, _EN_ABUSE_TAIL)
            else:
                text = self._unique(
                    lambda lang=lang: self._join(
                        [
                            rng.choice(
                                (_FR_QUESTIONS if lang == "fr" else _EN_QUESTIONS)["strike"]
                            ).format(**self._slot(lang)),
                            rng.choice(["", "Merci", "🙏"] if lang == "fr" else ["", "Thanks"]),
                        ]
                    )
                )
            parent = post
            if burst and rng.random() < 0.12:
                parent = rng.choice(burst).message
            item = self._add(
                "x",
                persona["author"],
                self._address("x", text, "reply"),
                t,
                label,
                lang,
                "reply",
                parent,
                tags=("burst:strike",),
            )
            burst.append(item)
        # a few on the other networks' strike posts, over the evening
        for p in self.posts:
            if p["topic"] != "strike" or p is post:
                continue
            net = _KIND[p["channel"]]
            pt = datetime.fromisoformat(p["created_at"])
            for _ in range(rng.randrange(3, 6)):
                t = pt + timedelta(minutes=rng.randrange(3, 240))
                lang = "fr" if rng.random() < 0.75 else "en"
                persona = self._persona_for(net, lang)
                label = "negative" if rng.random() < 0.8 else "question"
                text = (
                    self.complaint_text(lang, rng.random() < 0.4, t, "cancel")
                    if label == "negative"
                    else self.question_text(lang, t)
                )
                self._add(
                    net,
                    persona["author"],
                    self._address(net, text, self._reply_kind(net)),
                    t,
                    label,
                    lang,
                    self._reply_kind(net),
                    p,
                )

    def build_journeys(self):
        rng = self.rng
        now = self.now
        # ---- journey 2: the angry customer (X), a real 6-year-old account
        created = now - timedelta(days=6 * 365 + 41, hours=7)
        claire = self._account(
            "x",
            "claire_moreau17",
            "Claire Moreau",
            "Infirmière à La Rochelle 🩺 Pendulaire Nantes ⇄ La Rochelle. Avis perso.",
            304,
            388,
            2714,
            created,
        )
        self.handles.add(("x", "claire_moreau17"))
        tags = ("journey:angry-customer",)

        def local_day(days_back, hh, mm):
            loc = _local(now) - timedelta(days=days_back)
            t = _from_local(loc.replace(hour=hh, minute=mm, second=0, microsecond=0))
            return t

        t1 = local_day(5, 7, 51) + timedelta(seconds=13)
        t2 = local_day(3, 18, 24) + timedelta(seconds=48)
        self._add(
            "x",
            claire,
            "@railatlantique Bonjour, le TER 864512 Nantes → La Rochelle de 7h12 a encore 25 min "
            "de retard ce matin. "
            "Troisième fois ce mois-ci. Une explication ?",
            t1,
            "negative",
            "fr",
            "mention",
            tags=tags + ("answered",),
        )
        self._add(
            "x",
            claire,
            "@railatlantique Correspondance ratée à Saintes hier soir à cause du retard du "
            "864537, 1 h 10 sur le quai "
            "dans le froid. Je peux demander une compensation ?",
            t2,
            "negative",
            "fr",
            "mention",
            tags=tags + ("answered",),
        )
        t3 = now - timedelta(minutes=18, seconds=22)
        main = self._add(
            "x",
            claire,
            ANGRY_CUSTOMER_TEXT,
            t3,
            "negative",
            "fr",
            "reply",
            self.incident_post,
            tags=tags + ("journey:main",),
        )
        self._add(
            "x",
            claire,
            "Train 864541 arrêté en pleine voie après Surgères, pas une annonce, pas d'eau, des "
            "enfants à bord. "
            "Je vais encore rater le début de ma garde.",
            t3 + timedelta(minutes=4, seconds=9),
            "negative",
            "fr",
            "reply",
            main.message,
            tags=tags,
        )
        for text in (ANGRY_CUSTOMER_TEXT,):
            self.texts.add(text)

        # ---- journey 3 + 4: the troll and his successive accounts (X)
        troll_bio = "la verite sur le rail 🚂 on vous lache pas"
        a1_created = now - timedelta(days=6, hours=3, minutes=17)
        acc1 = self._account(
            "x", "trainhater42", "Train Hater 🚂💢", troll_bio, 3, 41, 12, a1_created
        )
        insults1 = [
            (
                now - timedelta(days=4, hours=2, minutes=5),
                "le CM de rail atlantique c'est vraiment le roi des guignols 🤡🤡 bande de bras "
                "cassés",
            ),
            (
                now - timedelta(days=4, hours=1, minutes=38),
                "et la julie du service client elle sait lire ou pas ?? incapables 🤡🤡",
            ),
            (
                now - timedelta(days=4, hours=0, minutes=52),
                "vos controleurs de nantes = des abrutis payes a rien foutre 🤡🤡",
            ),
        ]
        a2_created = now - timedelta(days=3, hours=5, minutes=41)
        acc2 = self._account(
            "x",
            "trainhater_42",
            "Train Hater 🚂💢💢",
            troll_bio + " (compte 2 lol)",
            1,
            18,
            5,
            a2_created,
        )
        insults2 = [
            (
                now - timedelta(days=2, hours=20, minutes=12),
                "bloque moi tant que tu veux le CM, t'es toujours le roi des guignols 🤡🤡",
            ),
            (
                now - timedelta(days=2, hours=19, minutes=30),
                "julie du service client toujours aussi incapable ?? 🤡🤡 bande de bras cassés",
            ),
        ]
        a3_created = now - timedelta(hours=9, minutes=12)
        acc3 = self._account(
            "x", "tra1nhater42", "Tra1n Hater 🚂💢", "la verite sur le rail 🚂", 0, 7, 3, a3_created
        )
        insults3 = [
            (
                now - timedelta(hours=2, minutes=44),
                "revoila le roi des guignols du CM 🤡🤡 vous pensiez quoi, que j'allais partir ?",
            ),
            (
                now - timedelta(hours=2, minutes=31),
                "les controleurs de nantes des abrutis, julie une incapable, rien change 🤡🤡",
            ),
        ]
        for h in ("trainhater42", "trainhater_42", "tra1nhater42"):
            self.handles.add(("x", h))
        for n, (acct, insults) in enumerate(
            ((acc1, insults1), (acc2, insults2), (acc3, insults3)), start=1
        ):
            for t, text in insults:
                parent = self._post_before("x", t)
                self._add(
                    "x",
                    acct,
                    text,
                    t,
                    "abuse",
                    "fr",
                    "reply" if parent else "mention",
                    parent,
                    tags=("journey:troll", f"troll:account-{n}"),
                )
        threat_t = now - timedelta(minutes=47, seconds=31)
        self._add(
            "x",
            acc3,
            THREAT_TEXT,
            threat_t,
            "threat",
            "fr",
            "reply",
            self._post_before("x", threat_t),
            tags=("journey:threat", "journey:troll", "troll:account-3"),
        )

        # ---- the second (English) threat, from an ordinary angry account on Mastodon
        t = self._pick_time(self.start + timedelta(days=2), self.now - timedelta(days=1))
        p = self._person("mastodon", "en")
        p["reserved"] = True
        self._add(
            "mastodon",
            p["author"],
            "@railatlantique Cancel my train one more time and I'll be waiting for your guard at "
            "Bordeaux "
            "station. I know what time his shift ends.",
            t,
            "threat",
            "en",
            "mention",
            tags=("threat:en",),
        )

        # ---- strings the app must render safely (still plausible people)
        odd = [
            (
                "x",
                "fr",
                {
                    "first": "Léa",
                    "last": "Texier",
                    "display_name": "🚄💨 Léa ✨🌊🐚💙🚄",
                    "bio": "✨🌸 vibes 🌸✨ | Royan 🌊 | 🚆🚆🚆",
                },
            ),
            (
                "facebook",
                "fr",
                {
                    "first": "Leila",
                    "last": "Benali",
                    "display_name": "ليلى بن علي",
                    "bio": "مسافرة يومية · Bordeaux ⇄ Arcachon",
                },
            ),
            (
                "bluesky",
                "fr",
                {
                    "first": "Marc",
                    "last": "Dubois",
                    "display_name": "Marc <b>Dubois</b>",
                    "bio": "Dev front à Nantes. <script>alert('coucou')</script> 😇",
                },
            ),
            (
                "mastodon",
                "fr",
                {
                    "first": "Jean",
                    "last": "Jacquet",
                    "display_name": 'Jean "JJ" & Cie',
                    "bio": "Ligne 1 : usager\nLigne 2 : râleur\nLigne 3 : ❤️ le train",
                },
            ),
            (
                "x",
                "en",
                {
                    "first": "Zoe",
                    "last": "Walker",
                    "display_name": "Z̷o̷e̷ ̷W̷a̷l̷k̷e̷r̷",
                    "bio": "h̶e̶r̶/she · Bordeaux · ‮txet sdrawkcab‬",
                },
            ),
            (
                "facebook",
                "fr",
                {
                    "first": "Anne-Sophie",
                    "last": "Duplessis",
                    "display_name": "Anne-Sophie de La Roche-Aymon du Plessis-Bellière",
                    "bio": "Retraitée, grand-mère de 7 petits-enfants",
                },
            ),
        ]
        for net, lang, special in odd:
            p = self._person(net, lang, special)
            t = self._pick_time()
            label = rng.choice(["negative", "question", "praise"])
            if label == "negative":
                text = self.complaint_text(lang, False, t)
            elif label == "question":
                text = self.question_text(lang, t)
            else:
                text = self.simple_text(
                    lang, _FR_PRAISE, _EN_PRAISE, _FR_PRAISE_TAIL, _EN_PRAISE_TAIL
                )
            parent = self._post_before(net, t) if net == "facebook" else None
            kind = self._reply_kind(net) if parent else "mention"
            self._add(
                net,
                p["author"],
                self._address(net, text, kind),
                t,
                label,
                lang,
                kind,
                parent,
                tags=("render-check",),
            )
        # a few accounts with reach: what they post is seen
        known = [
            (
                "x",
                "fr",
                "ouestatlantique_info",
                "Ouest-Atlantique",
                "Quotidien régional. Toute l'info de la côte atlantique, 24h/24.",
                48_200,
                1_140,
                131_000,
                15 * 365,
                True,
                "other",
                "@railatlantique Bonjour, nous préparons un article sur les retards de la ligne "
                "Nantes–Bordeaux. Votre service presse peut-il nous rappeler ?",
            ),
            (
                "bluesky",
                "en",
                "slowtrainsophie.bsky.social",
                "Sophie · Slow Travel 🚆",
                "Travel writer. Europe by rail, one slow train at a time.",
                23_400,
                610,
                5_900,
                600,
                False,
                "praise",
                "Coastal line from La Rochelle to Bordeaux today with "
                "@railatlantique.bsky.social: marshes, oyster beds, and a train that left on "
                "time. Full review on the blog soon.",
            ),
            (
                "facebook",
                "fr",
                "velo.atlantique.asso",
                "Vélo Atlantique (association)",
                "Association d'usagers du vélo et du train · Nantes · La Rochelle · Bordeaux",
                12_800,
                0,
                2_300,
                11 * 365,
                False,
                "question",
                "Nos adhérents demandent : les 12 emplacements vélos des nouvelles rames "
                "seront-ils réservables dès leur mise en service ?",
            ),
        ]
        for net, lang, handle, name, bio, fol, fing, posts, days, ver, label, text in known:
            self.handles.add((net, handle))
            acct = self._account(
                net,
                handle,
                name,
                bio,
                fol,
                fing,
                posts,
                self.now - timedelta(days=days, hours=5),
                ver,
            )
            t = self._pick_time(self.start + timedelta(days=1))
            parent = self._post_before(net, t, "trains") if net == "facebook" else None
            kind = "comment" if parent else "mention"
            self._add(net, acct, text, t, label, lang, kind, parent, tags=("influencer",))

        p = self._person("bluesky", "fr")
        t = self._pick_time()
        self._add(
            "bluesky",
            p["author"],
            "@railatlantique.bsky.social Votre page horaires affiche <b>undefined</b> à la place "
            "du quai 🤔 "
            "et <img src=x> dans le titre. Bug ?",
            t,
            "negative",
            "fr",
            "mention",
            tags=("render-check",),
        )

    def build(self):
        self.build_posts()
        self.build_journeys()
        self.build_burst()
        self.build_background()
        self.build_followups()
        self.build_spam()
        self.items.sort(key=lambda i: (i.message["created_at"], i.channel, i.message["network_id"]))
        return DemoWorkspace(
            brand=json.loads(json.dumps(BRAND)),
            channels=[dict(c) for c in CHANNELS],
            posts=self.posts,
            items=self.items,
        )


def generate(now: datetime, seed: int = 7) -> DemoWorkspace:
    """One week of inbound traffic for the demo workspace, ending just before ``now``.

    ``now`` without a timezone is read as UTC. Deterministic for a given ``(now, seed)``.
    """
    return _Gen(now, seed).build()
