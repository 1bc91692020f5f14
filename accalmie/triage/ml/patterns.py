"""Hand-written French and English lexicons for what the training data lacks.

There are no French threats, no French complaints and no spam in the training
data, so these regular expressions cover them (and questions and praise).
They run on the *normalised* text (lower case, accents stripped, links
replaced by ``httpurl``, mentions by ``@user``), over the whole joined batch:
every top-level alternative is its own regex (see ``_compile``), and one whose
matches must start with one of a few words runs only on the messages that hold
such a word (see ``find_all``).
"""

from __future__ import annotations

import re

import numpy as np

_KILL_FR = (
    r"(?:tuer|buter|crever|egorger|degommer|fumer|planter|poignarder|massacrer|descendre|"
    r"exterminer|gazer|pendre|fusiller|bruler|cramer|abattre|eliminer|decapiter|lyncher|"
    r"tabasser|frapper|defoncer|violer|saigner|etrangler|noyer|faire la peau|faire sauter|"
    r"casser la (?:gueule|tete)|eclater|exploser|trouer|retrouver)"
)
_KILLED_FR = (
    r"(?:tues?|tuees?|butes?|abattus?|abattues?|pendus?|pendues?|fusilles?|gazes?|gazees?|"
    r"brules?|brulees?|extermines?|exterminees?|elimines?|eliminees?|egorges?|massacres?|"
    r"decapites?|lynches?|executes?|executees?|noyes?|exterminees?)"
)
_KILL_EN = (
    r"(?:kill|shoot|stab|murder|hurt|beat|burn|rape|hunt|slit|strangle|hang|lynch|behead|"
    r"execute|exterminate|gas|slaughter|butcher|bomb|blow up|smash|break your|end|destroy|"
    r"cut|choke|drown|torture)"
)
_KILLED_EN = (
    r"(?:killed|shot|stabbed|murdered|hanged|hung|lynched|beheaded|executed|exterminated|"
    r"gassed|slaughtered|burned|burnt|wiped out|eradicated|eliminated|put down|drowned|"
    r"tortured|beaten)"
)

