"""The phrases the tone check looks for, in French and English.

Every pattern is matched against the *folded* draft (lower case, accents
removed, typographic apostrophes made straight: see ``tone.fold``), which has
exactly the draft's length, so a match's offsets are the draft's offsets.
Write the patterns accent-free: "desole" matches "désolé", "DÉSOLÉ" and
"desole". Both languages are always searched: community managers switch
language mid-sentence, and a French draft can still say "lol".

Each list is kept short and specific on purpose: a tone check that cries
wolf on polite replies gets ignored (the good replies of the template library
must all pass clean, and a test holds them to it).
"""

from __future__ import annotations

# An apostrophe or a space or nothing, between "d" and "habitude" and the like.
AP = r"(?:'\s?|\s)?"

# Words that insult whoever reads them, wherever they stand in the draft.
INSULT_WORDS = r"""
connard connards connasse connasses salope salopes salaud salauds encule encules enculer fdp ntm
abruti abrutis abrutie abruties debile debiles cretin cretins cretine cretines imbecile imbeciles
tocard tocards tocarde bouffon bouffons ducon couillon couillons enfoire enfoires guignol guignols
branleur branleurs pauvre\s+con pauvre\s+conne ta\s+gueule fermez\s+la ferme\s+la crevard crevards
idiot idiots idiote idiotes moron morons dumbass dumbasses asshole assholes dickhead jackass
retarded imbecile cretin loser losers bitch bitches motherfucker fucking fuck\s+off fuck\s+you
shut\s+up stfu douchebag wanker twat ok\s+boomer bras\s+casses? roi\s+des\s+(?:cons|guignols|nuls|abrutis)
(?:people|trolls?|idiots?|folks|guys)\s+like\s+you (?:les\s+)?(?:gens|trolls?|personnes)\s+comme\s+vous
""".split()

# Nouns and adjectives that are only an insult when pointed at the reader
# ("vous êtes nul", "you're pathetic"); alone they can be innocent ("un vol nul").
TARGETED_WORDS = r"""
nul nuls nulle nulles incompetent incompetents incompetente incapable incapables minable minables
ridicule ridicules stupide stupides bete betes con conne cons connes clown clowns troll trolls
menteur menteurs menteuse escroc escrocs voleur voleurs rigolo rigolos pitoyable pitoyables
stupid dumb pathetic ridiculous clueless incompetent useless liar liars clown clowns troll trolls
joke fool fools ignorant
""".split()

TARGETING = [
    # French: "vous êtes (vraiment) (un) X", "t'es X", "espèce de X", "bande de X"
    r"\b(?:vous\s+etes|tu\s+es|t'es|t\s+es|vous\s+n'etes\s+qu'|tu\s+n'es\s+qu')"
    r"\s*(?:vraiment\s+|completement\s+|trop\s+|juste\s+|tellement\s+)?"
    r"(?:un\s+|une\s+|des\s+)?(?:gros\s+|grosse\s+|pauvre\s+|vrai\s+|vraie\s+)?",
    r"\b(?:espece|bande)\s+d" + AP,
    # English: "you are (such) a X", "you're X", "what a X"
    r"\b(?:you\s+are|you're|youre|ur|u\s+r|you)\s+(?:such\s+|so\s+|really\s+|just\s+|an?\s+)*"
    r"(?:an?\s+)?(?:complete\s+|total\s+|absolute\s+)?",
]

