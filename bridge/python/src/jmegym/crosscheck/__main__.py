"""``python -m jmegym.crosscheck``: one argparse subcommand per module of this package."""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

# Each name is a module of this package exposing add_parser(subparsers), which adds the subcommand of that name, and
# run(args) -> int. A module that does not exist leaves its subcommand out; adding a subcommand is one name here.
SUBCOMMANDS = ("env", "curves", "ppo", "trpo")


def _modules() -> dict[str, ModuleType]:
    found = {}
    for name in SUBCOMMANDS:
        try:
            found[name] = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.{name}":  # the module exists but lacks a dependency: say so
                raise
    return found


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    """The command line's parser and the subcommands' modules by name."""
    modules = _modules()
    parser = argparse.ArgumentParser(
        prog="python -m jmegym.crosscheck",
        description="Cross-check jmegym's Java envs and trainers against Gymnasium and Stable-Baselines3.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{" + ",".join(modules) + "}")
    for module in modules.values():
        module.add_parser(sub)
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    """Parses ``argv`` (default: ``sys.argv[1:]``), runs the subcommand and returns its exit code (0 agree, 1 a
    difference, 2 bad input)."""
    parser, modules = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help exits 0, a usage error 2 (argparse's code is the package's bad-input code)
        return int(e.code or 0)
    return int(modules[args.command].run(args))


if __name__ == "__main__":
    sys.exit(main())