THREAT = [
    # French
    rf"\b(?:je|j'|on|nous)\s*(?:vais|va|allons|vas)\s+(?:tous\s+)?(?:te|t'|vous|le|la|les|l'|leur)\s*{_KILL_FR}",
    rf"\b(?:je|j'|on|nous)\s*(?:vais|va|allons|vas)\s+{_KILL_FR}\s+(?:tous|toutes|les|des|ces|ce|cette|le prochain|la prochaine|quelqu'un|tout le monde|ta|ton|tes|vos|votre)\b(?!\s+temps)",
    rf"\bj'?(?:vais|v)\s+(?:te|t'|vous|les)\s*{_KILL_FR}",
    r"\b(?:je|on)\s+(?:te|t'|vous|les)\s*(?:tuerai|tuera|buterai|butera|crever|retrouverai|retrouvera|aurai|aura|egorgerai|bruler|ferai la peau)",
    r"\b(?:je|on)\s+(?:sais|sait|connais|connait|savons)\s+ou\s+(?:tu|vous)\s+(?:habite|habites|vis|bosse|bosses|travaille|travailles|dors|es|etes|habitez|travaillez|vivez)",
    r"\b(?:t'?es|tu es|vous etes)\s+(?:un\s+)?(?:homme mort|femme morte|morts?|mortes?)\b",
    r"\btes jours sont comptes|vos jours sont comptes",
    rf"\b(?:faut|faudrait|faudra|on devrait|on doit|il faudrait)\s+(?:tous\s+)?(?:les|la|le|l'|leur|vous|te|t')\s*(?:tous\s+)?{_KILL_FR}",
    rf"\b(?:meritent?|merites|meritez|devraient|doivent|devrait|doit|vont)\s+(?:tous\s+|toutes\s+)?(?:etre|se faire)\s+(?:tous\s+|toutes\s+)?{_KILLED_FR}",
    r"\b(?:meritent?|merites|meritez)\s+(?:tous\s+)?(?:de\s+mourir|de\s+crever|la\s+mort|une\s+balle|le\s+bucher)",
    r"\b(?:devraient|doivent)\s+(?:tous\s+)?(?:mourir|crever|disparaitre de la surface)",
    r"\bmort\s+aux?\b|\ba mort les\b",
    r"\bballe\s+dans\s+(?:la|ta|votre|leur)\s+tete",
    r"\b(?:fais|faites)\s+gaffe\s+a\s+(?:toi|vous|ta famille|tes enfants)",
    r"\b(?:tu vas|vous allez)\s+(?:le\s+)?(?:regretter|payer|morfler|souffrir|crever|mourir|prendre cher|y passer)",
    r"\b(?:je|on)\s+(?:t'|vous\s+)?(?:attend|attends|attendrai|attendra)\s+a\s+la\s+sortie",
    r"\b(?:je|on)\s+(?:vais|va)\s+(?:venir|passer|debarquer)\s+chez\s+(?:toi|vous)",
    r"\b(?:poser|mettre)\s+une\s+bombe|\bfaire\s+sauter\s+(?:le|la|les|ton|votre|vos)",
    rf"\b(?:je|on)\s+(?:les|vous|te)\s+(?:{_KILL_FR})\s+(?:tous|toutes)",
    rf"\bsi je (?:te|vous) (?:croise|croisais|trouve|chope|attrape).{{0,30}}(?:{_KILL_FR}|mort|crever)",
    # English
    rf"\b(?:i'?m|i am|we'?re|we are|i'?ll|i will|we'?ll|we will|gonna|going to|gon)\s+(?:going\s+to\s+|gonna\s+)?(?:\w+\s+)?{_KILL_EN}\s+(?:you|u|ya|them|him|her|every|all|each|the\s+next|any|those|these|your|some)",
    r"\b(?:i|we)\s+know\s+where\s+(?:you|u)\s+(?:live|work|sleep|are|go)",
    r"\b(?:you'?re|you are|ur|u r)\s+(?:a\s+)?dead\s*(?:man|woman|meat)?\b",
    r"\bwatch\s+your\s+back|\byour\s+days\s+are\s+numbered|\byou(?:'ll| will)\s+(?:regret|pay for)\b",
    rf"\b(?:should|must|need to|needs to|deserve to|deserves to|ought to|have to|has to|gotta)\s+(?:all\s+)?(?:be\s+)?(?:{_KILLED_EN})\b",
    r"\b(?:should|must|need to|deserve to|deserves to|ought to)\s+(?:all\s+)?(?:die|burn|hang|rot)\b",
    r"\b(?:deserve|deserves)\s+(?:to\s+)?(?:death|a bullet|the rope|to die)",
    r"\b(?:kill|shoot|murder|hang|lynch|behead|execute|exterminate|gas|slaughter|butcher)\s+(?:them\s+)?(?:all|every\s+(?:last|single)?\s*(?:one|\w+))\b",
    r"\bdeath\s+to\s+(?:all\s+)?\w+",
    r"\b(?:put|putting)\s+a\s+bullet\s+(?:in|through)",
    r"\bi(?:'d| would)\s+(?:love|like)\s+to\s+(?:kill|shoot|stab|hurt|murder|strangle)",
    r"\b(?:coming|come)\s+(?:for|after)\s+(?:you|u)\b",
]

