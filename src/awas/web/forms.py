"""Validation of form submissions that are assembled before they fit a model (several fields into one
entry): pydantic errors become an `InputError` naming each field, never echoing the value."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from awas.errors import InputError, InputProblem

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: Any, source: str) -> M:
    """`data` as `model`; InputError with one problem per invalid field otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            InputProblem(source, err["msg"], field=".".join(str(p) for p in err["loc"]) or None)
            for err in exc.errors(include_url=False, include_input=False)
        ]
        raise InputError(problems, f"{source}: input tidak valid") from None
