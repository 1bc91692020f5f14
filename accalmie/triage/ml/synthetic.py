"""Small synthetic training sets, generated in code, for what no dataset covers:
French (and more English) threats, French complaints, spam (incl. numerology),
questions and praise, with hard negatives (insults without threats, neutral
sentences naming the same groups, ordinary links).

Deterministic: the same seed gives the same rows.
"""

from __future__ import annotations

import random

from .data import Row

GROUPS_FR = [
    "les femmes",
    "les musulmans",
    "les juifs",
    "les noirs",
    "les arabes",
    "les immigrés",
    "les gays",
    "les homosexuels",
    "les trans",
    "les handicapés",
    "les réfugiés",
    "les roms",
    "les chrétiens",
    "les asiatiques",
    "les journalistes",
    "les flics",
    "les profs",
    "les migrants",
    "les lesbiennes",
    "les étrangers",
    "les vieux",
    "les gauchistes",
]
GROUPS_EN = [
    "women",
    "muslims",
    "jews",
    "black people",
    "immigrants",
    "gay people",
    "trans people",
    "disabled people",
    "refugees",
    "christians",
    "asians",
    "journalists",
    "cops",
    "teachers",
    "migrants",
    "lesbians",
    "foreigners",
    "liberals",
    "mexicans",
    "old people",
]
PEOPLE_FR = [
    "toi",
    "ta famille",
    "ton patron",
    "ce mec",
    "cette meuf",
    "le community manager",
    "ta mère",
    "le directeur",
    "vous",
    "tes gosses",
]
PEOPLE_EN = [
    "you",
    "your family",
    "your boss",
    "that guy",
    "your manager",
    "the ceo",
    "your kids",
    "your mom",
    "the admin",
    "your staff",
]
BRANDS = ["@user", "", "", "@user @user"]