SARCASM = [
    r"\bbravo\s+pour\b",
    r"\bquelle\s+surprise\b",
    r"\bcomme\s+d" + AP + r"habitude\b",
    r"\bsans\s+blague\b",
    r"\bc'est\s+ca\s+oui\b",
    r"\bbien\s+sur\s*,?\s+parce\s+que\b",
    r"\bon\s+se\s+demande\s+bien\s+pourquoi\b",
    r"\bmerci\s+pour\s+rien\b",
    r"\bmdr\b",
    r"\bptdr\b",
    r"\blol\b",
    r"\blmao\b",
    r"\brofl\b",
    r"\bsure\s*,?\s+because\b",
    r"\byeah,?\s+right\b",
    r"\bwhat\s+a\s+surprise\b",
    r"\bas\s+usual\b",
    r"\bnice\s+try\b",
    r"\bgood\s+luck\s+with\s+that\b",
    r"\bthanks\s+for\s+nothing\b",
    r"\bsorry\s+not\s+sorry\b",
    r"\bbless\s+your\s+heart\b",
    r"\bcongrat(?:ulation)?s\s+on\s+(?:reading|finally|discovering|noticing)\b",
    # talking down: mockery of their feelings
    r"\b(?:calmez|detendez)-?\s?vous\b",
    r"\bdu\s+calme\b",
    r"\b(?:arretez|faut\s+arreter|arrete)\s+de\s+(?:pleurer|vous\s+plaindre|raler|chouiner|pleurnicher)\b",
    r"\bpas\s+besoin\s+d'en\s+faire\s+(?:tout\s+)?un\s+(?:fromage|drame|plat|roman)\b",
    r"\bapprenez\s+a\s+lire\b",
    r"\bcalm\s+down\b",
    r"\bstop\s+(?:whining|crying|moaning|complaining)\b",
    r"\blearn\s+(?:how\s+)?to\s+read\b",
    r"\b(?:maybe\s+)?try\s+reading\b",
    r"\bget\s+over\s+it\b",
    r"\bit's\s+(?:just|only)\s+a\s+(?:train|delay|few\s+minutes)\b",
    "[\U0001f602\U0001f923\U0001f644\U0001f60f\U0001f921\U0001f643\U0001f971\U0001f485]",
]

# Words in quotes, when they are short: scare quotes around the customer's words.
SCARE_QUOTES = (
    r"[\"\u201c\u00ab\u201e]\s*([^\"\u201d\u00bb\u201c\u00ab\n]{1,40}?)\s*[\"\u201d\u00bb]"
)

BLAME = [
    r"\bvous\s+auriez\s+(?:du|pu)\b",
    r"\btu\s+aurais\s+(?:du|pu)\b",
    r"\bil\s+(?:vous\s+)?fallait\s+(?:lire|verifier|reserver|prevoir|regarder)\b",
    r"\bc'est\s+(?:de\s+)?(?:votre|ta)\s+(?:faute|responsabilite)\b",
    r"\b(?:vous\s+n'avez|tu\s+n'as)\s+pas\s+(?:lu|bien\s+lu|regarde|verifie|compris|suivi)\b",
    r"\bsi\s+vous\s+aviez\s+(?:lu|regarde|verifie)\b",
    r"\bvous\s+n'aviez\s+qu'" + AP + r"a\b",
    r"\bvous\s+n'avez\s+qu'" + AP + r"a\b",
    r"\bcomme\s+(?:nous\s+)?(?:l'avons|vous\s+l'avons|vous\s+avons)\s+deja\s+(?:dit|indique|explique|precise)\b",
    r"\bcomme\s+deja\s+(?:dit|indique|explique|precise)\b",
    r"\bcomme\s+(?:indique|precise|explique)\s+(?:plus\s+haut|precedemment)\b",
    r"\bvous\s+etes\s+(?:bien\s+)?(?:le\s+seul|la\s+seule)\b",
    r"\bpersonne\s+d'autre\s+ne\s+se\s+plaint\b",
    r"\bsi\s+vous\s+(?:lisiez|regardiez|verifiiez|ecoutiez)\b",
    r"\bvous\s+sauriez\b",
    r"\b(?:on|nous)\s+vous\s+(?:l'|l'\s)?(?:a|avons)\s+deja\s+(?:repondu|dit|explique|ecrit)\b",
    r"\b(?:c'est|ce\s+n'est)\s+pas\s+(?:notre|de\s+notre)\s+(?:probleme|faute|responsabilite)\b",
    r"\brelisez\s+(?:les|nos|mes|notre|le)\s+(?:cgv|conditions|messages?|reponses?|regles|faq|tweets?)\b",
    r"\brelisez\s+(?:avant|bien)\b",
    r"\bpersonne\s+ne\s+vous\s+(?:oblige|a\s+oblige|force|a\s+force)\b",
    r"\bnobody\s+(?:forced|made|asked)\s+you\b",
    r"\b(?:it's|it\s+is|that's|that\s+is)\s+not\s+our\s+(?:problem|fault|responsibility)\b",
    r"\bnot\s+our\s+problem\b",
    r"\beveryone\s+else\s+(?:got|managed|made\s+it|was\s+fine|seems)\b",
    r"\b(?:we've|we\s+have)\s+already\s+(?:answered|told\s+you|replied|explained)\b",
    r"\blike\s+(?:we|i)\s+(?:said|told\s+you)\b",
    r"\bnext\s+time,?\s+(?:read|check|try|book|plan)\b",
    r"\byou\s+should(?:\s+not|n't)?\s+have\b",
    r"\byou\s+(?:could|ought\s+to)\s+have\b",
    r"\b(?:it's|it\s+is|that's|that\s+is)\s+(?:all\s+)?your\s+(?:own\s+)?fault\b",
    r"\byour\s+own\s+fault\b",
    r"\byou\s+(?:didn't|did\s+not|clearly\s+didn't|obviously\s+didn't)\s+(?:read|check|follow|look)\b",
    r"\bif\s+you\s+had\s+(?:read|checked|looked)\b",
    r"\bas\s+(?:we\s+|i\s+)?(?:have\s+|'ve\s+)?(?:already|previously)\s+(?:said|stated|explained|mentioned|told\s+you)\b",
    r"\bas\s+(?:we|i)(?:'ve|\s+have)?\s+(?:already\s+)?(?:said|explained|told\s+you)\b",
    r"\bas\s+(?:previously\s+)?stated\b",
    r"\byou(?:'re|\s+are)\s+the\s+only\s+one\b",
    r"\bnobody\s+else\s+(?:is\s+)?complain",
    r"\buser\s+error\b",
    r"\bread\s+the\s+(?:terms|rules|faq|conditions)\b",
]