COMPLAINT = [
    # French
    r"\b(?:toujours|jamais|encore|tjrs|tjs)\s+(?:pas\s+)?(?:recu|livre|livree|rembourse|remboursee|arrive|arrivee|eu de reponse|de reponse|repondu)",
    r"\b(?:pas|rien|jamais)\s+(?:encore\s+)?(?:recu|ete livre|ete rembourse|de nouvelles|de reponse)",
    r"\bcommande\s+(?:perdue|jamais|pas|toujours|en retard|en delai|annulee|bloquee|incomplete|erronee)",
    r"\b(?:service client|sav|service apres.vente|hotline|conseiller)\s+(?:est\s+)?(?:nul|inexistant|lamentable|honteux|injoignable|incompetent|deplorable)",
    r"\bremboursez|\bje veux (?:etre|un) rembourse|\bremboursement\b",
    r"\b(?:inadmissible|inacceptable|scandaleux|scandaleuse|honteux|honteuse|lamentable|deplorable|"
    r"catastrophique|n'importe quoi|arnaque|arnaqueurs?|escroquerie|escrocs?|decu|decue|decus|decevant|"
    r"decevante|deception|pire|une honte|ras le bol|j'en ai marre|y en a marre|marre de|en panne|"
    r"ne marche (?:pas|plus)|ne fonctionne (?:pas|plus)|marche pas|fonctionne pas|bugge?|plante tout le temps|"
    r"aucune reponse|personne ne repond|injoignable|mecontent|mecontente|insatisfait|degoute|degoutee|"
    r"nul a chier|trop cher|hors de prix|retard|en retard|delai|annule|annulee|casse|cassee|defectueux|"
    r"defectueuse|abime|abimee|probleme|plainte|reclamation|je ne recommande pas|a eviter|fuyez|"
    r"plus jamais|jamais plus|honte a vous|foutez de nous|foutent de nous|se moque(?:nt)? de nous)\b",
    # English
    r"\b(?:still|never|haven'?t|have not|hasn'?t|didn'?t|did not)\s+(?:\w+\s+)?(?:received|arrived|got|heard back|been refunded|shipped|delivered|responded|replied|fixed)",
    r"\b(?:refund|refunded|chargeback|overcharged|double charged|cancel my|cancelled my|canceled my)\b",
    r"\b(?:worst|terrible|awful|horrible|disappointed|disappointing|unacceptable|ridiculous|pathetic|"
    r"useless|rip ?off|scam|broken|doesn'?t work|does not work|not working|stopped working|won'?t work|"
    r"keeps crashing|crashes|no response|no reply|on hold|still waiting|waiting for|been waiting|"
    r"poor service|bad service|customer service|fix this|fix it|never again|complaint|frustrated|"
    r"frustrating|annoyed|annoying|furious|fed up|sort it out|late again|delayed|delay|outage|down again|"
    r"charged me|lost my|damaged|faulty|defective|missing|wrong order|not happy|unhappy|shame on you)\b",
]

QUESTION = [
    r"\?",
    r"^\s*(?:@user\s+)*(?:comment|pourquoi|quand|combien|quel|quelle|quels|quelles|est-ce que|est ce que|"
    r"pouvez-vous|pouvez vous|peut-on|peut on|puis-je|puis je|avez-vous|avez vous|y a-t-il|y a t il|"
    r"how|why|when|where|what|which|who|can you|could you|can i|could i|do you|does|is there|are there|"
    r"will you|would you|anyone know|any idea)\b",
]

PRAISE = [
    r"\b(?:merci|bravo|felicitations|genial|geniale|super|top|parfait|parfaite|excellent|excellente|"
    r"j'adore|adore|au top|trop bien|trop fort|magnifique|incroyable|formidable|chapeau|bon travail|"
    r"bien joue|rien a dire|je recommande|que du bonheur|ravi|ravie|content|contente|satisfait|"
    r"thank you|thanks|thx|ty|love it|love you|loved|awesome|amazing|great job|great service|well done|"
    r"brilliant|fantastic|wonderful|perfect|excellent|the best|best ever|so good|kudos|congrats|"
    r"congratulations|impressed|highly recommend|keep it up|nice work|good job)\b",
    "[\u2764\U0001f60d\U0001f44f\U0001f64f\U0001f970\U0001f618\U0001f496\U0001f495\U0001f497\U0001f49a\U0001f499\U0001f49c\u2b50\U0001f31f\U0001f44d\U0001f389]",
]

