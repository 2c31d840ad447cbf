"""Reading a JSON input file (a report, a finding, a supplement) with clear errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from awas.errors import InputError, InputProblem

MAX_INPUT_BYTES = 2 * 1024 * 1024  # a report form is a few KB; attachments travel separately


def read_json_object(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> dict[str, Any]:
    """The JSON object in `path`; InputError naming the file (and line) for anything else."""
    name = str(path)
    if not path.is_file():
        raise InputError(InputProblem(name, "file not found"))
    if path.stat().st_size > max_bytes:
        raise InputError(InputProblem(name, f"file is larger than {max_bytes // 1024} KB"))
    data = path.read_bytes()
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            InputProblem(name, f"not valid UTF-8 (byte offset {exc.start})", line=line)
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(InputProblem(name, f"not valid JSON: {exc.msg}", line=exc.lineno)) from None
    if not isinstance(document, dict):
        raise InputError(InputProblem(name, "must be a JSON object"))
    return document
