"""Prompts as data: one strict TOML file per prompt under ``prompts/llm/``.

A prompt file holds exactly these keys::

    id          = "feedback_judge"        # must equal the file name without ".toml"
    version     = 1                       # a whole number >= 1, raised on every wording change
    description = "..."
    variables   = ["language", "message"] # every placeholder, each used at least once
    untrusted   = ["message"]             # optional: variables that carry user-written text
    temperature = 0.0                     # optional, 0..2
    max_tokens  = 700                     # optional, >= 1
    system      = "..."                   # templates with {placeholders}; {{ and }} are braces
    user        = "..."

The loader is strict: an unknown or missing key, a wrong type, a placeholder that is not
declared, a declared variable that no template uses, or a format spec such as ``{x!r}`` or
``{x:>4}`` is a :class:`~bot.llm.errors.PromptError`. Rendering with a missing or an extra
variable, or a value that is not a string, is an error too.

Untrusted variables are how user-written text reaches a model as *data*: each must appear only
in the user template, and only enclosed in its own tag, e.g. ``<message>{message}</message>``.
When rendering, any look-alike of that tag inside the value is neutralised (its ``<`` becomes
``‹``), so the text cannot close the data block and pose as instructions. The replacement keeps
every character position, so quotes found in the neutralised text map back onto the original.
"""

from __future__ import annotations

import functools
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

from bot.llm.errors import PromptError
from bot.resources import prompts_root

PROMPT_FOLDER = "llm"
"""The sub-folder of :func:`~bot.resources.prompts_root` that holds the model prompts."""

_REQUIRED_KEYS = frozenset({"id", "version", "description", "variables", "system", "user"})
_OPTIONAL_KEYS = frozenset({"untrusted", "temperature", "max_tokens"})
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_NEUTRAL_BRACKET = "\u2039"  # ‹ — one code point, so positions do not shift


@dataclass(frozen=True, slots=True)
class RenderedPrompt:
    """A prompt filled in: the two chat messages to send, and which prompt produced them."""

    system: str
    user: str
    prompt_ref: str

    def messages(self) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user},
        ]


@dataclass(frozen=True, slots=True)
class Prompt:
    """One prompt file, validated."""

    id: str
    version: int
    description: str
    variables: tuple[str, ...]
    system: str
    user: str
    untrusted: tuple[str, ...] = ()
    temperature: float | None = None
    max_tokens: int | None = None
    source: str = "<memory>"

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def ref(self) -> str:
        """``id@version``, stored with every model call this prompt makes."""
        return f"{self.id}@{self.version}"

    def render(self, variables: Mapping[str, str]) -> RenderedPrompt:
        """Fill in both templates. Every declared variable must be given, as a string, and no
        other; untrusted values have their enclosing tag neutralised."""
        given = set(variables)
        declared = set(self.variables)
        missing = sorted(declared - given)
        extra = sorted(given - declared)
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"missing {', '.join(missing)}")
            if extra:
                parts.append(f"not declared {', '.join(extra)}")
            raise PromptError(f"prompt {self.ref}: wrong variables ({'; '.join(parts)})")
        values: dict[str, str] = {}
        for name in self.variables:
            value = variables[name]
            if not isinstance(value, str):
                raise PromptError(
                    f"prompt {self.ref}: variable {name} must be a string, "
                    f"not {type(value).__name__}"
                )
            values[name] = neutralise_tag(value, name) if name in self.untrusted else value
        return RenderedPrompt(
            system=_fill(self.system, values),
            user=_fill(self.user, values),
            prompt_ref=self.ref,
        )


def neutralise_tag(text: str, tag: str) -> str:
    """Defuse every opening or closing look-alike of ``<tag>`` in ``text`` (any case, any
    spacing) by replacing its ``<`` with ``‹``. The result has the same length as ``text``."""
    pattern = re.compile(rf"<(?=\s*/?\s*{re.escape(tag)}(?:[\s/>]|$))", re.IGNORECASE)
    return pattern.sub(_NEUTRAL_BRACKET, text)


def _placeholders(template: str, *, where: str) -> list[str]:
    """The placeholder names of a template, in order, with repeats; rejects anything fancy."""
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise PromptError(f"{where}: unbalanced braces (write {{{{ and }}}} for braces)") from exc
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier():
            raise PromptError(f"{where}: placeholder {{{field}}} is not a plain variable name")
        if spec or conversion:
            raise PromptError(f"{where}: placeholder {{{field}}} may not have a format or !r/!s")
        names.append(field)
    return names


def _fill(template: str, values: Mapping[str, str]) -> str:
    pieces: list[str] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        pieces.append(literal)
        if field is not None:
            pieces.append(values[field])
    return "".join(pieces)


