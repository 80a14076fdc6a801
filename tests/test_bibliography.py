"""The bibliography page prints two generated lists, works cited in the text and sources of the
data tables, and nothing that neither the text nor the data cites.

The lists are chosen by the ``:filter:`` options of ``book/bibliography.md`` (the second filled
in by ``book/_ext/bibsources.py``); the tests evaluate those filters with sphinxcontrib-bibtex's
own filter code, so they check what the build prints without running it.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from pybtex.database import parse_file

from .conftest import load_file

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "book" / "references.bib"
PAGE = ROOT / "book" / "bibliography.md"


ext = load_file(ROOT / "book" / "_ext" / "bibsources.py")


def _text_sources() -> list[Path]:
    """The MyST sources of the book's pages (the chapters' .md twins and book/*.md)."""
    return sorted([*ROOT.glob("notebooks/*.md"), *ROOT.glob("book/*.md")])


def _sections(source: str) -> dict[str, str]:
    """Heading of each ## section -> the :filter: of the bibliography directive inside it."""
    found = {}
    for heading, body in re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", source, re.S | re.M):
        directive = re.search(r"```\{bibliography\}\n(.*?)```", body, re.S)
        if directive:
            options = dict(re.findall(r"^:(\w+):\s*(.*)$", directive.group(1), re.M))
            found[heading.strip()] = options
    return found


@pytest.fixture(scope="module")
def printed() -> dict[str, set[str]]:
    """Keys each list of the page prints, by section heading, as the build would choose them."""
    from sphinxcontrib.bibtex.domain import _FilterVisitor

    app = SimpleNamespace(srcdir=str(ROOT), env=SimpleNamespace(),
                          config=SimpleNamespace(bibtex_bibfiles=["book/references.bib"]))
    source = [PAGE.read_text(encoding="utf-8")]
    ext.fill_placeholder(app, ext.DOCNAME, source)
    cited = ext.text_citations(_text_sources())
    import ast

    result = {}
    for heading, options in _sections(source[0]).items():
        tree = ast.parse(options["filter"])
        keys = set()
        for key, entry in parse_file(str(BIB)).entries.items():
            visitor = _FilterVisitor(entry=entry, docname=ext.DOCNAME,
                                     cited_docnames=set(cited.get(key, [])))
            if visitor.visit(tree):
                keys.add(key)
        result[heading] = keys
    return result


def test_page_has_two_generated_lists_and_no_all():
    source = PAGE.read_text(encoding="utf-8")
    assert ":all:" not in source
    sections = _sections(source)
    assert list(sections) == ["Works cited", "Sources of the data tables"]
    assert sections["Works cited"]["filter"] == "cited"
    assert ext.PLACEHOLDER in sections["Sources of the data tables"]["filter"]
    assert "bibsources: book/_ext" in (ROOT / "_config.yml").read_text(encoding="utf-8")


def test_every_printed_entry_is_cited_by_the_text_or_the_data(printed):
    text = set(ext.text_citations(_text_sources()))
    data = set(ext.data_citations(BIB, ROOT / "data"))
    works, sources = printed["Works cited"], printed["Sources of the data tables"]
    everything = set(parse_file(str(BIB)).entries)
    assert works == text & everything  # every work the text cites, and only those
    assert sources == data - text  # the data's sources the text does not cite
    assert not works & sources  # nothing printed twice
    unprinted = everything - works - sources
    assert not unprinted & (text | data)
    assert len(works) >= 100 and len(sources) >= 40  # both lists are really filled


def test_every_cited_key_exists():
    keys = set(parse_file(str(BIB)).entries)
    cited = ext.text_citations(_text_sources())
    missing = {k: v for k, v in cited.items() if k not in keys}
    assert not missing, missing


def test_data_citations_by_url_and_by_key(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("""
@misc{byurl2020, title = {A}, url = {https://www.example.org/page/}}
@misc{bykey2021, title = {B}, url = {https://example.org/other}}
@misc{unused2022, title = {C}, url = {https://example.org/unused}}
@misc{nourl2023, title = {D}}
""", encoding="utf-8")
    data = tmp_path / "data"
    (data / "set").mkdir(parents=True)
    (data / "set" / "table.csv").write_text(
        "source,source_url,note\nA,http://example.org/page.,\"see (bib key bykey2021)\"\n",
        encoding="utf-8")
    (data / "set" / "table.bin").write_text("https://example.org/unused nourl2023",
                                            encoding="utf-8")  # not a file that names sources
    assert ext.data_citations(bib, data) == {"byurl2020": ["data/set/table.csv"],
                                             "bykey2021": ["data/set/table.csv"]}


def test_placeholder_filled_only_on_the_bibliography_page():
    app = SimpleNamespace(srcdir=str(ROOT), env=SimpleNamespace(),
                          config=SimpleNamespace(bibtex_bibfiles=["book/references.bib"]))
    other = [f"key in {ext.PLACEHOLDER}"]
    ext.fill_placeholder(app, "book/theory", other)
    assert other == [f"key in {ext.PLACEHOLDER}"]
    page = [f":filter: not cited and key in {ext.PLACEHOLDER}"]
    ext.fill_placeholder(app, ext.DOCNAME, page)
    assert ext.PLACEHOLDER not in page[0] and '"sipri2025"' in page[0]
    assert app.env.bibsources_keys  # remembered, so a change of the data re-reads the page
    env = SimpleNamespace(found_docs={ext.DOCNAME}, bibsources_keys=app.env.bibsources_keys,
                          bibsources_digest=app.env.bibsources_digest)
    assert ext.reread_when_data_change(app, env, set(), set(), set()) == []
    env.bibsources_keys = ["something else"]  # not looked at: no file changed since
    assert ext.reread_when_data_change(app, env, set(), set(), set()) == []
    env.bibsources_digest = "files changed"
    assert ext.reread_when_data_change(app, env, set(), set(), set()) == [ext.DOCNAME]
    env.bibsources_keys = app.env.bibsources_keys  # files changed, the keys did not
    assert ext.reread_when_data_change(app, env, set(), set(), set()) == []
    assert env.bibsources_digest == app.env.bibsources_digest


def test_bibtex_plugins_are_looked_up_in_one_snapshot_of_the_entry_points(monkeypatch):
    """book/_ext/bibstyle.py: pybtex and sphinxcontrib-bibtex find the same plugins as before,
    without reading the installed distributions' metadata again for each lookup."""
    import importlib.metadata

    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    bibstyle = load_file(ROOT / "book" / "_ext" / "bibstyle.py")
    expected = {ep.name: ep.load() for ep in importlib.metadata.entry_points(
        group="pybtex.style.formatting")}
    for module in (pybtex.plugin, sphinxcontrib.bibtex.plugin):  # undone after the test
        monkeypatch.setattr(module, "entry_points", module.entry_points)
    bibstyle.snapshot_entry_points()

    def unread(*args, **kwargs):
        raise AssertionError("the installed distributions were read again")

    monkeypatch.setattr(importlib.metadata, "distributions", unread)
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain") is expected["plain"]
    assert pybtex.plugin.find_plugin("pybtex.style.names", "lastfirst")
    assert sphinxcontrib.bibtex.plugin.find_plugin("sphinxcontrib.bibtex.style.referencing",
                                                   "author_year")
    with pytest.raises(pybtex.plugin.PluginNotFound):
        pybtex.plugin.find_plugin("pybtex.style.formatting", "no_such_style")


def test_each_latex_string_is_decoded_once_and_as_pybtex_decodes_it(monkeypatch):
    """book/_ext/bibstyle.py: ``Text.from_latex`` gives what pybtex gives, decoding a string
    once however often the style asks for it."""
    import codecs

    import pybtex.richtext

    bibstyle = load_file(ROOT / "book" / "_ext" / "bibstyle.py")
    samples = ["Ingimarsd{\\'o}ttir", "{NATO} and the {CSTO}", "24--30 March \\& after", "plain"]
    before = [pybtex.richtext.Text.from_latex(s) for s in samples]
    monkeypatch.setattr(pybtex.richtext.Text, "from_latex", pybtex.richtext.Text.from_latex)
    store = {"plain": "plain"}  # what an earlier build decoded
    assert bibstyle.decode_latex_once(store) is store
    decoded = []
    monkeypatch.setattr(codecs, "decode", lambda s, codec: decoded.append(s) or
                        codecs.lookup(codec).decode(s)[0])
    after = [pybtex.richtext.Text.from_latex(s) for s in samples * 3]
    assert after == before * 3
    assert after[0] is not after[len(samples)]  # a text object of its own each time
    assert sorted(decoded) == sorted(samples[:-1])  # once each, none decoded before
    assert set(store) == set(samples)  # kept for the next build
    assert str(after[0]) == "Ingimarsdóttir"


def test_each_entry_is_formatted_once_and_kept_for_the_next_build(monkeypatch):
    """book/_ext/bibstyle.py: the list and the tooltip share one formatting; the next build
    reuses it from the environment unless the entry, its label or the recipe changed."""
    bibstyle = load_file(ROOT / "book" / "_ext" / "bibstyle.py")
    entry = parse_file(str(BIB)).entries["thesis2011"]
    app = SimpleNamespace(env=SimpleNamespace())
    bibstyle.keep_formatting(app)  # a first build: nothing kept
    style = bibstyle.KeepCase()
    first = style.format_entry("Ing11", entry)
    assert bibstyle.KeepCase().format_entry("Ing11", entry) is first  # another instance
    assert "Ingimarsdóttir" in first.text.render_as("text")
    assert app.env.bibstyle_formatted[1] == {bibstyle.fingerprint("Ing11", entry): first}

    bibstyle.keep_formatting(app)  # the next build, same environment
    assert bibstyle.KeepCase().format_entry("Ing11", entry) is first
    assert bibstyle.KeepCase().format_entry("Ing2011", entry) is not first  # another label
    edited = parse_file(str(BIB)).entries["thesis2011"]
    edited.fields["title"] = "Another title"
    assert "Another title" in style.format_entry("Ing11", edited).text.render_as("text")

    monkeypatch.setattr(bibstyle, "recipe", lambda: "the style's code changed")
    bibstyle.keep_formatting(app)
    again = bibstyle.KeepCase().format_entry("Ing11", entry)
    assert again is not first and again.text.render_as("text") == first.text.render_as("text")
    assert list(app.env.bibstyle_formatted[1].values()) == [again]  # nothing stale carried
