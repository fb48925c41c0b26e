"""aiogram reads each Bot API answer with a pydantic generic class built per return type; once built it is kept."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from aiogram.methods import SendChatAction
from aiogram.methods.base import Response
from pydantic._internal import _generics

from bot.telegram_calls import keep_response_model


def _read_answer(returning: Any) -> None:
    # As aiogram's BaseSession.check_response does it: inside a function, the class referenced nowhere else.
    Response[returning]


def _builds(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    built: list[Any] = []
    real = _generics.create_generic_submodel

    def counting(*args: Any, **kwargs: Any) -> Any:
        built.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(_generics, "create_generic_submodel", counting)
    return built


def test_a_kept_response_class_survives_garbage_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    built = _builds(monkeypatch)
    method = SendChatAction(chat_id=1, action="typing")
    keep_response_model(method)
    for _ in range(5):
        gc.collect()
        _read_answer(method.__returning__)
    assert len(built) <= 1


def test_without_keeping_pydantic_builds_the_class_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The reason for keep_response_model: if pydantic ever keeps these itself, this fails and the helper can go.
    built = _builds(monkeypatch)
    returning = tuple[int, str, float]  # no Bot API method returns this: nothing else keeps its class
    for _ in range(3):
        _read_answer(returning)
        gc.collect()
    assert len(built) == 3
