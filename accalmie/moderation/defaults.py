"""The default code of conduct, created once; admins edit it afterwards."""

from .models import ConductRule

# code, English title, French title, English description, French description
DEFAULT_RULES = [
    (
        "insults",
        "Insults and harassment",
        "Insultes et harcèlement",
        "Insulting, belittling or harassing anyone, the team included.",
        "Insulter, dénigrer ou harceler quiconque, équipe comprise.",
    ),
    (
        "threats",
        "Threats",
        "Menaces",
        "Threatening anyone with violence or harm.",
        "Menacer quiconque de violence ou de préjudice.",
    ),
    (
        "hate",
        "Hate speech",
        "Discours de haine",
        "Attacking people for their origin, religion, gender, sexual orientation or disability.",
        "S'en prendre à des personnes pour leur origine, religion, genre, orientation sexuelle "
        "ou handicap.",
    ),
    (
        "spam",
        "Spam and scams",
        "Spam et arnaques",
        "Advertising, phishing links, fake offers.",
        "Publicité, liens d'hameçonnage, fausses offres.",
    ),
    (
        "personal-data",
        "Other people's personal data",
        "Données personnelles d'autrui",
        "Publishing someone's address, phone number, documents or photos without consent.",
        "Publier l'adresse, le téléphone, les documents ou les photos de quelqu'un sans son "
        "accord.",
    ),
    (
        "flooding",
        "Off-topic flooding",
        "Flood hors sujet",
        "Posting the same or unrelated content over and over.",
        "Publier encore et encore le même contenu ou un contenu sans rapport.",
    ),
]


def ensure_code_of_conduct() -> int:
    """Creates the default rules that do not exist yet (by code); returns how many."""
    created = 0
    for position, (code, title_en, title_fr, desc_en, desc_fr) in enumerate(DEFAULT_RULES):
        _rule, was_created = ConductRule.objects.get_or_create(
            code=code,
            defaults={
                "title_en": title_en,
                "title_fr": title_fr,
                "description_en": desc_en,
                "description_fr": desc_fr,
                "position": position * 10,
            },
        )
        created += was_created
    return created
