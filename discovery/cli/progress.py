"""The one progress display of the command line: a tqdm bar on stderr, only on a terminal.

Long work reports ``(done, total)`` with :class:`Progress`; the bar shows the fraction, the
rate, the elapsed time and an ETA extrapolated from the measured rate, plus any extra fields
(``verified=12``).  When stderr is not a terminal (scripts, CI, pipes) nothing is printed, so
JSON and CSV on stdout stay clean.

>>> import io
>>> with Progress("pairs", total=10, enabled=True, file=io.StringIO()) as bar:
...     bar(4, 10, verified=1)
...     bar(10, 10, verified=2)
>>> bar.done, bar.extra
(10, {'verified': 2})
"""

from __future__ import annotations

import sys
from typing import IO, Any


class Progress:
    """A progress bar over ``total`` items of ``unit``; call it with the absolute count done."""

    def __init__(self, unit: str, total: int | None = None, *, label: str | None = None,
                 enabled: bool | None = None, file: IO[str] | None = None) -> None:
        self.file = file if file is not None else sys.stderr
        self.enabled = self.file.isatty() if enabled is None else enabled
        self.unit, self.label, self.total = unit, label, total
        self.done = 0
        self.extra: dict[str, Any] = {}
        self._bar: Any = None

    def _open(self) -> Any:
        from tqdm import tqdm  # imported on first use: the CLI starts without it

        self._bar = tqdm(total=self.total, unit=f" {self.unit}", unit_scale=True, desc=self.label,
                         file=self.file, dynamic_ncols=True, leave=True, mininterval=0.2)
        return self._bar

    def __call__(self, done: int, total: int | None = None, /, **extra: Any) -> None:
        """Move the bar to ``done`` of ``total`` (given or as before), with extra fields shown."""
        self.done, self.extra = done, extra
        if total is not None:
            self.total = total
        if not self.enabled:
            return
        bar = self._bar or self._open()
        if total is not None and bar.total != total:
            bar.total = total
        if extra:
            bar.set_postfix(extra, refresh=False)
        bar.update(done - bar.n)

    def stage(self, text: str) -> None:
        """Show what is being computed now (experiments with named stages)."""
        if self.enabled:
            (self._bar or self._open()).set_description_str(text, refresh=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