SPAM = [
    # numerology / angel-number spam
    r"\b(?:signification|sens|meaning|significado|numerologie|numerology)\s+(?:spirituelle?\s+|spiritual\s+)?(?:de\s+|du\s+|of\s+|des\s+|the\s+)?(?:l'heure\s+|chiffre\s+|nombre\s+|number\s+|angel\s+number\s+)?\d{2,4}\b",
    r"\b(?:voir|vois|seeing|see)\s+(?:le\s+|les\s+)?\d{1,4}(?:\s*[:h ]\s*\d{1,4})+\b",
    r"\b(?:nombres?|chiffres?)\s+(?:d'?\s*)?anges?|\bangel\s+numbers?|\bheures?\s+miroirs?|\bmirror\s+hours?",
    r"\bnumerolog\w*|\bflammes?\s+jumelles?|\btwin\s+flames?|\bvoyance|\bmedium\s+gratuit|\bhoroscope\s+gratuit",
    r"\b(\d)\1{2,3}\b.{0,40}\b(?:signification|meaning|ange|angel|message|univers|universe)",
    # crypto / money
    r"\b(?:bitcoin|btc|crypto|cryptos|ethereum|eth|usdt|forex|nft|airdrop|memecoin|altcoin|binance|trading signals?|signaux de trading)\b",
    r"\b(?:invest|investment|investissez|investir|earn|gagnez|gagner|make)\s+(?:\$|€|\d|de l'argent|money|cash|jusqu'a)",
    r"\b(?:revenus?\s+passifs?|passive\s+income|argent\s+facile|easy\s+money|double\s+your|doublez\s+votre|100%\s+garanti|guaranteed\s+profit|profits?\s+garantis?|get\s+rich|devenez\s+riche|work\s+from\s+home|travail\s+a\s+domicile)",
    # followers / promo
    r"\b(?:buy|acheter|achetez|achete|get|gain|obtenir|obtenez)\s+(?:\d+\s*k?\s+)?(?:real\s+|vrais\s+)?(?:followers|abonnes|likes|followers gratuits|free followers|vues|views)",
    r"\b(?:free|gratuits?)\s+(?:followers|abonnes|likes|iphone|gift\s*card|carte cadeau|bitcoin)",
    r"\b(?:promo\s+code|code\s+promo|link\s+in\s+(?:my\s+)?bio|lien\s+(?:dans\s+(?:ma\s+|la\s+)?|en\s+)bio|check\s+my\s+(?:bio|profile)|regarde\s+mon\s+profil|dm\s+(?:me\s+)?for|envoie(?:z)?\s+(?:moi\s+)?(?:un\s+)?dm|click\s+here|cliquez\s+ici|clique\s+ici|limited\s+offer|offre\s+limitee|hot\s+singles|onlyfans|whatsapp\s*\+?\d|telegram\s*[:@])",
    r"\b(?:decouvrez|discover|decouvre)\s+(?:votre|your|ton)\s+(?:nombre|number|chiffre|destin|destiny|avenir|future)",
    # repeated links
    r"httpurl.{0,200}httpurl",
]

_KINDS = {
    "threat": THREAT,
    "complaint": COMPLAINT,
    "question": QUESTION,
    "praise": PRAISE,
    "spam": SPAM,
}
KINDS = tuple(_KINDS)
# Messages are joined with newlines: no pattern may cross one (\s becomes [^\S\n]).
#
# Speed: Python's regex engine is fast when a pattern starts with a literal (it
# scans for it) and slow on one big alternation (it tries every branch at every
# position).  So every top-level alternative of every pattern is compiled on its
# own, and a leading \b is removed from it (it too stops the literal scan) and
# checked after matching instead.  The complaint set is faster as one alternation.
_COMBINED: set[str] = set()


def _split_top(p: str) -> list[str]:
    """Split a regex on its top-level '|' (outside groups and classes)."""
    out, depth, cls, esc, cur = [], 0, False, False, []
    for ch in p:
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur))
    return out


def _long_list(p: str, n: int = 12) -> bool:
    """Does p start with a group of more than n alternatives?"""
    if not p.startswith("(?:"):
        return False
    depth, alts = 0, 1
    for ch in p:
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            break
        alts += ch == "|" and depth == 1
    return alts > n


def _prep(p: str) -> str:
    return p.replace(r"\s", r"[^\S\n]")


_WORD = re.compile(r"[a-z0-9]+")


def _lead_keys(p: str) -> set[str] | None:
    """Keys of the word every match of ``p`` starts with, ``p`` being matched at
    a word start: ``w:WORD`` (the word is exactly WORD) or ``p:ABC`` (it starts
    with ABC); None when they cannot be read off the pattern."""
    if p.startswith("(?:"):
        depth = 0
        for i, ch in enumerate(p):  # noqa: B007  (i is read after the loop)
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                break
        inner, rest = p[3:i], p[i + 1 :]
        if rest[:1] in ("?", "*", "{", "+"):
            return None
        keys: set[str] = set()
        for alt in _split_top(inner):
            k = _lead_keys(alt + rest)
            if k is None:
                return None
            keys |= k
        return keys
    m = _WORD.match(p)
    if not m:
        return None
    lit, nxt = m.group(0), p[m.end() :]
    if nxt[:1] in ("?", "*", "{", "+"):
        lit = lit[:-1]
        if len(lit) < 3:
            return None
        return {"p:" + lit[:3]}
    # the word ends with the literal: the text's word must be exactly it
    sep = 2 if nxt.startswith((r"\s", r"\b")) else 1 if nxt[:1] in (" ", "'", "-") else 0
    if sep and (nxt.startswith(r"\b") or nxt[sep : sep + 1] not in ("?", "*", "{")):
        return {"w:" + lit}
    if len(lit) >= 3:
        return {"p:" + lit[:3]}
    return None