THREATS_FR = [
    "je vais te tuer",
    "je vais te buter",
    "je vais te crever",
    "je vais te retrouver et te faire la peau",
    "on va te retrouver",
    "je sais où tu habites",
    "je sais où tu bosses, attends-toi à la sortie",
    "on sait où tu travailles",
    "t'es un homme mort",
    "tu es mort",
    "tes jours sont comptés",
    "fais gaffe à toi",
    "fais gaffe à tes enfants",
    "tu vas le regretter",
    "tu vas payer",
    "je t'attends à la sortie",
    "on va venir chez toi",
    "je vais te défoncer la gueule",
    "je vais te planter",
    "je vais te casser la gueule",
    "je vais mettre le feu à ton magasin",
    "on va faire sauter vos locaux",
    "une balle dans ta tête",
    "je vais vous égorger",
    "si je te croise je te tue",
    "je vais brûler ta boutique",
    "je vais te massacrer",
    "tu vas crever",
    "vous allez tous crever",
    "je vais tous vous descendre",
]
GROUP_THREATS_FR = [
    "il faut tous les tuer, {g}",
    "{g} méritent de mourir",
    "{g} devraient être exterminés",
    "je vais tuer tous {g}",
    "on va buter {g}",
    "{g} doivent tous crever",
    "mort aux {g2}",
    "il faudrait gazer {g}",
    "{g} devraient être pendus",
    "faut les brûler vifs, {g}",
    "je vais abattre le prochain de {g} que je croise",
    "on devrait fusiller {g}",
    "{g} méritent une balle dans la tête",
    "je vais poser une bombe chez {g}",
    "il faut éliminer {g}",
    "{g} vont se faire massacrer",
    "je vais égorger {g}",
]
THREATS_EN = [
    "i'm going to kill you",
    "i will kill you",
    "i'll find you",
    "i know where you live",
    "i know where you work",
    "you're a dead man",
    "watch your back",
    "your days are numbered",
    "you'll regret this",
    "i'm gonna shoot you",
    "i will burn your store down",
    "i'm coming for you",
    "i'll put a bullet in your head",
    "i'm going to hurt your family",
    "i'll stab you",
    "we will find you and end you",
    "i'm going to beat you to death",
    "i'd love to strangle you",
    "you will pay for this",
    "i'll blow up your office",
    "i'm going to murder you",
]
GROUP_THREATS_EN = [
    "{g} should be killed",
    "{g} deserve to die",
    "i'm going to kill all {g}",
    "kill all {g}",
    "{g} should be shot",
    "{g} need to be exterminated",
    "death to {g}",
    "i will shoot the next one of {g} i see",
    "{g} should all hang",
    "we should gas {g}",
    "{g} must be wiped out",
    "i'll murder any of {g} i meet",
    "{g} deserve a bullet",
    "i'm going to bomb {g}",
    "someone should slaughter {g}",
]
INSULTS_FR = [
    "t'es qu'un connard",
    "espèce d'abruti",
    "ferme ta gueule",
    "t'es vraiment con",
    "sale merde",
    "bande de cons",
    "vous êtes nuls, des incapables et des bouffons",
    "pauvre type",
    "grosse pute",
    "t'es une honte, crétin",
    "casse-toi, minable",
    "tocard",
    "bâtard",
    "ta gueule",
    "quelle bande d'enculés",
    "t'es débile ou quoi",
    "va te faire foutre",
    "sombre idiot",
]
GROUP_INSULTS_FR = [
    "{g} sont des parasites",
    "{g} sont tous des débiles",
    "{g} me dégoûtent",
    "{g} sont une plaie pour ce pays",
    "je déteste {g}",
    "{g} sont des sous-hommes",
    "{g} c'est de la vermine",
]
INSULTS_EN = [
    "you're an idiot",
    "shut up, moron",
    "you stupid bitch",
    "fuck you",
    "what a loser",
    "you're pathetic trash",
    "go to hell, asshole",
    "dumbass",
    "you're a disgrace",
]
GROUP_INSULTS_EN = [
    "{g} are parasites",
    "{g} are disgusting",
    "i hate {g}",
    "{g} are vermin",
    "{g} are subhuman",
    "{g} are all stupid",
]
NEUTRAL_FR = [
    "j'ai rencontré {g} à la conférence hier",
    "un reportage sur {g} ce soir à la télé",
    "{g} ont le droit de vivre en paix",
    "dire que {g} méritent de mourir est ignoble",
    "menacer {g} est un délit",
    "je travaille avec {g} depuis des années",
    "le débat sur {g} était intéressant",
    "soutien total à {g}",
    "personne ne devrait menacer {g}",
    "on va au cinéma ce soir",
    "je vais tuer le temps en lisant",
    "ce film m'a tué de rire",
    "je suis mort de rire",
    "je vais exploser de joie",
    "on va défoncer la concurrence au match samedi",
    "je vais me faire couper les cheveux",
    "je sais où tu as acheté ça ?",
]
NEUTRAL_EN = [
    "i met {g} at the conference",
    "a documentary about {g} tonight",
    "{g} deserve respect",
    "saying {g} should die is vile",
    "threatening {g} is a crime",
    "i have worked with {g} for years",
    "nobody should threaten {g}",
    "i'm dying of laughter",
    "this song kills",
    "we're going to kill it at the show tonight",
    "time to kill some time",
    "my feet are killing me",
    "you killed it!",
    "i know where you got that, nice",
]
COMPLAINTS_FR = [
    "toujours pas reçu ma commande",
    "ma commande n'est jamais arrivée",
    "commande perdue, personne ne répond",
    "service client injoignable depuis une semaine",
    "je veux être remboursé",
    "remboursez-moi",
    "c'est inadmissible, trois semaines de retard",
    "produit défectueux, très déçu",
    "l'appli ne marche plus depuis la mise à jour",
    "votre site plante tout le temps",
    "colis abîmé et aucune réponse du SAV",
    "facturé deux fois, c'est scandaleux",
    "encore en panne, j'en ai marre",
    "service lamentable, je ne recommande pas",
    "la livraison est en retard encore une fois",
    "c'est une arnaque",
    "très mécontent de votre service",
    "prix trop cher pour la qualité",
    "le wifi ne fonctionne pas",
    "quelle déception",
    "votre service client se moque de nous",
    "plus jamais chez vous",
    "article cassé à la réception",
    "vol annulé sans explication",
    "ça fait 2h que j'attends au téléphone",
]
COMPLAINTS_EN = [
    "still haven't received my order",
    "my package never arrived",
    "worst customer service ever",
    "i want a refund",
    "the app keeps crashing",
    "been on hold for an hour",
    "i was charged twice",
    "so disappointed with this product",
    "my flight was delayed again",
    "internet down again",
    "the item arrived damaged",
    "nobody answers my emails",
    "this is unacceptable",
]
QUESTIONS_FR = [
    "comment je peux suivre ma commande ?",
    "quand ouvre le magasin de lyon ?",
    "vous livrez en belgique ?",
    "est-ce que c'est disponible en bleu ?",
    "combien coûte la livraison ?",
    "pouvez-vous m'aider ?",
    "quel est le délai de livraison ?",
    "où trouver la notice ?",
    "avez-vous un code promo pour les étudiants ?",
    "c'est ouvert dimanche ?",
    "comment changer mon mot de passe ?",
    "y a-t-il une garantie ?",
]
QUESTIONS_EN = [
    "how can i track my order?",
    "when does the store open?",
    "do you ship to canada?",
    "is this available in blue?",
    "how much is shipping?",
    "can you help me?",
    "what's the return policy?",
    "where can i find the manual?",
    "are you open on sunday?",
    "how do i reset my password?",
]
PRAISE_FR = [
    "merci beaucoup pour votre aide !",
    "bravo à toute l'équipe",
    "service au top, merci",
    "j'adore ce produit",
    "génial, reçu en 24h",
    "super accueil en magasin",
    "parfait comme toujours",
    "félicitations pour le lancement",
    "trop bien la nouvelle collection",
    "je recommande à 100%",
    "merci pour la réactivité",
    "excellent service ❤️",
]
PRAISE_EN = [
    "thank you so much for your help!",
    "great job team",
    "amazing service, thanks",
    "i love this product",
    "awesome, arrived in 24h",
    "perfect as always",
    "congrats on the launch",
    "highly recommend",
    "thanks for the quick reply",
    "best customer service ever 😍",
]
SPAM_FR = [
    "signification de {n} : découvrez le message des anges {url}",
    "voir {a} {b} partout ? voici ce que ça veut dire {url}",
    "Découvrez Votre Nombre D'Anges gratuitement {url}",
    "heure miroir {a}h{a} : signification spirituelle {url}",
    "numérologie gratuite, découvrez votre destin {url}",
    "signification du nombre {n} en amour",
    "gagnez {k}€ par jour avec le bitcoin, revenus passifs garantis {url}",
    "investissez 100€ et doublez votre argent {url}",
    "acheter des abonnés instagram pas cher {url}",
    "obtenez 10k abonnés gratuits {url}",
    "followers gratuits ici {url}",
    "code promo -90% lien en bio",
    "envoie-moi un dm pour gagner de l'argent facile",
    "cliquez ici pour gagner un iphone {url} {url}",
    "signaux de trading crypto, rejoins le telegram: @pumpgroup",
    "flamme jumelle : votre voyance gratuite {url}",
    "{url} {url} {url}",
    "regarde mon profil 😘 {url}",
    "travail à domicile, 3000€ par mois {url}",
]
SPAM_EN = [
    "meaning of {n}: your angel number explained {url}",
    "seeing {a} {b} everywhere? here is what it means {url}",
    "discover your angel number for free {url}",
    "{n} angel number meaning in love and twin flames",
    "earn ${k} a day with bitcoin, passive income {url}",
    "invest $100 and double your money {url}",
    "buy real followers cheap {url}",
    "get 10k free followers {url}",
    "free followers here {url}",
    "promo code 90% off, link in bio",
    "dm me for easy money",
    "click here to win an iphone {url} {url}",
    "crypto trading signals, join telegram: @pumpgroup",
    "hot singles in your area {url}",
    "{url} {url} {url}",
    "check my profile 😘 {url}",
    "work from home and make $5000 a month {url}",
    "free nft airdrop, connect your wallet {url}",
]
LINKS_OK = [
    "our new blog post {url}",
    "notre article du jour {url}",
    "photos of the event {url}",
    "le replay est ici {url}",
    "read the docs: {url}",
]


