"""Docs ship with the code: every CLI command is in the README, and the Quickstart has two commands."""

from __future__ import annotations

import re
from pathlib import Path

from argmap.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_docs_every_command_is_in_the_readme():
    for name, command in main.commands.items():
        assert f"argmap {name}" in README, f"'argmap {name}' is not documented in README.md"
        sub = getattr(command, "commands", {})
        for subname in sub:
            assert f"{name} {subname}" in README or f"`{subname}`" in README, f"'argmap {name} {subname}' undocumented"


def test_docs_quickstart_is_exactly_two_commands():
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    commands = [line for line in blocks[0].splitlines() if line.strip() and not line.strip().startswith("#")]
    assert len(commands) == 2
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    test_command = commands[1].split("#")[0].strip()
    assert test_command.split()[0] in ci and "test" in ci  # CI calls the README's test command