APOLOGY = [
    r"\b(?:je\s+suis|nous\s+sommes|on\s+est|sommes|suis)?\s*(?:vraiment\s+|sincerement\s+|tres\s+)?"
    r"(?:desole|desolee|desoles|desolees|navre|navree|navres|navrees)\b",
    r"\b(?:nous\s+nous|je\s+m'|on\s+s')\s*excus(?:ons|e)\b",
    r"\b(?:toutes\s+)?nos\s+(?:plus\s+sinceres\s+)?excuses\b",
    r"\bveuillez\s+(?:nous\s+)?excuser\b",
    r"\bpardon\b",
    r"\b(?:nous\s+regrettons|je\s+regrette)\b",
    r"\bsorry\b",
    r"\bapologi[sz]e[sd]?\b",
    r"\bapologies\b",
    r"\bwe\s+regret\b",
]

# Not an apology but an acknowledgement (000 tip 8): "Nous sommes désolés que
# vous vous sentiez ainsi", "sorry you feel this way". Matched right after an
# apology word, it cancels it.
ACKNOWLEDGEMENT_TAIL = [
    r"\s*(?:de\s+(?:voir|lire)\s+)?que\s+vous\s+(?:vous\s+)?(?:sentiez|ressentiez|soyez|pensiez|ayez\s+ce\s+sentiment)",
    r"\s*(?:to\s+(?:hear|see|read)\s+)?(?:that\s+)?you\s+(?:feel|felt|see\s+it|think)",
]

# A solution or a next step: what makes an apology more than words (001 step 6).
NEXT_STEP = [
    r"\b(?:nous|je)\s+(?:allons|vais)\b",
    r"\bon\s+va\b",
    r"\b(?:nous|je)\s+(?:vous\s+)?(?:proposons|propose)\b",
    r"\b(?:pouvez|pourriez)-?\s?vous\b",
    r"\b(?:ecrivez|envoyez|contactez|rejoignez)-?\s?nous\b",
    r"\b(?:en|par)\s+(?:message\s+)?(?:prive|mp|dm)\b",
    r"\bmessage\s+prive\b",
    r"\brembours",
    r"\bdedommag",
    r"\bindemnis",
    r"\bcompensation\b",
    r"\bbon\s+d'achat\b",
    r"\b(?:nous|je)\s+(?:revenons|reviens|reviendrons|reviendrai)\s+vers\s+vous\b",
    r"\b(?:nous\s+avons|j'ai)\s+(?:transmis|signale|remonte|prevenu|ouvert)\b",
    r"\b(?:nous|je)\s+(?:transmettons|transmets|verifions|verifie|regardons|regarde|suivons)\b",
    r"\bnos\s+equipes\s+(?:sont|travaillent|interviennent|verifient)\b",
    r"\bvoici\b",
    r"\bvous\s+pouvez\b",
    r"\bn'hesitez\s+pas\b",
    r"\bformulaire\b",
    r"\b(?:we|i)\s+will\b",
    r"\b(?:we|i)'ll\b",
    r"\b(?:we|i)(?:'re|\s+are|'m|\s+am)\s+(?:going\s+to|looking\s+into|checking|on\s+it)\b",
    r"\b(?:please\s+)?(?:dm|message|email|e-mail|contact|write\s+to|send)\s+us\b",
    r"\bsend\s+(?:us|me)\b",
    r"\breach\s+out\b",
    r"\bprivate(?:ly)?\b",
    r"\brefund",
    r"\bcompensat",
    r"\bvoucher\b",
    r"\bhere(?:'s|\s+is)\s+(?:what|how)\b",
    r"\byou\s+can\b",
    r"\b(?:could|can|would)\s+you\b",
    r"\b(?:we|i)(?:'ve|\s+have)\s+(?:passed|forwarded|raised|flagged|opened|escalated)\b",
    r"\bget\s+back\s+to\s+you\b",
    r"\bfollow(?:ing)?\s+up\b",
    r"\blet\s+us\s+know\b",
]

