"""Sphinx extension: the bibliography keeps titles as they are written in references.bib.

pybtex's ``plain`` style puts article and report titles in sentence case by lower-casing
everything after the first letter, so "Georgia's region", "the North Atlantic Treaty" or
"24-30 March 1999" print as "georgia's region", "the north atlantic treaty", "24-30 march
1999" unless every proper noun is braced. The ``plain_keepcase`` style registered here is
``plain`` with titles printed as written (and a master's thesis with its own ``type``);
``_config.yml`` selects it.
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as Plain
from pybtex.style.formatting.unsrt import date
from pybtex.style.template import field, optional, optional_field, sentence


class KeepCase(Plain):
    """pybtex's ``plain`` style, titles as written."""

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
    the LaTeX (accents, escaped characters) with latexcodec one character at a time: about
    3,000 calls on some 1,000 distinct strings, 1 s of a clean build, and 0.5 s of every
    rebuild (sphinxcontrib-bibtex formats the whole bibliography again whenever a page
    changes). A decoded string depends on its LaTeX string alone, so it is kept in
    ``decoded`` (returned; the build keeps it in its environment, from one build to the next).
    Parsing stays per call, so no two entries share a text object.
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


def keep_decoded_latex(app) -> None:
    """Decode through the environment's store of decoded strings (at ``builder-inited``).

    Sphinx saves the environment after reading and loads it for the next build.
    """
    decoded = getattr(app.env, "bibstyle_decoded_latex", None)
    app.env.bibstyle_decoded_latex = decode_latex_once(
        decoded if isinstance(decoded, dict) else None)


def setup(app):
    """Register the style with pybtex."""
    snapshot_entry_points()
    app.connect("builder-inited", keep_decoded_latex)
    register_plugin("pybtex.style.formatting", "plain_keepcase", KeepCase)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
