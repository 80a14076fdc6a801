"""Kernel managers whose kernels listen on Unix sockets of their own, not on TCP ports.

Over TCP, jupyter_client picks a kernel's five ports by binding to port 0 and closing the
sockets; the kernel binds them again a second or two later, once it has started. Any process
that binds a port in that window can take one first, and the kernel then dies with "Address
already in use" (jupyter/jupyter_client#154). ``make test`` starts kernels in several
processes at once (nbval's two workers, the repro tests' notebook runs), and it happened.

A Unix socket under a path made from a random UUID cannot be taken by anyone else, so the
kernels started here (:func:`alliances.tooling.notebooks.execute` through nbclient, and
nbval through ``notebooks/conftest.py``) use ``transport="ipc"`` with such a path, absolute
so that a kernel started in another working directory finds the same sockets. The socket
files are removed when the kernel shuts down.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

import jupyter_client


def private_socket_path() -> str:
    """Return a new absolute path prefix for one kernel's sockets (``<prefix>-1`` ...).

    Examples
    --------
    >>> a, b = private_socket_path(), private_socket_path()
    >>> Path(a).is_absolute() and a != b
    True
    """
    return str(Path(tempfile.gettempdir()) / f"alliances-kernel-{uuid.uuid4().hex}")


class _PrivateSockets:
    """Default a kernel manager to Unix sockets under :func:`private_socket_path`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        if kwargs["transport"] == "ipc":
            kwargs.setdefault("ip", private_socket_path())
        super().__init__(**kwargs)


class KernelManager(_PrivateSockets, jupyter_client.KernelManager):
    """jupyter_client's ``KernelManager`` over private Unix sockets (what nbval uses)."""


class AsyncKernelManager(_PrivateSockets, jupyter_client.AsyncKernelManager):
    """jupyter_client's ``AsyncKernelManager`` over private Unix sockets (what nbclient uses)."""
