"""The normalised message schema (docs/message-schema.md), as one pydantic model.

Import, webhook and connectors validate through it, so a row is judged the same
way whichever door it came in by.
"""

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

MAX_TEXT = 100_000


def clean_text(value: str) -> str:
    """Makes attacker-written text storable on every backend.

    NUL is refused by PostgreSQL and lone surrogates cannot be encoded as UTF-8;
    both become U+FFFD. Everything else, however odd, is kept as written.
    """
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    return value


def clean_raw(value: Any) -> Any:
    """The payload as received, with only what the database cannot hold replaced."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_raw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_raw(v) for v in value]
    return value


def _to_str(value: Any) -> Any:
    # Some networks send numeric ids (X, Facebook); they are names, not numbers.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        return clean_text(value)
    return value


def _truncating(limit: int):
    def cut(value: Any) -> Any:
        value = _to_str(value)
        return value[:limit] if isinstance(value, str) else value

    return cut


Id = Annotated[str, BeforeValidator(_to_str), Field(min_length=1, max_length=255)]
Text = Annotated[str, BeforeValidator(_to_str)]


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class AuthorIn(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    handle: Annotated[Text, Field(min_length=1, max_length=255)]
    network_id: Id | None = None
    # A profile's decoration is cut, not refused: the message matters more.
    display_name: Annotated[str, BeforeValidator(_truncating(255))] = ""
    bio: Annotated[str, BeforeValidator(_truncating(20_000))] = ""
    followers: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    following: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    posts: Annotated[int, Field(ge=0, le=2**31 - 1)] | None = None
    created_at: datetime | None = None
    verified: bool = False
    url: Annotated[Text, Field(max_length=500)] = ""

    @field_validator("handle")
    @classmethod
    def _strip_at(cls, v: str) -> str:
        v = v.lstrip("@")
        if not v:
            raise ValueError("must not be empty")
        return v

    @field_validator("created_at")
    @classmethod
    def _tz(cls, v: datetime | None) -> datetime | None:
        return _aware(v) if v else v

    @field_validator("url")
    @classmethod
    def _http_only(cls, v: str) -> str:
        return _check_url(v)


def _check_url(v: str) -> str:
    # A javascript: or data: link written by a troll must never become clickable.
    if v and not v.lower().startswith(("https://", "http://")):
        raise ValueError("must be an http(s) URL")
    return v


class MessageIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    network_id: Id
    text: Annotated[Text, Field(max_length=MAX_TEXT)]
    created_at: datetime
    author: AuthorIn
    url: Annotated[Text, Field(max_length=1000)] = ""
    kind: Literal["mention", "reply", "comment", "quote", "direct"] = "mention"
    in_reply_to: Id | None = None
    thread_id: Id | None = None
    lang: (
        Annotated[str, Field(max_length=8, pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})?$")]
        | None
    ) = None

    @field_validator("created_at")
    @classmethod
    def _tz(cls, v: datetime) -> datetime:
        return _aware(v)

    @field_validator("url")
    @classmethod
    def _http_only(cls, v: str) -> str:
        return _check_url(v)

    @field_validator("lang")
    @classmethod
    def _lang(cls, v: str | None) -> str | None:
        return v.split("-")[0].split("_")[0].lower() if v else v


class RowError(BaseModel):
    """Why one row was refused: its number in the input, the field, the reason."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field}: {self.message}"


def validate_row(row: int, data: Any) -> MessageIn | list[RowError]:
    if not isinstance(data, dict):
        return [RowError(row=row, field="(row)", message="expected an object")]
    try:
        return MessageIn.model_validate(data)
    except ValidationError as exc:
        return [
            RowError(
                row=row,
                field=".".join(str(p) for p in err["loc"]) or "(row)",
                message=err["msg"],
            )
            for err in exc.errors(include_url=False, include_input=False)
        ]
