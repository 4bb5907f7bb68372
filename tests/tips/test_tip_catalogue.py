"""The shipped tip catalogue and the strictness of its loader."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import bot
from bot import resources
from bot.errors import NoblesseError
from bot.habits import Habit
from bot.tips import (
    REQUIRED_LANGS,
    Catalogue,
    CatalogueError,
    Tip,
    load_catalogue,
    prompts_root,
    read_catalogue,
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _sentences(text: str) -> int:
    """Sentences in ``text``, not counting full stops inside quoted examples."""
    unquoted = re.sub(r"“[^”]*”", "Q", text)
    return len(re.findall(r"[.!?](?:\s|$)", unquoted))


# --- the shipped catalogue -------------------------------------------------------------------


def test_prompts_root_holds_the_tip_files() -> None:
    tips = prompts_root() / "tips"
    assert tips.is_dir()
    assert {f"{lang}.toml" for lang in REQUIRED_LANGS} <= {entry.name for entry in tips.iterdir()}


def test_catalogue_is_cached(catalogue: Catalogue) -> None:
    assert load_catalogue() is catalogue


def test_both_languages_with_at_least_64_tips(catalogue: Catalogue) -> None:
    assert set(catalogue.langs) == {"en", "nl"}
    assert len(catalogue) >= 64
    for lang in catalogue.langs:
        assert len(catalogue.in_lang(lang)) == len(catalogue)
        assert catalogue.version(lang) >= 1


def test_ids_and_habits_match_across_languages(catalogue: Catalogue) -> None:
    english = {tip.id: set(tip.habits) for tip in catalogue.in_lang("en")}
    dutch = {tip.id: set(tip.habits) for tip in catalogue.in_lang("nl")}
    assert english == dutch


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("habit", list(Habit))
def test_every_habit_has_at_least_six_tips(catalogue: Catalogue, lang: str, habit: Habit) -> None:
    tagged = [tip for tip in catalogue.in_lang(lang) if habit in tip.habits]
    assert len(tagged) >= 6


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_tips_are_short_and_complete(catalogue: Catalogue, lang: str) -> None:
    for tip in catalogue.in_lang(lang):
        assert tip.lang == lang
        assert tip.habits
        assert tip.title.strip() and len(tip.title) <= 50, tip.id
        assert 2 <= _sentences(tip.body) <= 3, tip.id
        assert len(tip.body) <= 300, tip.id
        assert tip.exercise.strip() and len(tip.exercise) <= 200, tip.id
        assert tip.exercise_label


def test_dutch_is_written_not_copied(catalogue: Catalogue) -> None:
    for tip_id in catalogue.ids:
        english, dutch = catalogue.get(tip_id, "en"), catalogue.get(tip_id, "nl")
        assert english.body != dutch.body
        assert english.title != dutch.title or len(english.title) < 12


def test_dutch_tips_use_je_not_u(catalogue: Catalogue) -> None:
    formal = re.compile(r"\b(?:u|uw|U|Uw)\b")
    for tip in catalogue.in_lang("nl"):
        for text in (tip.title, tip.body, tip.exercise):
            assert not formal.search(text), (tip.id, text)


def test_ids_are_stable_slugs(catalogue: Catalogue) -> None:
    for tip_id in catalogue.ids:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*-\d{2}", tip_id), tip_id


def test_plain_text_rendering(catalogue: Catalogue) -> None:
    tip = catalogue.get("trade-not-give-01", "en")
    text = tip.to_text()
    assert text.startswith(tip.title + "\n")
    assert tip.body in text
    assert text.endswith(f"Try this today: {tip.exercise}")
    dutch = catalogue.get("trade-not-give-01", "nl").to_text()
    assert "Probeer vandaag: " in dutch


def test_tip_without_label_renders_exercise_plainly() -> None:
    tip = Tip("x-01", "en", (Habit.SILENCE,), "Title", "One. Two.", "Do it.")
    assert tip.to_text() == "Title\n\nOne. Two.\n\nDo it."


def test_lookups_reject_unknown_language_and_id(catalogue: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="'fr'"):
        catalogue.in_lang("fr")
    with pytest.raises(CatalogueError, match="no-such-tip"):
        catalogue.get("no-such-tip", "en")
    with pytest.raises(CatalogueError):
        catalogue.habits_of("no-such-tip")
    assert "trade-not-give-01" in catalogue
    assert "no-such-tip" not in catalogue


# --- the loader's checks ---------------------------------------------------------------------

_TIP = """
[[tips]]
id = "{id}"
habits = {habits}
title = "A title"
body = "First sentence. Second sentence."
exercise = "Do one small thing."
"""


def _file(lang: str, tips: list[tuple[str, str]], header: str = "") -> str:
    head = header or f'version = 1\nlang = "{lang}"\nexercise_label = "Today"\n'
    return head + "".join(_TIP.format(id=tip_id, habits=habits) for tip_id, habits in tips)


_GOOD = [("ask-first-01", '["asking"]'), ("hold-on-01", '["limits", "silence"]')]


def _write(folder: Path, en: str, nl: str | None) -> Path:
    (folder / "en.toml").write_text(en, encoding="utf-8")
    if nl is not None:
        (folder / "nl.toml").write_text(nl, encoding="utf-8")
    return folder


def test_minimal_valid_folder_loads(tmp_path: Path) -> None:
    catalogue = read_catalogue(_write(tmp_path, _file("en", _GOOD), _file("nl", _GOOD)))
    assert catalogue.ids == ("ask-first-01", "hold-on-01")
    assert catalogue.habits_of("hold-on-01") == (Habit.LIMITS, Habit.SILENCE)
    assert catalogue.get("ask-first-01", "nl").exercise_label == "Today"


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return edit


@pytest.mark.parametrize(
    ("edit_nl", "message"),
    [
        (_replace('exercise = "Do', 'exercize = "Do'), r"unknown key\(s\): exercize"),
        (_replace('title = "A title"\n', ""), r"missing key\(s\): title"),
        (_replace('["asking"]', '["asking", "bragging"]'), "unknown habit 'bragging'"),
        (_replace('["asking"]', '["asking", "asking"]'), "listed twice"),
        (_replace('["asking"]', "[]"), "'habits' must be a non-empty list"),
        (_replace('title = "A title"', 'title = "  "'), "'title' must be a non-empty string"),
        (_replace('body = "First', "body = 3 # First"), "'body' must be a non-empty string"),
        (_replace('id = "hold-on-01"', 'id = "ask-first-01"'), "appears more than once"),
        (_replace('id = "hold-on-01"', 'id = "Hold On"'), "lowercase slug"),
        (_replace("version = 1", "version = 0"), "positive whole number"),
        (_replace("version = 1", 'version = "1"'), "positive whole number"),
        (_replace('lang = "nl"', 'lang = "en"'), "file name says 'nl'"),
        (_replace('exercise_label = "Today"\n', ""), r"missing key\(s\): exercise_label"),
        (_replace("version = 1", "version = 1\nauthor = 'me'"), r"unknown key\(s\): author"),
        (_replace('title = "A title"', 'title = "unterminated'), "not valid TOML"),
    ],
)
def test_malformed_file_gives_clear_error(
    tmp_path: Path, edit_nl: Callable[[str], str], message: str
) -> None:
    folder = _write(tmp_path, _file("en", _GOOD), edit_nl(_file("nl", _GOOD)))
    with pytest.raises(CatalogueError, match=message) as caught:
        read_catalogue(folder)
    assert "nl.toml" in str(caught.value)


def test_id_missing_in_one_language(tmp_path: Path) -> None:
    folder = _write(tmp_path, _file("en", _GOOD), _file("nl", _GOOD[:1]))
    with pytest.raises(CatalogueError, match=r"nl\.toml: missing tip id\(s\).*hold-on-01"):
        read_catalogue(folder)


def test_habits_must_match_across_languages(tmp_path: Path) -> None:
    dutch = [_GOOD[0], ("hold-on-01", '["limits"]')]
    folder = _write(tmp_path, _file("en", _GOOD), _file("nl", dutch))
    with pytest.raises(CatalogueError, match="'hold-on-01' has different habits"):
        read_catalogue(folder)


def test_required_language_missing(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="missing for: nl"):
        read_catalogue(_write(tmp_path, _file("en", _GOOD), None))


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="not found"):
        read_catalogue(tmp_path / "nowhere")


def test_empty_tip_list(tmp_path: Path) -> None:
    header = 'version = 1\nlang = "nl"\nexercise_label = "x"\ntips = []\n'
    _write(tmp_path, _file("en", _GOOD), header)
    with pytest.raises(CatalogueError, match="non-empty list"):
        read_catalogue(tmp_path)


def test_catalogue_errors_are_noblesse_errors() -> None:
    assert issubclass(CatalogueError, NoblesseError)


def test_prompts_root_prefers_the_installed_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed = tmp_path / "site-packages" / "bot"
    (installed / "prompts" / "tips").mkdir(parents=True)
    monkeypatch.setattr(resources, "files", lambda package: installed)
    assert resources.prompts_root() == installed / "prompts"


def test_prompts_root_falls_back_to_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(resources, "files", lambda package: tmp_path)  # no prompts/ there
    assert resources.prompts_root() == Path(bot.__file__).resolve().parents[1] / "prompts"