def _url(r: random.Random) -> str:
    dom = r.choice(
        [
            "bit.ly/",
            "t.co/",
            "https://tinyurl.com/",
            "https://www.example-site.com/",
            "http://win-now.xyz/",
        ]
    )
    return dom + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(7))


def _fill(t: str, r: random.Random, groups: list[str]) -> str:
    g = r.choice(groups)
    a = r.choice(["111", "222", "333", "444", "555", "777", "888", "7", "11", "12", "21", "1212"])
    return t.format(
        g=g,
        g2=g.replace("les ", ""),
        url=_url(r),
        n=r.choice(["555", "444", "1111", "777", "333", "911", "1212", "222", "717"]),
        a=a,
        b=r.choice(["11", "22", "7", "14", "33"]),
        k=r.choice([50, 100, 300, 500]),
    )


def _decorate(t: str, r: random.Random, lang: str) -> str:
    pre = r.choice(BRANDS)
    suf = r.choice(["", "", "", "!", "!!", ".", " 😡", " 🤬", "..."])
    if r.random() < 0.3:
        t = t.capitalize()
    if r.random() < 0.15:
        t = t.upper()
    return f"{pre} {t}{suf}".strip()


def generate(seed: int = 13, scale: int = 1) -> list[Row]:
    r = random.Random(seed)
    rows: list[Row] = []

    def add(templates, n, lang, groups, **lab):
        for _ in range(n * scale):
            t = _decorate(_fill(r.choice(templates), r, groups), r, lang)
            rows.append(Row(t, lang, "synthetic", **lab))

    thr = dict(toxic=1, threat=1, negative=1, spam=0, praise=0, weight=1.0)
    add(THREATS_FR, 500, "fr", GROUPS_FR, **thr)
    add(GROUP_THREATS_FR, 500, "fr", GROUPS_FR, **thr)
    add(THREATS_EN, 250, "en", GROUPS_EN, **thr)
    add(GROUP_THREATS_EN, 300, "en", GROUPS_EN, **thr)
    ins = dict(toxic=1, threat=0, negative=1, spam=0, praise=0, weight=1.0)
    add(INSULTS_FR, 250, "fr", GROUPS_FR, **ins)
    add(GROUP_INSULTS_FR, 250, "fr", GROUPS_FR, **ins)
    add(INSULTS_EN, 100, "en", GROUPS_EN, **ins)
    add(GROUP_INSULTS_EN, 150, "en", GROUPS_EN, **ins)
    neu = dict(toxic=0, threat=0, spam=0, praise=0, weight=1.0)
    add(NEUTRAL_FR, 400, "fr", GROUPS_FR, **neu)
    add(NEUTRAL_EN, 300, "en", GROUPS_EN, **neu)
    com = dict(toxic=0, threat=0, negative=1, spam=0, praise=0, weight=1.0)
    add(COMPLAINTS_FR, 500, "fr", GROUPS_FR, **com)
    add(COMPLAINTS_EN, 100, "en", GROUPS_EN, **com)
    q = dict(toxic=0, threat=0, negative=0, spam=0, praise=0, weight=1.0)
    add(QUESTIONS_FR, 200, "fr", GROUPS_FR, **q)
    add(QUESTIONS_EN, 150, "en", GROUPS_EN, **q)
    p = dict(toxic=0, threat=0, negative=0, spam=0, praise=1, weight=1.0)
    add(PRAISE_FR, 250, "fr", GROUPS_FR, **p)
    add(PRAISE_EN, 250, "en", GROUPS_EN, **p)
    s = dict(toxic=0, threat=0, negative=None, spam=1, praise=0, weight=1.0)
    add(SPAM_FR, 500, "fr", GROUPS_FR, **s)
    add(SPAM_EN, 500, "en", GROUPS_EN, **s)
    ok = dict(toxic=0, threat=0, negative=0, spam=0, praise=0, weight=1.0)
    add(LINKS_OK, 200, "fr", GROUPS_FR, **ok)
    return rows
