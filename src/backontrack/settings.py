"""Settings from the environment (BACKONTRACK_*), read and validated in one place.

A bad value stops the app at start with a message naming the variable, rather
than running in a mode nobody chose.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from backontrack import content, i18n
from backontrack.i18n import N_, _

Mode = Literal["personal", "kiosk", "demo", "hosted"]

PREFIX = "BACKONTRACK_"
DEFAULT_DATA_DIR = Path.home() / ".local" / "share" / "backontrack"
#: Shown when no number is configured: the person's own number is the one that works.
DEFAULT_EMERGENCY_NUMBERS = "999 in the UK, 911 in the US, 112 in the EU"
#: Where to get advice today when no clinic has set its own: fits any country.
DEFAULT_URGENT_ADVICE = "your doctor's surgery or an urgent care service"
#: Who to contact when someone cannot cope; a clinic or health board sets its own line.
DEFAULT_CRISIS_LINE = "your GP, a local crisis line, or the emergency number"


@dataclass(frozen=True)
class Services:
    """A language's words for the services when an install has not named its own: by place, never
    guessed from the language (Spanish is read in Spain and in the Americas, so both are said)."""

    local_number: str  # "{numbers}" is filled with `numbers`
    numbers: str
    urgent_advice: str
    crisis_line: str

    @property
    def emergency_call(self) -> str:
        """The default numbers as a sentence says them: "your local emergency number (999 ...)"."""
        return self.local_number.format(numbers=self.numbers)


def spoken_services() -> Services:
    """The fallback words for the services, in the language being spoken."""
    return SERVICES.get(i18n.current(), SERVICES[i18n.REFERENCE])


#: Per language. A clinic sets BACKONTRACK_EMERGENCY_NUMBER and friends; these are only the fallback.
SERVICES = {
    "en": Services(
        local_number="your local emergency number ({numbers})",
        numbers=DEFAULT_EMERGENCY_NUMBERS,
        urgent_advice=DEFAULT_URGENT_ADVICE,
        crisis_line=DEFAULT_CRISIS_LINE,
    ),
    "es": Services(
        local_number="número de emergencias de su zona ({numbers})",
        numbers="112 en España y en la Unión Europea, 911 en Estados Unidos y en México",
        urgent_advice="su centro de salud o un centro de atención urgente",
        crisis_line="su médico de familia, una línea de ayuda en crisis o el número de emergencias",
    ),
}


class SettingsError(ValueError):
    """An environment variable has a bad value; the message names it (the variable's name as it is,
    the words about it in the language being spoken: it is shown on screen at start)."""


def _plain_words(default: str, example: str) -> Any:
    """A service named in words, filled into clinical wording: no markup, braces or line breaks."""
    return Field(
        default,
        min_length=3,
        max_length=120,
        pattern=r"^[^{}<>\[\]\n]+$",
        description=N_("plain words with no brackets, braces or line breaks, like {example}"),
        examples=[example],
    )


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Mode = "personal"
    data_dir: Path = DEFAULT_DATA_DIR
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: SQLite in data_dir.")
    migrate_url: str | None = Field(
        None, description="the owner role's URL, for `python -m backontrack migrate` (default: database_url)"
    )
    app_role: str = Field(
        "backontrack_app",
        pattern=r"^[a-z_][a-z0-9_]{0,62}$",
        description=N_("a plain lower-case PostgreSQL role name, like backontrack_app"),
    )
    session_hours: int = Field(
        12, ge=1, le=720, description="hosted: hours after signing in before a person is signed out"
    )
    emergency_number: str | None = Field(
        None,
        pattern=r"^\+?[0-9][0-9 ]*$",
        max_length=16,
        description=N_("digits and spaces with an optional leading +, at least two digits, like 112"),
    )
    kiosk_idle_seconds: int = Field(
        120, ge=2, le=3600, description="kiosk: seconds without a tap before the idle warning shows"
    )
    kiosk_warning_seconds: int = Field(
        30, ge=20, le=600, description="kiosk: the warning's countdown (WCAG 2.2.1 asks 20 seconds or more)"
    )
    urgent_advice: str = _plain_words(DEFAULT_URGENT_ADVICE, "your GP surgery or NHS 111")
    crisis_line: str = _plain_words(DEFAULT_CRISIS_LINE, "Samaritans on 116 123")
    languages: str = Field(
        "en,es",
        pattern=r"^[a-z]{2}(-[A-Z]{2})?(,[a-z]{2}(-[A-Z]{2})?)*$",
        description=N_("language codes separated by commas, with no spaces, like en,es"),
    )
    language: str = Field(
        "en",
        pattern=r"^[a-z]{2}(-[A-Z]{2})?$",
        description=N_("a two-letter language code, like en or es"),
    )

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, codes: str) -> str:
        spoken = [code for code in i18n.known() if code in content.languages() or code == i18n.PSEUDO]
        unknown = [code for code in codes.split(",") if code not in spoken]
        if unknown:
            raise ValueError(
                _("no translation for {language}; the app has {languages}").format(
                    language=repr(unknown[0]), languages=",".join(spoken)
                )
            )
        return codes

    @model_validator(mode="after")
    def _language_is_offered(self) -> Settings:
        if self.language not in self.offered:
            # The variable leads the message, untranslated (load() reads it there).
            raise ValueError(
                f"{PREFIX}LANGUAGE: "
                + _("{language} is not among {variable} ({languages})").format(
                    language=repr(self.language), variable=f"{PREFIX}LANGUAGES", languages=self.languages
                )
            )
        return self

    @property
    def offered(self) -> tuple[str, ...]:
        """The languages a person may choose, in the order BACKONTRACK_LANGUAGES gives them."""
        return tuple(dict.fromkeys(self.languages.split(",")))

    @model_validator(mode="after")
    def _hosted_needs_postgresql(self) -> Settings:
        if self.mode == "hosted" and not (self.database_url or "").startswith("postgresql"):
            raise ValueError(
                _(
                    "hosted mode keeps people apart with PostgreSQL's row-level security: "
                    "set {variable} to a {scheme} address"
                ).format(variable=f"{PREFIX}DATABASE_URL", scheme="postgresql+psycopg://")
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'backontrack.sqlite3'}"

    @property
    def emergency_call(self) -> str:
        """How the app names the number to call (in the language being spoken, when not set)."""
        return self.emergency_number or spoken_services().emergency_call

    def _service(self, name: Literal["urgent_advice", "crisis_line"]) -> str:
        """The install's own words for a service, else the language's."""
        value: str = (
            getattr(self, name) if name in self.model_fields_set else getattr(spoken_services(), name)
        )
        return value.strip()

    @field_validator("emergency_number")
    @classmethod
    def _two_digits(cls, number: str | None) -> str | None:
        if number is not None and sum(c.isdigit() for c in number) < 2:
            raise ValueError(_("needs at least two digits, like 112 or 999"))
        return number.strip() if number else number

    def fill(self, text: str) -> str:
        """Clinical wording with this install's services filled in: {emergency_number}, {urgent_advice},
        {crisis_line}."""
        return text.format(
            emergency_number=self.emergency_call,
            urgent_advice=self._service("urgent_advice"),
            crisis_line=self._service("crisis_line"),
        )


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Read BACKONTRACK_* variables; raise SettingsError naming the variable on a bad value."""
    env = os.environ if environ is None else environ
    values = {
        name.lower(): env[PREFIX + name.upper()]
        for name in Settings.model_fields
        if env.get(PREFIX + name.upper(), "").strip()
    }
    try:
        return Settings.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        if not err["loc"]:  # a rule across fields: it names its variable, else it is the database's
            message = err["msg"].removeprefix("Value error, ")
            named = message if message.startswith(PREFIX) else f"{PREFIX}DATABASE_URL: {message}"
            raise SettingsError(named) from exc
        name = str(err["loc"][0])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "string_pattern_mismatch":
            message = _("must be {description}").format(description=_described(name))
        elif err["type"] in _PROBLEMS:  # pydantic's own words are English: ours, translated
            words, limit = _PROBLEMS[err["type"]]
            choices = ", ".join(str(c) for c in get_args(Settings.model_fields[name].annotation))
            message = _(words).format(limit=err.get("ctx", {}).get(limit, ""), choices=choices)
        # The variable's name leads the message, as it is; the words after it are translated.
        problem = _("{problem} (got {value})").format(problem=message, value=repr(err["input"]))
        raise SettingsError(f"{PREFIX}{name.upper()}: {problem}") from exc


#: The problems a setting's value can have that pydantic words itself (in English), in our words,
#: and which of pydantic's details is the limit named.
_PROBLEMS = {
    "int_parsing": (N_("must be a whole number"), ""),
    "greater_than_equal": (N_("must be {limit} or more"), "ge"),
    "less_than_equal": (N_("must be {limit} or less"), "le"),
    "string_too_short": (N_("must be at least {limit} characters long"), "min_length"),
    "string_too_long": (N_("must be at most {limit} characters long"), "max_length"),
    "literal_error": (N_("must be one of {choices}"), ""),
}


def _described(name: str) -> str:
    """What a setting's value must look like (its field's description), in the language being spoken."""
    field = Settings.model_fields[name]
    if not field.description:
        return ""
    example = field.examples[0] if field.examples else ""
    return _(field.description).format(example=repr(example))
