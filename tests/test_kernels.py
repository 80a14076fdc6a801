"""Kernels listen on Unix sockets of their own, so kernels started at once cannot collide."""

from __future__ import annotations

import asyncio
import glob

from alliances import paths
from alliances.tooling import kernels

from .conftest import load_file


async def _run(code: str, cwd: str) -> tuple[str, str]:
    """Start a kernel in ``cwd``, run ``code``, shut it down; return its socket prefix and
    what it printed."""
    km = kernels.AsyncKernelManager(kernel_name="python3")
    await km.start_kernel(cwd=cwd)
    printed = []
    try:
        kc = km.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        await kc.execute_interactive(code, timeout=60, output_hook=lambda m: printed.append(
            m["content"].get("text", "")))
        kc.stop_channels()
    finally:
        await km.shutdown_kernel(now=True)
    return km.ip, "".join(printed)


async def _run_at_once(code: str, cwds: list[str]) -> list[tuple[str, str]]:
    return await asyncio.gather(*(_run(code, cwd) for cwd in cwds))


def test_kernels_started_at_once_each_get_their_own_sockets(tmp_path):
    # three kernels at once, one of them started in another directory
    runs = asyncio.run(_run_at_once("print(6 * 7)", [str(tmp_path), ".", str(tmp_path)]))
    prefixes = [prefix for prefix, _ in runs]
    assert [out for _, out in runs] == ["42\n"] * 3
    assert len(set(prefixes)) == 3
    assert all(prefix.startswith("/") for prefix in prefixes)
    assert not [f for prefix in prefixes for f in glob.glob(prefix + "-*")], "sockets left"


def test_a_kernel_manager_can_still_be_asked_for_tcp():
    assert kernels.KernelManager(transport="tcp").transport == "tcp"
    assert kernels.AsyncKernelManager().transport == "ipc"


def test_nbval_starts_its_kernels_through_the_private_sockets():
    load_file(paths.ROOT / "notebooks" / "conftest.py", "nbval_conftest")
    import nbval.kernel

    assert nbval.kernel.KernelManager is kernels.KernelManager