def _compile(kind: str, pats: list[str]) -> list[tuple[re.Pattern, bool, set[str] | None]]:
    """[(compiled regex, needs a word boundary checked at the match start, keys)].

    keys: the possible first words of a match (see ``_lead_keys``), so that the
    regex need only run on the messages that hold one of them; None: run on all."""
    if kind in _COMBINED:
        return [
            (
                re.compile(
                    "|".join(f"(?:{p})" for p in pats).replace(r"\s", r"[^\S\n]"), re.MULTILINE
                ),
                False,
                None,
            )
        ]
    out = []
    for p in pats:
        for alt in _split_top(p):
            # a back-reference numbers groups inside its own pattern: keep such a pattern whole
            if re.search(r"\\[1-9]", p):
                alt = p
            anchored = alt.startswith(r"\b")
            # a leading word list is scanned faster with its \b kept
            check = anchored and not _long_list(alt[2:])
            keys = _lead_keys(alt[2:]) if anchored else None
            rx = re.compile(_prep(alt[2:] if check else alt), re.MULTILINE)
            if all(rx is not r for r, _, _ in out):
                out.append((rx, check, keys))
    return out


_COMPILED = {k: _compile(k, v) for k, v in _KINDS.items()}


def _ok_start(text: str, start: int) -> bool:
    if start == 0:
        return True
    c = text[start - 1]
    return not (c.isalnum() or c == "_")


_KEYS: dict | None = None


def _key_table():
    """Per kind: (sorted key hashes, bit mask of the gated regexes each key opens).

    A word key is ``features.Hashed.widx`` (the whole word), a prefix key
    ``features.Hashed.pfx`` (its first 3 letters); both are hashed with different
    salts, so they share one table."""
    global _KEYS
    if _KEYS is None:
        from . import features as F

        tab = {}
        for kind, lst in _COMPILED.items():
            masks: dict[int, int] = {}
            words = sorted({k[2:] for _, _, keys in lst if keys for k in keys if k[0] == "w"})
            pfxs = sorted({k[2:] for _, _, keys in lst if keys for k in keys if k[0] == "p"})
            widx = F.single_word_index(words) if words else {}
            pidx = dict(zip(pfxs, F.prefix_keys(pfxs).tolist(), strict=False)) if pfxs else {}
            for bit, (_, _, keys) in enumerate(lst):
                for k in keys or ():
                    h = widx.get(k[2:]) if k[0] == "w" else pidx.get(k[2:])
                    if (
                        h is None
                    ):  # cannot happen for [a-z0-9]+ keys; be safe: run that regex on all
                        lst[bit] = (lst[bit][0], lst[bit][1], None)
                        break
                    masks[h] = masks.get(h, 0) | (1 << bit)
            hs = np.array(sorted(masks), dtype=np.int64)
            tab[kind] = (hs, np.array([masks[h] for h in hs.tolist()], dtype=object))
        _KEYS = tab
    return _KEYS


def _run(lst, text: str, with_text: bool, found: list):
    for rx, check, _ in lst:
        for m in rx.finditer(text):
            s = m.start()
            if check and not _ok_start(text, s):
                continue
            found.append((s, m.group(0) if with_text else None))


def _matches(kind: str, text: str, with_text: bool = True):
    """(start, matched text) of every match of one kind, in order of start."""
    found: list = []
    _run(_COMPILED[kind], text, with_text, found)
    if len(_COMPILED[kind]) > 1:
        found.sort(key=lambda t: t[0])
    return found


