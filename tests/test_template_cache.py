"""book/_ext/template_cache.py: a template compiled in one build is loaded in the next."""

from __future__ import annotations

from types import SimpleNamespace

import jinja2
import pytest

from alliances.paths import ROOT

from .conftest import load_file

ext = load_file(ROOT / "book" / "_ext" / "template_cache.py")


def _app(tmp_path, templates):
    loader = jinja2.DictLoader(templates)
    environment = jinja2.Environment(loader=loader, autoescape=True)
    builder = SimpleNamespace(templates=SimpleNamespace(environment=environment))
    return SimpleNamespace(builder=builder, doctreedir=str(tmp_path / ".doctrees"))


def test_templates_compiled_once_across_builds(tmp_path, monkeypatch):
    first = _app(tmp_path, {"page.html": "<p>{{ title }}</p>"})
    ext.cache_compiled_templates(first)
    env = first.builder.templates.environment
    assert env.get_template("page.html").render(title="A") == "<p>A</p>"
    assert list((tmp_path / ".doctrees" / "jinja").iterdir()), "nothing kept"

    second = _app(tmp_path, {"page.html": "<p>{{ title }}</p>"})  # the next build
    ext.cache_compiled_templates(second)

    def compile_again(*args, **kwargs):
        raise AssertionError("compiled again")

    with monkeypatch.context() as patch:
        patch.setattr(jinja2.Environment, "compile", compile_again)
        assert second.builder.templates.environment.get_template(
            "page.html").render(title="B") == "<p>B</p>"

    edited = _app(tmp_path, {"page.html": "<h1>{{ title }}</h1>"})  # an edited template
    ext.cache_compiled_templates(edited)
    assert edited.builder.templates.environment.get_template(
        "page.html").render(title="C") == "<h1>C</h1>"


@pytest.mark.parametrize("builder", [SimpleNamespace(), SimpleNamespace(templates=None)])
def test_builders_without_templates_are_left_alone(tmp_path, builder):
    ext.cache_compiled_templates(SimpleNamespace(builder=builder, doctreedir=str(tmp_path)))
    assert not (tmp_path / "jinja").exists()
