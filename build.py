#!/usr/bin/env python3
"""Katalog Inovasi: build, check or preview the catalogue. ``python build.py --help``.

The entry point; the command line itself is katalog/cli.py (also installed as the
``katalog`` command by ``pip install .``).
"""
from __future__ import annotations

import sys

from katalog.cli import COMMANDS, main  # noqa: F401  (COMMANDS: tests list the commands)

if __name__ == "__main__":
    sys.exit(main())
