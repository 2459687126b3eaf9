"""The one error the notice parser raises, whatever part of the notice is at fault."""

from __future__ import annotations


class NoticeParseError(ValueError):
    """A notice could not be parsed; the message names the field or line and the problem."""

    def __init__(self, problem: str, *, field: str | None = None, line: int | None = None) -> None:
        self.problem = problem
        self.field = field
        self.line = line
        super().__init__(f"line {line}: {problem}" if line is not None else problem)

    def __reduce__(self) -> tuple:
        # Pickled whole (keyword arguments too), so a worker process can hand it back.
        return (_rebuild, (self.problem, self.field, self.line))


def _rebuild(problem: str, field: str | None, line: int | None) -> NoticeParseError:
    return NoticeParseError(problem, field=field, line=line)
