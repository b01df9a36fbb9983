"""The document layer: articles in, ``Document`` records out (first stage of the pipeline).

``iter_documents`` reads files (.txt, .md/.markdown with YAML front matter, .html/.htm),
folders and stdin, and yields a ``Document`` or a ``LoadError`` per file. A ``Document`` holds
the article text that later stages scan, its language, publication date and sentences, and
maps any offset into its text back to the line and column of the source file.
"""

from checker.document.loader import iter_documents, load_bytes, load_path, load_text
from checker.document.model import Document, LoadError

__all__ = [
    "Document",
    "LoadError",
    "detect_language",
    "iter_documents",
    "load_bytes",
    "load_path",
    "load_text",
    "split_sentences",
]


def __getattr__(name: str):
    """``detect_language`` and ``split_sentences`` on first use: listing files (every command)
    does not need the sentence splitter's patterns."""
    if name == "detect_language":
        from checker.document.language import detect_language

        return detect_language
    if name == "split_sentences":
        from checker.document.sentences import split_sentences

        return split_sentences
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
