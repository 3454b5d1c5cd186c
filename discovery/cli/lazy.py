"""A click group whose subcommands are imported only when they are used.

The ``esma`` group and ``esma experiment`` both list their commands as
``name -> (module, attribute, one-line help)``; nothing of the engine (numba, mpmath, gmpy2) is
imported until a command actually runs, so every ``--help`` answers instantly.

>>> import click
>>> group = LazyGroup(name="demo", commands={"echo": ("click", "echo", "not a command")})
>>> group.list_commands(None)
['echo']
"""

from __future__ import annotations

import importlib

import click

CommandTable = dict[str, tuple[str, str, str]]


class LazyGroup(click.Group):
    """A click group built from a :data:`CommandTable`; each module is imported on first use."""

    def __init__(self, *args, commands: CommandTable | None = None, section: str = "Commands",
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands: CommandTable = dict(commands or {})
        self.section = section

    def list_commands(self, ctx: click.Context | None) -> list[str]:
        return sorted(self.lazy_commands)

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        spec = self.lazy_commands.get(cmd_name)
        if spec is None:
            return None
        return getattr(importlib.import_module(spec[0]), spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, self.lazy_commands[name][2]) for name in self.list_commands(ctx)]
        with formatter.section(self.section):
            formatter.write_dl(rows)
