"""The one exception type for bad data, naming file, row and column."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """Malformed or inconsistent input data.

    The message always names the file and, where known, the row and the column,
    so that a user can open the file and fix it.

    Parameters
    ----------
    path : str or Path
        The file that holds the problem.
    problem : str
        What is wrong, in one sentence.
    row : int, optional
        The 1-based line number in the file (the header is line 1), or the
        1-based feature number in a vector layer.
    column : str, optional
        The column or field name.

    Examples
    --------
    >>> str(DataError("data/x.csv", "value is negative", row=4, column="milex"))
    'data/x.csv, row 4, column milex: value is negative'

    """

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = str(path)
        self.problem = problem
        self.row = row
        self.column = column
        where = [self.path]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        super().__init__(f"{', '.join(where)}: {problem}")
