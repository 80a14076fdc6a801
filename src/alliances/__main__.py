"""Allow ``python -m alliances``."""

from alliances.cli import main

raise SystemExit(main())