def _validate(prompt: Prompt) -> None:
    where = f"prompt file {prompt.source}"
    if not _ID.match(prompt.id):
        raise PromptError(f"{where}: id {prompt.id!r} must be lower_snake_case")
    if isinstance(prompt.version, bool) or not isinstance(prompt.version, int):
        raise PromptError(f"{where}: version must be a whole number")
    if prompt.version < 1:
        raise PromptError(f"{where}: version must be 1 or higher")
    for key in ("description", "system", "user"):
        value = getattr(prompt, key)
        if not isinstance(value, str) or not value.strip():
            raise PromptError(f"{where}: {key} must be a non-empty string")
    for key in ("variables", "untrusted"):
        names = getattr(prompt, key)
        if not all(isinstance(name, str) and name.isidentifier() for name in names):
            raise PromptError(f"{where}: {key} must be a list of variable names")
        if len(set(names)) != len(names):
            raise PromptError(f"{where}: {key} lists a name twice")
    if prompt.temperature is not None and (
        isinstance(prompt.temperature, bool)
        or not isinstance(prompt.temperature, int | float)
        or not 0 <= prompt.temperature <= 2
    ):
        raise PromptError(f"{where}: temperature must be a number from 0 to 2")
    if prompt.max_tokens is not None and (
        isinstance(prompt.max_tokens, bool)
        or not isinstance(prompt.max_tokens, int)
        or prompt.max_tokens < 1
    ):
        raise PromptError(f"{where}: max_tokens must be a whole number of at least 1")

    in_system = _placeholders(prompt.system, where=f"{where} (system)")
    in_user = _placeholders(prompt.user, where=f"{where} (user)")
    declared = set(prompt.variables)
    undeclared = sorted(set(in_system + in_user) - declared)
    if undeclared:
        raise PromptError(f"{where}: placeholders not declared in variables: {undeclared}")
    unused = sorted(declared - set(in_system + in_user))
    if unused:
        raise PromptError(f"{where}: variables declared but never used: {unused}")
    for name in prompt.untrusted:
        if name not in declared:
            raise PromptError(f"{where}: untrusted variable {name} is not declared")
        if name in in_system:
            raise PromptError(f"{where}: untrusted variable {name} may not appear in system")
        enclosed = re.findall(
            rf"<{re.escape(name)}>\s*\{{{re.escape(name)}\}}\s*</{re.escape(name)}>", prompt.user
        )
        if len(enclosed) != in_user.count(name):
            raise PromptError(
                f"{where}: untrusted variable {name} must always be written as "
                f"<{name}>{{{name}}}</{name}>"
            )


def _names(data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise PromptError(f"{where}: {key} must be a list of variable names")
    return tuple(value)


def parse_prompt(data: Mapping[str, Any], *, source: str = "<memory>") -> Prompt:
    """Build a :class:`Prompt` from the decoded TOML table, strictly."""
    where = f"prompt file {source}"
    unknown = sorted(set(data) - _REQUIRED_KEYS - _OPTIONAL_KEYS)
    if unknown:
        raise PromptError(f"{where}: unknown keys {unknown}")
    missing = sorted(_REQUIRED_KEYS - set(data))
    if missing:
        raise PromptError(f"{where}: missing keys {missing}")
    if not isinstance(data["id"], str):
        raise PromptError(f"{where}: id must be a string")
    return Prompt(
        id=data["id"],
        version=data["version"],
        description=data["description"],
        variables=_names(data, "variables", where),
        system=data["system"],
        user=data["user"],
        untrusted=_names(data, "untrusted", where),
        temperature=data.get("temperature"),
        max_tokens=data.get("max_tokens"),
        source=source,
    )


def load_prompt_file(path: Traversable) -> Prompt:
    """Read and validate one prompt file; its ``id`` must equal the file name minus ``.toml``."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise PromptError(f"prompt file {path} cannot be read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PromptError(f"prompt file {path} is not valid TOML: {exc}") from exc
    prompt = parse_prompt(data, source=str(path))
    if prompt.id != path.name.removesuffix(".toml"):
        raise PromptError(f"prompt file {path}: id {prompt.id!r} must equal the file name")
    return prompt


def prompt_folder() -> Traversable:
    """The folder of the model prompts (``prompts/llm``)."""
    return prompts_root() / PROMPT_FOLDER


def load_all_prompts(folder: Traversable | None = None) -> dict[str, Prompt]:
    """Every prompt file in ``folder`` (default: :func:`prompt_folder`), by id."""
    folder = prompt_folder() if folder is None else folder
    files = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
        key=lambda entry: entry.name,
    )
    return {entry.name.removesuffix(".toml"): load_prompt_file(entry) for entry in files}


@functools.cache
def load_prompt(prompt_id: str) -> Prompt:
    """The shipped prompt with this id (read once, then cached)."""
    if not _ID.match(prompt_id):
        raise PromptError(f"{prompt_id!r} is not a prompt id")
    path = prompt_folder() / f"{prompt_id}.toml"
    if not path.is_file():
        raise PromptError(f"no prompt file {path}")
    return load_prompt_file(path)
