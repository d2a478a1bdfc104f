"""Problems found in a site's files, kept as values so every caller can show them its own way."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the site folder, with forward slashes
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


@dataclass
class Problems:
    """Errors and warnings of one run, collected rather than raised, so all of them are reported."""

    items: list[Problem] = field(default_factory=list)
    _seen: set[Problem] = field(default_factory=set, repr=False, compare=False)

    def error(self, path: str, line: int, message: str) -> None:
        self._add(Problem(path, max(line, 1), message))

    def warn(self, path: str, line: int, message: str) -> None:
        self._add(Problem(path, max(line, 1), message, warning=True))

    def extend(self, other: Problems) -> None:
        for problem in other.items:
            self._add(problem)

    def _add(self, problem: Problem) -> None:
        """Each problem once, however many pages or files meet it."""
        if problem not in self._seen:
            self._seen.add(problem)
            self.items.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Problem]:
        """Stable report order: by file, then line, so output does not depend on discovery order."""
        return sorted(dict.fromkeys(self.items))

    def count_line(self) -> str:
        return f"{plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')}"


class BuildError(Exception):
    """Raised by the writer when the output cannot be written (disk full, no permission)."""


def plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"
