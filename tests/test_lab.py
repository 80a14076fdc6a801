"""`make lab`: JupyterLab starts offline on 127.0.0.1, serves the lab and the project's kernel.

The lab has an environment of its own (``.venv-lab``), so the book's ``.venv`` stays as
``requirements.txt`` pins it.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from alliances import paths

REQUIRED = os.environ.get("ALLIANCES_REQUIRE_LAB") == "1" or os.environ.get("CI") == "true"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8", "replace")


def test_lab_serves_the_notebooks_with_the_project_kernel(tmp_path):
    if not (paths.ROOT / ".venv-lab" / ".installed").is_file():
        if REQUIRED:
            pytest.fail("JupyterLab is not installed: run `make lab-deps`")
        pytest.skip("JupyterLab is not installed (make lab-deps)")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    log = tmp_path / "lab.log"
    options = (f"--no-browser --allow-root --ServerApp.port={port} --ServerApp.port_retries=0 "
               f"--IdentityProvider.token={token}")
    with log.open("wb") as err:  # `make lab` itself, in a session of its own to stop it whole
        server = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={options}"],
                                  cwd=paths.ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=err, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, page = _get(f"{base}/lab?token={token}")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text(errors="replace")[-2000:]) from None
                time.sleep(0.5)
        assert status == 200 and "JupyterLab" in page
        _, specs = _get(f"{base}/api/kernelspecs?token={token}")
        kernels = json.loads(specs)["kernelspecs"]
        spec = kernels["python3"]["spec"]
        assert spec["display_name"] == "Python 3 (alliances)"
        # ... and that kernel runs the project's interpreter, where alliances is installed
        assert spec["argv"][0] == str(paths.ROOT / ".venv" / "bin" / "python")
        _, listing = _get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert {"nato.ipynb", "nato.md"} <= names
        # jupytext's contents manager is active: the .md text opens as the same notebook
        _, text = _get(f"{base}/api/contents/nato.md?token={token}&content=0")
        assert json.loads(text)["type"] == "notebook"
        # the lab runs in its own environment; the project's .venv has no JupyterLab in it
        assert not (paths.ROOT / ".venv" / "bin" / "jupyter-lab").exists()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
