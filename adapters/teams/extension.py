"""The "Check footing" message extension: the dialog (task module) and what it returns.

1. ``composeExtension/fetchTask`` opens :func:`draft_dialog`: an Adaptive Card with the draft,
   prefilled with the message the action was invoked on (context ``message``), empty from the
   compose box or the command box.
2. ``composeExtension/submitAction`` with ``{"noblesse": "check"}`` answers with
   :func:`feedback_dialog`: the verdict, the quoted words, the advice and the rewrite, the
   draft still editable ("Check again"), and "Insert the rewrite".
3. ``composeExtension/submitAction`` with ``{"noblesse": "insert"}`` answers with
   :func:`insert_result`: a card holding the rewrite, which Teams puts into the compose box,
   where the user can still edit or discard it before sending.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from botbuilder.schema.teams import (
    MessagingExtensionActionResponse,
    MessagingExtensionAttachment,
    MessagingExtensionResult,
    TaskModuleContinueResponse,
    TaskModuleMessageResponse,
    TaskModuleTaskInfo,
)

from adapters.teams.cards import (
    CARD_CONTENT_TYPE,
    SUBMIT_KEY,
    Element,
    adaptive_card,
    attachment,
    plain,
    submit,
    text_input,
)
from adapters.teams.labels import caption
from adapters.teams.rendering import feedback_card
from bot.coach.messages import say
from bot.coach.replies import Feedback, Notice, Reply
from bot.footing import MAX_CHARS

COMMAND_ID: Final = "checkFooting"
DRAFT_INPUT: Final = "draft"
CHECK: Final = "check"
INSERT: Final = "insert"


def submitted(data: object) -> tuple[str, str]:
    """What a submit carries: the step (``check`` or ``insert``) and its text.

    A text that is not a string (a number, a list, an object: never what the dialog sends) is
    taken as no text at all, so the user is asked for a draft instead of having the Python
    rendering of some value analysed.
    """
    if not isinstance(data, Mapping):
        return CHECK, ""
    step = data.get(SUBMIT_KEY)
    if step == INSERT:
        return INSERT, _text(data.get("rewrite"))
    return CHECK, _text(data.get(DRAFT_INPUT))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _dialog(lang: str, card: Element) -> MessagingExtensionActionResponse:
    return MessagingExtensionActionResponse(
        task=TaskModuleContinueResponse(
            value=TaskModuleTaskInfo(
                title=caption(lang, "check_title"),
                card=attachment(card),
                height="large",
                width="medium",
            )
        )
    )


def _draft_input(lang: str, draft: str) -> Element:
    return text_input(
        DRAFT_INPUT,
        label=caption(lang, "draft_label"),
        value=draft[:MAX_CHARS],
        placeholder=caption(lang, "draft_placeholder"),
        max_length=MAX_CHARS,
    )


def draft_dialog(
    lang: str, draft: str, *, notices: Sequence[str] = ()
) -> MessagingExtensionActionResponse:
    """The dialog with the draft to check (and any notice to show above it)."""
    body: list[Element] = [plain(text, color="Warning") for text in notices]
    body.append(_draft_input(lang, draft))
    card = adaptive_card(
        body,
        fallback=caption(lang, "check_title"),
        actions=[submit(caption(lang, "check_button"), CHECK, style="positive")],
    )
    return _dialog(lang, card)


def feedback_dialog(
    lang: str, replies: Sequence[Reply], draft: str
) -> MessagingExtensionActionResponse:
    """The coach's answer to a draft, in the dialog: the feedback card, or the draft dialog
    again with the coach's notice when there was nothing to judge."""
    feedback = next((r for r in replies if isinstance(r, Feedback)), None)
    notices = [r.text for r in replies if isinstance(r, Notice)]
    if feedback is None:
        return draft_dialog(lang, draft, notices=notices)
    assessment = feedback.assessment
    lang = feedback.lang
    actions = [submit(caption(lang, "check_again"), CHECK)]
    if assessment.rewrite:
        actions.append(
            submit(
                caption(lang, "insert_rewrite"),
                INSERT,
                style="positive",
                rewrite=assessment.rewrite,
            )
        )
    extra: list[Element] = [plain(text, color="Warning") for text in notices]
    extra.append(_draft_input(lang, draft))
    card = feedback_card(lang, assessment, feedback.text, extra=extra, actions=actions)
    return _dialog(lang, card)


def insert_result(text: str) -> MessagingExtensionActionResponse:
    """A card holding ``text`` for the compose box."""
    card = adaptive_card([plain(text)], fallback=text)
    return MessagingExtensionActionResponse(
        compose_extension=MessagingExtensionResult(
            type="result",
            attachment_layout="list",
            attachments=[
                MessagingExtensionAttachment(content_type=CARD_CONTENT_TYPE, content=card)
            ],
        )
    )


def error_dialog(lang: str) -> MessagingExtensionActionResponse:
    """A short friendly message in place of the dialog when something went wrong."""
    return MessagingExtensionActionResponse(
        task=TaskModuleMessageResponse(value=say(lang, "error"))
    )
