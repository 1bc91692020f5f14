"""Offline language detection: 'fr', 'en' or 'other'.

Vectorised over a batch: every word of the batch is already hashed by the
fast tier's featuriser (:mod:`.features`), so the stopword votes for French,
English and a few other Latin-script languages are a table look-up and a
``bincount``.  Texts written mostly in a non-Latin script, and texts with no
letters (emoji only, empty), are 'other'.  Only the first 2,000 characters of
a message are read, so any length is fast.
"""

from __future__ import annotations

import numpy as np

from . import features as F

_STOP = {
    "fr": """le la les un une des du de et est sont pas ne je tu il elle nous vous ils elles on ce cette ces
    mon ma mes ton ta tes son sa ses notre votre vos leur leurs qui que quoi dans pour par sur avec sans mais ou
    donc car au aux c j qu l n suis es etre avoir fait tout tous tres plus moins bien merci bonjour
    oui toujours jamais encore aussi comme quand comment pourquoi y ai avez avons ont ete cest jai
    meme peu trop rien personne chez vraiment alors puis ca moi toi lui eux sera va vais vas allez fais faut
    aujourd hui depuis apres avant entre sous mdr ptdr wesh putain merde connard""".split(),
    "en": """the an and is are was were be been not no i you he she we they it this that these those my your
    his her our their what which who whom of to in on for with without but or so if at by from as do does did
    have has had will would can could should just all very more less good thanks thank hello yes always never
    still again also like when how why there here me him them us its im don dont cant get got
    about up out than then because being into over under lol fuck shit""".split(),
    "es": "el los las una unos y son yo usted nosotros en por para con sin pero muy gracias hola esta este porque".split(),
    "de": "der die das und ist sind nicht ich du er sie wir ihr es ein eine mit fur auf aber sehr danke hallo auch wie warum".split(),
    "it": "il lo gli una sono non io lui lei noi voi che di per con ma molto grazie ciao anche come perche questo".split(),
    "pt": "o os as um uma sao nao eu voce ele ela nos que em por para com sem mas muito obrigado ola tambem como porque".split(),
    "nl": "de het een en is zijn niet ik jij hij zij wij jullie dat van voor met maar heel dank hallo ook hoe waarom".split(),
}
LANGS = list(_STOP)
_TABLE: np.ndarray | None = None


def _table() -> np.ndarray:
    """(N_FEATURES, n_langs) float32 votes of each hashed word."""
    global _TABLE
    if _TABLE is None:
        owners: dict[str, list[int]] = {}
        for k, lang in enumerate(LANGS):
            for w in _STOP[lang]:
                owners.setdefault(w, []).append(k)
        index = F.single_word_index(list(owners))
        tab = np.zeros((F.N_FEATURES, len(LANGS)), dtype=np.float32)
        for w, wi in index.items():
            for k in owners[w]:
                tab[wi, k] += 1.0 / len(owners[w])
        _TABLE = tab
    return _TABLE


def detect_batch(hb: F.Hashed) -> list[str]:
    tab = _table()
    n = hb.n_docs
    votes = np.zeros((n, len(LANGS)), dtype=np.float64)
    if hb.widx.size:
        wv = tab[hb.widx]
        for k in range(len(LANGS)):
            votes[:, k] = np.bincount(hb.word_doc, weights=wv[:, k], minlength=n)
    n_words = (
        np.bincount(hb.word_doc, minlength=n) if hb.word_doc.size else np.zeros(n, dtype=np.int64)
    )
    fr, en = votes[:, 0], votes[:, 1]
    other_best = votes[:, 2:].max(axis=1)
    out = np.where(fr > en, "fr", "en").astype(object)
    none = (fr == 0) & (en == 0)
    # another Latin language only when it clearly wins
    out[(other_best >= 2) & (other_best > 1.5 * np.maximum(fr, en))] = "other"
    out[none & (n_words > 3)] = "other"
    out[none & (other_best > 0)] = "other"
    out[hb.n_letters == 0] = "other"
    out[hb.n_latin < 0.5 * hb.n_letters] = "other"
    return out.tolist()


def detect_language(text: str) -> str:
    """Return 'fr', 'en' or 'other' for one text. Never raises."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return detect_batch(F.hash_batch([text]))[0]
