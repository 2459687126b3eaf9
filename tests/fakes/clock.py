"""Time for the host clocks' tests: `now` moves only when slept (or passed on by hand), and
what was slept is kept to assert on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class FakeTime:
    at: float = 1000.0
    slept: list[float] = field(default_factory=list)
    on_sleep: Callable[[], None] = lambda: None  # what happens meanwhile (a lease taken)

    def now(self) -> float:
        return self.at

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.at += seconds
        self.on_sleep()
