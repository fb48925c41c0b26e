"""Published answers, suggestions and search results as messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.texts import answers as t
from core.settings import Settings
from knowledge import Knowledge
from services.answers.base import DraftStart
from services.answers.form import LEGAL_BASIS_MAX_UNITS, QUESTION_MAX_UNITS, PublishDraft
from services.answers.search import Hit
from services.answers.templates import TemplateDraft
from services.text import MESSAGE_LIMIT, quote, shorten, split_text, tg_len, trim
from storage.models import AnswerStatus, AnswerTemplate, PublishedAnswer

SHORT = 160  # a question in a list of suggestions or results


def _local(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.tz).strftime("%d.%m.%Y")


def _fitted(build: Callable[[str], str], text: str, limit: int) -> str:
    """The message `build` makes with `text` in it (line breaks kept), that text trimmed if the message would
    not fit `limit` units. Measured as sent (tags and escapes count): never more than Telegram counts."""
    message = build(text)
    if tg_len(message) <= limit:
        return message
    # The longest start of the text that fits (escaping makes some characters longer as sent).
    low, high = 0, tg_len(text) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if tg_len(build(trim(text, middle))) <= limit:
            low = middle
        else:
            high = middle - 1
    return build(trim(text, low))


def answer_card(answer: PublishedAnswer, knowledge: Knowledge, settings: Settings) -> str:
    """The whole answer, its paragraphs as the lawyer wrote them (the form's limits make it fit one message)."""
    published = _local(answer.published_at, settings)
    updated = _local(answer.updated_at, settings)

    def card(text: str) -> str:
        shown = t.ANSWER_CARD.format(
            number=answer.id,
            topic=quote(knowledge.topic_title(answer.topic_code)),
            question=quote(answer.question),
            answer=quote(text),
            legal_basis=quote(answer.legal_basis or t.NO_LEGAL_BASIS),
            published=published,
            updated=t.ANSWER_UPDATED.format(updated=updated) if updated != published else "",
        )
        return shown + t.ANSWER_RETIRED_MARK if answer.status == AnswerStatus.RETIRED else shown

    return _fitted(card, answer.answer, MESSAGE_LIMIT)


def suggestions(hits: Sequence[Hit], knowledge: Knowledge) -> str:
    items = [
        t.SUGGESTION_ITEM.format(
            n=n,
            question=quote(shorten(hit.answer.question, SHORT)),
            topic=quote(knowledge.topic_title(hit.answer.topic_code)),
        )
        for n, hit in enumerate(hits, start=1)
    ]
    return "\n\n".join([t.SUGGESTIONS_HEADER, *items])


def results(header: str, answers: Sequence[PublishedAnswer]) -> str:
    items = [
        t.RESULT_ITEM.format(n=n, question=quote(shorten(answer.question, SHORT)))
        for n, answer in enumerate(answers, start=1)
    ]
    return "\n\n".join([header, *items])


def publish_summary(draft: PublishDraft, knowledge: Knowledge) -> str:
    """As the answer will be shown, paragraphs kept. Texts still over the form's limits (a long consultation)
    show their start and "…" (confirming says which to shorten)."""

    def summary(text: str) -> str:
        return t.PUBLISH_SUMMARY.format(
            topic=quote(knowledge.topic_title(draft.topic)),
            question=quote(trim(draft.question, QUESTION_MAX_UNITS + 1)),
            answer=quote(text),
            legal_basis=quote(trim(draft.legal_basis, LEGAL_BASIS_MAX_UNITS + 1) or t.NO_LEGAL_BASIS),
        )

    return _fitted(summary, draft.answer, MESSAGE_LIMIT - 200)  # the engine adds its hint (and an error) below


def draft_start(start: DraftStart) -> str:
    """The draft answer's start as the official will read it (plain text: the composer escapes it)."""
    if not start.legal_basis.strip():
        return start.text
    return f"{start.text}\n\n{t.LEGAL_BASIS_IN_DRAFT.format(legal_basis=start.legal_basis)}"


def similar_list(consultation_id: int, hits: Sequence[Hit]) -> str:
    if not hits:
        return t.SIMILAR_NONE.format(number=consultation_id)
    items = [
        t.RESULT_ITEM.format(n=f"№{hit.answer.id}", question=quote(shorten(hit.answer.question, SHORT))) for hit in hits
    ]
    return "\n\n".join([t.SIMILAR_HEADER.format(number=consultation_id), *items])


def template_list(templates: Sequence[AnswerTemplate], knowledge: Knowledge) -> str:
    """/templates: numbered under their topics (the buttons carry the same numbers)."""
    if not templates:
        return f"{t.TEMPLATES_LIST_HEADER}\n\n{t.TEMPLATES_LIST_EMPTY.format(new=t.BTN_NEW_TEMPLATE)}"
    lines = [t.TEMPLATES_LIST_HEADER]
    topic = None
    for n, template in enumerate(templates, start=1):
        if template.topic_code != topic:
            topic = template.topic_code
            lines.append("\n" + t.TEMPLATES_LIST_TOPIC.format(topic=quote(knowledge.topic_title(topic))))
        lines.append(t.TEMPLATES_LIST_ITEM.format(n=n, title=quote(template.title)))
    lines.append("\n" + t.TEMPLATES_LIST_HINT)
    text = "\n".join(lines)
    # Titles are short (a button's text); a very long list keeps its buttons and loses the tail of the text.
    return text if tg_len(text) <= MESSAGE_LIMIT else split_text(text, MESSAGE_LIMIT - 10)[0] + "\n…"


# A template's title and text are bounded when written (services/answers/templates.py): its card and the
# form's summary fit one message with room for a question or the engine's hint; line breaks are kept.


def template_card(template: AnswerTemplate, knowledge: Knowledge) -> str:
    return t.TEMPLATE_CARD.format(
        title=quote(template.title), topic=quote(knowledge.topic_title(template.topic_code)), text=quote(template.text)
    )


def template_summary(draft: TemplateDraft, knowledge: Knowledge) -> str:
    return t.TEMPLATE_SUMMARY.format(
        topic=quote(knowledge.topic_title(draft.topic)), title=quote(draft.title), text=quote(draft.text)
    )
