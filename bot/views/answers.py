"""Published answers, suggestions and search results as messages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.texts import answers as t
from core.settings import Settings
from knowledge import Knowledge
from services.answers.form import PublishDraft
from services.answers.search import Hit
from services.answers.templates import TemplateDraft
from services.text import MESSAGE_LIMIT, quote, shorten, split_text, tg_len
from storage.models import AnswerStatus, AnswerTemplate, PublishedAnswer

SHORT = 160  # a question in a list of suggestions or results


def _local(moment: datetime, settings: Settings) -> str:
    return moment.astimezone(settings.tz).strftime("%d.%m.%Y")


def answer_card(answer: PublishedAnswer, knowledge: Knowledge, settings: Settings) -> str:
    published = _local(answer.published_at, settings)
    updated = _local(answer.updated_at, settings)
    text = t.ANSWER_CARD.format(
        number=answer.id,
        topic=quote(knowledge.topic_title(answer.topic_code)),
        question=quote(answer.question),
        answer=quote(answer.answer),
        legal_basis=quote(answer.legal_basis or t.NO_LEGAL_BASIS),
        published=published,
        updated=t.ANSWER_UPDATED.format(updated=updated) if updated != published else "",
    )
    if answer.status == AnswerStatus.RETIRED:
        text += t.ANSWER_RETIRED_MARK
    return shorten(text, MESSAGE_LIMIT)


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
    text = t.PUBLISH_SUMMARY.format(
        topic=quote(knowledge.topic_title(draft.topic)),
        question=quote(draft.question),
        answer=quote(draft.answer),
        legal_basis=quote(draft.legal_basis or t.NO_LEGAL_BASIS),
    )
    return shorten(text, MESSAGE_LIMIT - 200)  # the engine adds its hint below


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
