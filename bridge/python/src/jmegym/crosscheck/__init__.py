"""Cross-checks of jmegym's Java side against its Python references, as a command-line tool.

``python -m jmegym.crosscheck SUBCOMMAND ...``: ``env`` steps a Gymnasium env and a Java env side by side (or replays
a ``jmegym rollout --trace``) and reports the first difference; ``curves`` trains the Java trainer and
Stable-Baselines3 / sb3-contrib over several seeds and compares the learning curves with a Mann-Whitney U test.
Each subcommand is a module exposing ``add_parser(subparsers)`` and ``run(args) -> int`` (0: agree, 1: a
difference, 2: bad input); see docs/crosscheck.md.
"""
