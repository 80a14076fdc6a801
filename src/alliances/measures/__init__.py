"""What the book computes: membership, spending, economy, borders, arms, votes, claims.

Each module reads the curated files through :mod:`alliances.io` and returns plain data
(data frames, dataclasses, numbers); none draws, prints or writes. The layers above,
:mod:`alliances.presentation` and :mod:`alliances.tooling`, call these functions; nothing
here imports from them. Import the modules themselves (``from alliances.measures import
spending``): this package loads none of them, so a command pays only for what it uses.
"""