EMPTY_PROMISE = [
    r"\b(?:on|nous)\s+(?:regle|reglons|resout|resolvons|repare|reparons)\s+(?:ca|cela|le\s+probleme|tout)\s+"
    r"(?:aujourd'hui|tout\s+de\s+suite|immediatement|dans\s+l'heure|ce\s+soir)\b",
    r"\b(?:regle|resolu|repare)e?s?\s+(?:aujourd'hui|dans\s+l'heure|ce\s+soir|immediatement)\b",
    r"\b(?:ca|cela)\s+(?:n'arrivera|ne\s+se\s+reproduira|ne\s+se\s+produira)\s+(?:plus|jamais)(?:\s+jamais)?\b",
    r"\bne\s+se\s+reproduira\s+(?:plus|jamais)\b",
    r"\bplus\s+jamais\s+(?:de\s+)?(?:retard|panne|probleme|souci)s?\b",
    r"\b(?:je|nous)\s+vous\s+(?:le\s+)?(?:garantis|garantissons|promets|promettons)\b",
    r"\bc'est\s+(?:garanti|promis)\b",
    r"\bgaranti(?:e|es|s)?\s+a\s+100\b",
    r"\b(?:we'll|we\s+will|i'll|i\s+will)\s+(?:fix|sort|solve|resolve)\s+(?:it|this|that|everything)(?:\s+out)?\s+"
    r"(?:today|tonight|right\s+now|immediately|within\s+the\s+hour)\b",
    r"\b(?:fixed|sorted|solved|resolved)\s+(?:today|tonight|within\s+the\s+hour|immediately)\b",
    r"\b(?:it|this|that)\s+(?:will\s+never|won't\s+ever|will\s+not\s+ever|won't)\s+happen\s+again\b",
    r"\bnever\s+happen\s+again\b",
    r"\bguarantee[ds]?\b",
    r"\b(?:sera|seront)\s+(?:repare|regle|resolu|retabli)e?s?\s+(?:des\s+|d'ici\s+|avant\s+)?"
    r"(?:demain|ce\s+soir|aujourd'hui|dans\s+l'heure|ce\s+matin)\b",
    r"\bc'est\s+(?:certain|sur\s+et\s+certain|sur\s+a\s+100)\b",
    r"\bpromis\s+jure\b",
    r"\bwill\s+be\s+(?:fixed|sorted|resolved|back\s+to\s+normal)\s+(?:by\s+)?"
    r"(?:today|tonight|tomorrow|this\s+evening|within\s+the\s+hour)\b",
    r"\bi\s+can\s+assure\s+you\s+(?:it|this|that)\s+will\b",
    r"\b(?:we|i)\s+promise\b",
    r"\b100\s?%\s+(?:sure|certain|guaranteed|garanti|sur)\b",
]

# Personal data that has no place in a public reply (R15: move to a private channel).
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}"
PHONE = r"(?<![\w+])(?:\+|00)\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,5}(?!\w)|(?<![\w+])0[1-9](?:[\s.-]?\d{2}){4}(?!\w)"
BOOKING = (
    # not "dossier"/"ref": the case reference is the brand's own number, fine in public
    r"\b(?:reservation|commande|billet|booking|order|pnr|ticket|confirmation|abonnement|subscription)"
    r"(?:\s+(?:number|no|n°|numero|code))?\s*(?:n°|no\.?|#|:)?\s*"
    r"(?=[a-z0-9-]*\d)([a-z0-9][a-z0-9-]{4,19})\b"
)
CARD = r"(?<!\d)(?:\d[ -]?){13,19}(?!\d)"

# A template variable nobody filled in.
PLACEHOLDER = r"\{[a-z_]{1,40}\}"
