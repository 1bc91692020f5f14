"""The default library of reply templates, in French and English, as data.

``all_templates()`` gives one ``TemplateText`` per template and language
(key, language, title, body, move, categories, source, over_300); the replies
app loads them into ``ReplyTemplate`` rows that admins then edit.
``render(body, **values)`` fills the variables; ``suggest(...)`` ranks
templates for a message's category and language.

The wording follows the sources (R9: 000 tip 8 gives four phrasings, quoted
verbatim in French; 000 tips 4, 5, 9 and 001 step 6 give the moves). Every
body passes the tone check clean (a test holds it to that), and fits a
Bluesky reply (300 characters) with its variables filled, unless
``over_300`` says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VARIABLES = ("author_name", "case_ref", "agent_first_name", "network", "answer")

# The moves a reply can make (001 step 6; 000 tips 4, 5, 8, 9).
MOVES = (
    "apologise_and_solve",
    "acknowledge_without_apology",
    "thank_for_raising",
    "move_to_private",
    "close_public",
    "follow_up",
    "praise_thanks",
    "question_answer",
    "hand_off",
)

# Which moves fit a message of each category, best first. Spam gets no reply.
MOVES_FOR_CATEGORY = {
    "negative": (
        "apologise_and_solve",
        "move_to_private",
        "thank_for_raising",
        "acknowledge_without_apology",
        "hand_off",
        "close_public",
        "follow_up",
    ),
    "abuse": ("acknowledge_without_apology", "move_to_private", "close_public"),
    "threat": ("acknowledge_without_apology", "hand_off"),
    "question": ("question_answer", "move_to_private", "hand_off", "thank_for_raising"),
    "praise": ("praise_thanks", "close_public"),
    "other": ("thank_for_raising", "question_answer", "move_to_private", "praise_thanks"),
    "spam": (),
}


@dataclass(frozen=True)
class TemplateText:
    key: str
    language: str
    title: str
    body: str
    move: str
    categories: tuple[str, ...]
    source: str = ""
    over_300: bool = False


def _t(key, move, categories, fr, en, *, source="", over_300=False):
    return tuple(
        TemplateText(key, lang, title, body, move, tuple(categories), source, over_300)
        for lang, (title, body) in (("fr", fr), ("en", en))
    )


LIBRARY: tuple[TemplateText, ...] = (
    # --- apologise and give a solution (001 step 6; 000 tips 4 and 8) -----------------
    *_t(
        "apologise-delay",
        "apologise_and_solve",
        ["negative"],
        (
            "S'excuser d'un retard et proposer la suite",
            "Bonjour {author_name}, nous sommes désolés pour ce retard et la gêne occasionnée. "
            "Nous vérifions ce qui s'est passé et revenons vers vous. Pouvez-vous nous écrire "
            "en message privé avec votre numéro de réservation ? {agent_first_name}",
        ),
        (
            "Apologise for a delay and offer next steps",
            "Hello {author_name}, we're sorry for the delay and the inconvenience. We're "
            "checking what happened and will get back to you. Could you send us your booking "
            "number in a private message? {agent_first_name}",
        ),
        source="000 tip 8; 001 step 6",
    ),
    *_t(
        "apologise-refund",
        "apologise_and_solve",
        ["negative"],
        (
            "S'excuser et proposer un remboursement",
            "Bonjour {author_name}, vous avez raison et nous vous présentons nos excuses. Vous "
            "pouvez demander un remboursement : écrivez-nous en message privé et nous nous en "
            "occupons (dossier {case_ref}). {agent_first_name}",
        ),
        (
            "Apologise and offer a refund",
            "Hello {author_name}, you're right and we apologise. You can ask for a refund: "
            "send us a private message and we'll take care of it (case {case_ref}). "
            "{agent_first_name}",
        ),
        source="000 tip 8; 001 step 6",
    ),
    *_t(
        "apologise-our-mistake",
        "apologise_and_solve",
        ["negative"],
        (
            "Admettre une erreur",
            "Bonjour {author_name}, c'est une erreur de notre part et nous nous en excusons. "
            "Nous allons corriger l'information et nous vous tiendrons au courant ici. "
            "{agent_first_name}",
        ),
        (
            "Admit a mistake",
            "Hello {author_name}, this was our mistake and we apologise for the inconvenience. "
            "We'll correct the information and keep you posted here. {agent_first_name}",
        ),
        source="000 tip 8",
    ),
    *_t(
        "apologise-breakdown",
        "apologise_and_solve",
        ["negative"],
        (
            "S'excuser d'une panne, dire ce qui est fait",
            "Bonjour {author_name}, merci de votre patience et désolés pour cette panne. Nous "
            "avons transmis votre signalement à l'équipe technique et revenons vers vous dès "
            "que nous avons des nouvelles. {agent_first_name}",
        ),
        (
            "Apologise for a breakdown, say what is being done",
            "Hello {author_name}, thank you for your patience and sorry about this breakdown. "
            "We've passed your report to the technical team and will get back to you as soon "
            "as we have news. {agent_first_name}",
        ),
        source="001 step 6; 000 tip 4",
    ),
    *_t(
        "apologise-detailed",
        "apologise_and_solve",
        ["negative"],
        (
            "Excuses détaillées (longue, hors Bluesky et X)",
            "Bonjour {author_name}, nous vous présentons nos excuses pour ce que vous avez "
            "vécu. Nous avons regardé votre situation avec l'équipe concernée : l'erreur vient "
            "de chez nous. Voici ce que nous vous proposons : un remboursement complet de votre "
            "trajet, et un suivi personnel de votre dossier {case_ref}. Pouvez-vous nous écrire "
            "en message privé pour que nous le mettions en place ? Merci d'avoir pris le temps "
            "de nous écrire. {agent_first_name}",
        ),
        (
            "Detailed apology (long, not for Bluesky or X)",
            "Hello {author_name}, we apologise for what you went through. We have looked into "
            "your situation with the team concerned: the mistake was ours. Here's what we "
            "propose: a full refund of your journey, and personal follow-up of your case "
            "{case_ref}. Could you send us a private message so that we can set it up? Thank "
            "you for taking the time to write to us. {agent_first_name}",
        ),
        source="000 tips 4 and 8; 001 step 6",
        over_300=True,
    ),
    # --- acknowledge without apology: aggressive messages (000 tip 8, R8, R9) ---------
    *_t(
        "acknowledge-feelings",
        "acknowledge_without_apology",
        ["abuse", "negative"],
        (
            "Reconnaître le ressenti, sans excuses",
            "Nous sommes désolés que vous vous sentiez ainsi. Si vous souhaitez que nous "
            "regardions votre situation, écrivez-nous en message privé. {agent_first_name}",
        ),
        (
            "Acknowledge feelings, no apology",
            "We're sorry you feel this way. If you'd like us to look into your situation, "
            "send us a private message. {agent_first_name}",
        ),
        source="000 tip 8 (verbatim)",
    ),
    *_t(
        "acknowledge-concern",
        "acknowledge_without_apology",
        ["abuse", "negative", "question"],
        (
            "Comprendre la préoccupation",
            "Nous comprenons parfaitement votre préoccupation. Pour avancer, pouvez-vous nous "
            "écrire en message privé ? Nous regarderons votre demande avec attention.",
        ),
        (
            "Understand the concern",
            "We fully understand your concern. To move forward, could you send us a private "
            "message? We'll look at your request carefully.",
        ),
        source="000 tip 8 (verbatim)",
    ),
    *_t(
        "acknowledge-brand-values",
        "acknowledge_without_apology",
        ["abuse", "other"],
        (
            "Se démarquer d'un propos",
            "Ceci n'est pas associé à nos idées de marque. Notre espace suit un code de "
            "conduite : les propos injurieux ou haineux y sont masqués.",
        ),
        (
            "Distance the brand from a remark",
            "This is not associated with our brand's values. Our space follows a code of "
            "conduct: abusive or hateful comments are hidden.",
        ),
        source="000 tip 8 (verbatim); 001 step 3",
    ),
    *_t(
        "acknowledge-calmly",
        "acknowledge_without_apology",
        ["abuse", "negative"],
        (
            "Entendre le mécontentement, inviter au calme",
            "Nous entendons votre mécontentement. Nous restons disponibles pour en parler "
            "calmement en message privé, afin de trouver une solution.",
        ),
        (
            "Hear the frustration, invite a calm talk",
            "We hear your frustration. We're available to talk it through calmly in a private "
            "message, to find a solution.",
        ),
        source="000 tips 1 and 5",
    ),
    *_t(
        "acknowledge-threat",
        "acknowledge_without_apology",
        ["threat"],
        (
            "Prendre acte d'une menace",
            "Nous avons pris connaissance de votre message. Pour la sécurité de tous, il a été "
            "transmis aux équipes compétentes.",
        ),
        (
            "Take note of a threat",
            "We have read your message. For everyone's safety, it has been passed on to the "
            "appropriate teams.",
        ),
        source="000 tips 2 and 10",
    ),
    # --- thank for raising it (000 tips 4 and 8) --------------------------------------
    *_t(
        "thanks-for-raising",
        "thank_for_raising",
        ["negative", "question", "other"],
        (
            "Remercier d'avoir signalé le problème",
            "Merci d'avoir porté ce problème à notre attention, {author_name}. Nous l'avons "
            "transmis à l'équipe concernée et revenons vers vous (dossier {case_ref}).",
        ),
        (
            "Thank them for raising it",
            "Thank you for bringing this issue to our attention, {author_name}. We've passed "
            "it to the team concerned and will get back to you (case {case_ref}).",
        ),
        source="000 tip 8 (verbatim)",
    ),
    *_t(
        "thanks-for-suggestion",
        "thank_for_raising",
        ["negative", "question", "other"],
        (
            "Remercier pour une suggestion",
            "Merci pour votre suggestion, {author_name} ! Nous la partageons avec l'équipe "
            "concernée et vous tiendrons au courant.",
        ),
        (
            "Thank them for a suggestion",
            "Thank you for the suggestion, {author_name}! We're sharing it with the team "
            "concerned and will keep you posted.",
        ),
        source="000 tip 4",
    ),
    *_t(
        "thanks-for-feedback",
        "thank_for_raising",
        ["negative", "other"],
        (
            "Remercier pour un retour critique",
            "Merci pour votre retour, {author_name}. Il nous aide à nous améliorer : nous "
            "l'avons partagé avec l'équipe concernée.",
        ),
        (
            "Thank them for critical feedback",
            "Thanks for your feedback, {author_name}. It helps us improve: we've shared it "
            "with the team concerned.",
        ),
        source="000 tip 4",
    ),
    # --- move to a private channel, ask for contact details (R15; 000 tip 5) ----------
    *_t(
        "private-message",
        "move_to_private",
        ["negative", "question", "abuse", "other"],
        (
            "Passer en message privé",
            "Bonjour {author_name}, pour regarder votre situation en détail, pouvez-vous nous "
            "écrire en message privé ? Nous vous répondons au plus vite. {agent_first_name}",
        ),
        (
            "Move to a private message",
            "Hello {author_name}, to look into your situation in detail, could you send us a "
            "private message? We'll answer as soon as we can. {agent_first_name}",
        ),
        source="000 tips 5 and 9",
    ),
    *_t(
        "private-contact-details",
        "move_to_private",
        ["negative", "abuse"],
        (
            "Demander les coordonnées en privé",
            "Bonjour {author_name}, afin de pouvoir vous répondre, pouvez-vous nous envoyer vos "
            "coordonnées et votre numéro de réservation en message privé ? Merci de ne pas les "
            "publier ici.",
        ),
        (
            "Ask for contact details privately",
            "Hello {author_name}, so that we can answer you, could you send us your contact "
            "details and booking number in a private message? Please don't post them here.",
        ),
        source="000 tip 5",
    ),
    *_t(
        "private-contact-form",
        "move_to_private",
        ["negative", "question"],
        (
            "Orienter vers le formulaire de contact",
            "Bonjour {author_name}, pour traiter votre demande, le plus simple est notre "
            "formulaire de contact (lien dans notre profil), avec la référence {case_ref}. "
            "Nous nous en occupons ensuite.",
        ),
        (
            "Point to the contact form",
            "Hello {author_name}, the easiest way to handle your request is our contact form "
            "(link in our profile), quoting reference {case_ref}. We'll take it from there.",
        ),
        source="000 tip 9",
    ),
    # --- close the public conversation once solved (R16; 000 tip 9) -------------------
    *_t(
        "close-solved",
        "close_public",
        ["negative", "praise", "abuse"],
        (
            "Clore l'échange public, problème résolu",
            "Merci {author_name}, ravis que ce soit réglé. Nous clôturons l'échange ici ; notre "
            "messagerie privée reste ouverte si besoin. {agent_first_name}",
        ),
        (
            "Close the public exchange, problem solved",
            "Thank you {author_name}, glad it's sorted. We'll close the conversation here; our "
            "private messages stay open if you need us. {agent_first_name}",
        ),
        source="000 tip 9",
    ),
    *_t(
        "close-continue-private",
        "close_public",
        ["negative", "abuse"],
        (
            "Arrêter l'échange public, continuer en privé",
            "Nous avons apporté notre réponse ici et nous arrêtons l'échange public. Pour la "
            "suite, écrivez-nous en message privé : nous vous y répondrons.",
        ),
        (
            "End the public exchange, continue privately",
            "We've given our answer here and will end the public exchange now. To continue, "
            "send us a private message: we'll answer you there.",
        ),
        source="000 tips 4 and 9",
    ),
    # --- follow up weeks later (R17; 000 tip 9) ----------------------------------------
    *_t(
        "follow-up-check",
        "follow_up",
        ["negative"],
        (
            "Prendre des nouvelles quelques semaines après",
            "Bonjour {author_name}, il y a quelques semaines vous nous aviez signalé un problème "
            "(dossier {case_ref}). Tout est-il rentré dans l'ordre ? N'hésitez pas à nous "
            "écrire en privé. {agent_first_name}",
        ),
        (
            "Check back a few weeks later",
            "Hello {author_name}, a few weeks ago you told us about a problem (case "
            "{case_ref}). Is everything back to normal? Feel free to message us privately. "
            "{agent_first_name}",
        ),
        source="000 tip 9",
    ),
    *_t(
        "follow-up-handled",
        "follow_up",
        ["negative", "question"],
        (
            "Revenir vers la personne, demande traitée",
            "Bonjour {author_name}, nous revenons vers vous au sujet de votre demande "
            "({case_ref}) : l'équipe concernée l'a traitée. Dites-nous si quelque chose reste à "
            "régler. {agent_first_name}",
        ),
        (
            "Get back to them, request handled",
            "Hello {author_name}, we're getting back to you about your request ({case_ref}): "
            "the team concerned has handled it. Let us know if anything is still not right. "
            "{agent_first_name}",
        ),
        source="001 step 4; 000 tip 9",
    ),
    # --- praise ---------------------------------------------------------------------
    *_t(
        "praise-thanks",
        "praise_thanks",
        ["praise"],
        (
            "Remercier d'un compliment",
            "Merci beaucoup {author_name} ! Votre message fait plaisir à toute l'équipe, nous "
            "le lui transmettons. {agent_first_name}",
        ),
        (
            "Thank them for a compliment",
            "Thank you so much {author_name}! Your message made the whole team's day; we're "
            "passing it on. {agent_first_name}",
        ),
    ),
    *_t(
        "praise-see-you",
        "praise_thanks",
        ["praise", "other"],
        (
            "Remercier et donner rendez-vous",
            "Merci {author_name} pour ce retour ! Au plaisir de vous retrouver bientôt.",
        ),
        (
            "Thank them and hope to see them again",
            "Thank you {author_name} for this feedback! We look forward to seeing you again soon.",
        ),
    ),
    # --- questions ------------------------------------------------------------------
    *_t(
        "question-answer",
        "question_answer",
        ["question", "other"],
        (
            "Répondre à une question",
            "Bonjour {author_name}, merci pour votre question. {answer} Si quelque chose reste "
            "flou, écrivez-nous en message privé. {agent_first_name}",
        ),
        (
            "Answer a question",
            "Hello {author_name}, thanks for your question. {answer} If anything is still "
            "unclear, send us a private message. {agent_first_name}",
        ),
    ),
    *_t(
        "question-checking",
        "question_answer",
        ["question"],
        (
            "Question : nous vérifions",
            "Bonjour {author_name}, bonne question : nous vérifions auprès de l'équipe "
            "concernée et revenons vers vous. {agent_first_name}",
        ),
        (
            "Question: we are checking",
            "Hello {author_name}, good question: we're checking with the team concerned and "
            "will get back to you. {agent_first_name}",
        ),
        source="001 step 4",
    ),
    # --- hand off to another department (001 step 4) ----------------------------------
    *_t(
        "hand-off-department",
        "hand_off",
        ["negative", "question", "threat"],
        (
            "Transmettre au service concerné",
            "Bonjour {author_name}, nous avons transmis votre demande au service concerné "
            "(dossier {case_ref}), qui revient vers vous. Nous suivons le dossier. "
            "{agent_first_name}",
        ),
        (
            "Hand off to the department concerned",
            "Hello {author_name}, we've passed your request to the department concerned (case "
            "{case_ref}), who will get back to you. We're following it up. {agent_first_name}",
        ),
        source="001 step 4",
    ),
)


def all_templates() -> list[TemplateText]:
    """Every shipped template, one entry per language (what the replies app loads)."""
    return list(LIBRARY)


# ------------------------------------------------------------------ rendering

_VARIABLE = re.compile(r"\{([a-z_]{1,40})\}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
MAX_VALUE_LENGTH = 80


def _clean_value(value) -> str:
    """A value as plain text on one line: braces turned to parentheses, so that a
    display name such as "{case_ref}" can never become a variable, even if rendered again."""
    text = _CONTROL.sub(" ", str(value)).strip()
    text = text.replace("{", "(").replace("}", ")")
    return text[:MAX_VALUE_LENGTH]


def render(body: str, **values) -> str:
    """Fills {variables} from ``values`` in one pass over the template's own text.

    A variable with no value (missing, None or blank) stays visible as
    "{name}", which the tone check flags, so nobody sends it by mistake.
    Values are inserted as text and never read again: no format string, no
    attribute access, nothing a value contains is interpreted.
    """

    def fill(m: re.Match) -> str:
        value = values.get(m.group(1))
        if value is None:
            return m.group(0)
        text = _clean_value(value)
        return text if text else m.group(0)

    return _VARIABLE.sub(fill, body or "")


def variables(body: str) -> list[str]:
    """The variables a body uses, in order, once each."""
    return list(dict.fromkeys(_VARIABLE.findall(body or "")))


# ----------------------------------------------------------------- suggesting


def _get(template, name: str, default=None):
    if isinstance(template, dict):
        return template.get(name, default)
    return getattr(template, name, default)


def suggest(templates, *, category: str | None, language: str | None, limit: int | None = None):
    """The templates that fit a message of this category, in its language, best move first.

    ``templates``: TemplateText entries, ReplyTemplate rows or dicts (key, language,
    move, categories). A template with no categories fits any. The language falls back
    to English for messages in another language. Ties keep the key's order, so the
    ranking is stable.
    """
    language = language if language in ("fr", "en") else "en"
    moves = MOVES_FOR_CATEGORY.get(category or "other", MOVES_FOR_CATEGORY["other"])
    ranked = []
    for t in templates:
        if _get(t, "language") != language:
            continue
        cats = list(_get(t, "categories") or [])
        if cats and category not in cats:
            continue
        move = _get(t, "move") or ""
        rank = moves.index(move) if move in moves else len(moves)
        ranked.append((rank, str(_get(t, "key") or ""), t))
    ranked.sort(key=lambda r: (r[0], r[1]))
    out = [t for _rank, _key, t in ranked]
    return out[:limit] if limit else out
