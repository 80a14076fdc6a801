"""Allow ``python -m alliances``."""

from alliances.tooling.cli import main

raise SystemExit(main())
