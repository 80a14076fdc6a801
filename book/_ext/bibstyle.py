"""Sphinx extension: the bibliography keeps titles as they are written in references.bib.

pybtex's ``plain`` style puts article and report titles in sentence case by lower-casing
everything after the first letter, so "Georgia's region", "the North Atlantic Treaty" or
"24-30 March 1999" print as "georgia's region", "the north atlantic treaty", "24-30 march
1999" unless every proper noun is braced. The ``plain_keepcase`` style registered here is
``plain`` with titles printed as written (and a master's thesis with its own ``type``);
``_config.yml`` selects it.
"""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import ClassVar

from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as Plain
from pybtex.style.formatting.unsrt import date
from pybtex.style.template import field, optional, optional_field, sentence


def fingerprint(label: str, entry) -> str:
    """Return what a formatted entry depends on besides the style: label, type, fields, names.

    Examples
    --------
    >>> from pybtex.database import Entry, Person
    >>> names = {"author": [Person("Ingimarsdóttir, Brynhildur")]}
    >>> a = Entry("mastersthesis", fields={"title": "T", "year": "2011"}, persons=names)
    >>> b = Entry("mastersthesis", fields={"year": "2011", "title": "T"}, persons=names)
    >>> fingerprint("1", a) == fingerprint("1", b) != fingerprint("2", a)
    True
    >>> fingerprint("1", a) != fingerprint("1", Entry("mastersthesis", fields=a.fields))
    True
    """
    names = {role: [(p.first_names, p.middle_names, p.prelast_names, p.last_names,
                     p.lineage_names) for p in people] for role, people in entry.persons.items()}
    return repr((label, entry.key, entry.type, sorted(entry.fields.items()),
                 sorted(names.items())))


class KeepCase(Plain):
    """pybtex's ``plain`` style, titles as written."""

    #: Formatted entries by :func:`fingerprint`, shared by every instance: sphinxcontrib-bibtex
    #: makes a style for each bibliography and formats each entry twice (list and tooltip).
    formatted: ClassVar[dict] = {}
    #: What the previous build formatted (:func:`keep_formatting`); what this build uses of it
    #: moves to :attr:`formatted`, so entries no longer cited are not carried along.
    previous: ClassVar[dict] = {}

    def format_entry(self, label, entry, bib_data=None):
        """Return ``plain``'s formatted entry, formatted once for each label and entry."""
        if bib_data is not None:  # cross-references: not cached
            return super().format_entry(label, entry, bib_data)
        key = fingerprint(label, entry)
        found = self.formatted.get(key) or self.previous.get(key)
        if found is None:
            found = super().format_entry(label, entry)
        self.formatted[key] = found
        return found

    def format_title(self, e, which_field, as_sentence=True):
        """Return the title field unchanged (no sentence-casing)."""
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def get_misc_template(self, e):
        """``plain``'s template for ``@misc``, without a date that ``howpublished`` gives."""
        published = e.fields.get("howpublished", "")
        dated = not ("year" in e.fields and str(e.fields["year"]) in published)
        where = (sentence[optional[field("howpublished")], optional[date]] if dated
                 else sentence[optional[field("howpublished")]])
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            where,
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


    def get_mastersthesis_template(self, e):
        """``plain``'s template for ``@mastersthesis``, with the ``type`` field when given.

        ``plain`` always prints "Master's thesis"; an entry's ``type`` (for instance "MA
        thesis in International Relations") says more and is printed instead.
        """
        kind = field("type") if "type" in e.fields else "Master's thesis"
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[kind, field("school"), optional_field("address"), date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def snapshot_entry_points() -> None:
    """Let pybtex and sphinxcontrib-bibtex find their plugins in one snapshot of the entry points.

    Both look a plugin (a style, a name format, a backend) up among the installed
    distributions' entry points each time they need it, about 190 times in a build of the
    book, and ``importlib.metadata`` reads every distribution's metadata again on each call (it
    keeps no cache; compare pygments/pygments#2979). That took about 2 s of an 8.5 s build.
    Nothing is installed while Sphinx runs, so the entry points read once here serve every
    lookup; plugins registered at run time (``register_plugin``) are looked up first, as before.
    """
    import importlib.metadata

    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    snapshot = importlib.metadata.entry_points()

    def entry_points(**params):
        return snapshot.select(**params)

    pybtex.plugin.entry_points = entry_points
    sphinxcontrib.bibtex.plugin.entry_points = entry_points


def decode_latex_once(decoded: dict[str, str] | None = None) -> dict[str, str]:
    """Have pybtex decode each distinct LaTeX string of the bibliography once.

    The style turns every field it prints into text through ``Text.from_latex``, which decodes
    the LaTeX (accents, escaped characters) with latexcodec one character at a time. With
    each entry formatted once (:meth:`KeepCase.format_entry`), a clean build still asks for
    about 1,400 decodes of some 1,100 distinct strings (names, publishers and journals recur);
    this saves the repeats, about 0.08 s. A decoded string depends on its LaTeX string alone,
    so it is kept in ``decoded`` (returned). Parsing stays per call, so no two entries share
    a text object.
    """
    import codecs

    import latexcodec  # noqa: F401  (registers the "ulatex" codec)
    import pybtex.richtext
    from pybtex.markup import LaTeXParser

    decoded = {} if decoded is None else decoded

    def decode(latex: str) -> str:
        if latex not in decoded:
            decoded[latex] = codecs.decode(latex, "ulatex")
        return decoded[latex]

    def from_latex(cls, latex):
        return LaTeXParser(decode(latex)).parse()

    pybtex.richtext.Text.from_latex = classmethod(from_latex)
    return decoded


def recipe() -> str:
    """Return a digest of what formatting depends on besides the entries.

    This file's code and the versions of pybtex and latexcodec: formatted entries kept from a
    build with another recipe are not used.
    """
    code = Path(__file__).read_bytes()
    return hashlib.sha256(code + f"{version('pybtex')} {version('latexcodec')}".encode()
                          ).hexdigest()


def keep_formatting(app) -> None:
    """Use the formatted entries the last build kept in the environment (``builder-inited``).

    sphinxcontrib-bibtex formats the whole bibliography again in every build, whichever page
    changed (about 0.4 s of a one-page rebuild). Sphinx saves the environment after reading
    and loads it for the next build, so the entries formatted in one build serve the next, as
    long as :func:`recipe` is the same; an entry whose fields changed has another
    :func:`fingerprint` and is formatted again.
    """
    kept = getattr(app.env, "bibstyle_formatted", None)
    now = recipe()
    KeepCase.previous = kept[1] if isinstance(kept, tuple) and kept[0] == now else {}
    KeepCase.formatted = {}
    app.env.bibstyle_formatted = (now, KeepCase.formatted)


def setup(app):
    """Register the style with pybtex."""
    snapshot_entry_points()
    decode_latex_once()
    app.connect("builder-inited", keep_formatting)
    register_plugin("pybtex.style.formatting", "plain_keepcase", KeepCase)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