def _candidates(kind: str, hb) -> list:
    """Per regex of ``kind``: None (run on the whole batch) or the sorted
    documents that hold one of its keys."""
    hs, masks = _key_table()[kind]
    lst = _COMPILED[kind]
    out: list = [None if keys is None else _EMPTY for _, _, keys in lst]
    if hs.size and hb.word_doc.size:
        parts = []
        for h in (hb.widx, hb.pfx):
            pos = np.minimum(np.searchsorted(hs, h), hs.size - 1)
            hit = np.flatnonzero(hs[pos] == h)
            parts.append((hit, pos[hit]))
        per_bit: dict[int, list] = {}
        for hit, kpos in parts:
            for w, m in zip(hit.tolist(), masks[kpos].tolist(), strict=False):
                while m:
                    low = m & -m
                    per_bit.setdefault(low.bit_length() - 1, []).append(w)
                    m ^= low
        for bit, ws in per_bit.items():
            if out[bit] is not None:
                out[bit] = np.unique(hb.word_doc[np.asarray(ws, dtype=np.int64)])
    return out


_EMPTY = np.zeros(0, dtype=np.int64)


def find_all(joined: str, doc_start: np.ndarray, n_docs: int, with_text: bool = True, hb=None):
    """Matches of each kind in a joined batch.

    Returns ``{kind: (hits[n_docs] int, first_match[list of str|None])}``; hits
    counts the matches of every pattern of the kind (only ``> 0`` is used).  With
    ``with_text=False`` the first matches are not collected (all None).  With the
    batch's ``hb`` (features.Hashed), a regex whose matches must start with one of
    a few words runs only if a message holds one of them, and a long word list only
    on those messages (same result, faster).
    """
    out = {}
    lines = None
    for kind, lst in _COMPILED.items():
        hits = np.zeros(n_docs, dtype=np.int32)
        first: list[str | None] = [None] * n_docs
        cands = (
            _candidates(kind, hb) if hb is not None and hb.pfx is not None else [None] * len(lst)
        )
        found: list = []
        whole = [
            t
            for t, c in zip(lst, cands, strict=False)
            if c is None or (c.size and t[2] is not None and c.size * 2 > n_docs)
        ]
        for t, cand in zip(lst, cands, strict=False):
            if cand is None or not cand.size or t in whole:
                continue
            if not _is_list(t) and cand.size * 8 > n_docs:
                whole.append(t)
                continue
            if lines is None:
                lines = joined.split("\n")
            sub_lines = [lines[i] for i in cand.tolist()]
            lens = np.fromiter(map(len, sub_lines), dtype=np.int64, count=len(sub_lines)) + 1
            sub_start = np.concatenate(([0], np.cumsum(lens)[:-1]))
            f2: list = []
            _run([t], "\n".join(sub_lines), with_text, f2)
            if f2:
                starts = np.fromiter((s for s, _ in f2), dtype=np.int64, count=len(f2))
                k = np.searchsorted(sub_start, starts, side="right") - 1
                d = cand[k]
                pos = doc_start[d] + (starts - sub_start[k])  # position in the joined batch
                found.extend(zip(pos.tolist(), d.tolist(), (x for _, x in f2), strict=False))
        if whole:
            f2 = []
            _run(whole, joined, with_text, f2)
            if f2:
                starts = np.fromiter((s for s, _ in f2), dtype=np.int64, count=len(f2))
                d = np.searchsorted(doc_start, starts, side="right") - 1
                found.extend(zip(starts.tolist(), d.tolist(), (x for _, x in f2), strict=False))
        if found:
            docs = np.fromiter((d for _, d, _ in found), dtype=np.int64, count=len(found))
            np.add.at(hits, docs, 1)
            if with_text:
                found.sort(key=lambda t: t[0])
                for _, d, t in found:
                    if first[d] is None:
                        first[d] = t.strip()
        out[kind] = (hits, first)
    return out


def _is_list(t) -> bool:
    """A regex that starts with a long word list (slow to scan: worth a sub-batch)."""
    return not t[1] and _long_list(
        t[0].pattern[2:] if t[0].pattern.startswith(r"\b") else t[0].pattern
    )


def match_text(kind: str, text: str) -> list[str]:
    """All matches of one kind in one already-normalised text (for tests)."""
    return [t for _, t in _matches(kind, text)]
