"""Step 2: the prompt. Render the Jinja templates (system and user) for one document.

Templates live in the repository's top-level ``prompts/`` folder and ship inside the wheel as
``summarizer/prompts``. A template folder holds ``system.j2`` and ``user.j2``; users may point
the library at their own folder. Rendering uses ``StrictUndefined`` and no autoescape.

The document is passed to the template as a *value*: Jinja never renders a value again, so a
document that contains ``{{ ... }}`` or ``{% ... %}`` comes through unchanged. The one change:
anything in it that could read as the closing tag of the template's ``<document>`` delimiter
(``</document>`` in any capitalisation, with or without spaces: ``< / DoCuMeNt >``) is escaped
as ``<\\/...``, so the only closing tag in the prompt is the template's own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from ._document import Document
from ._errors import TemplateError
from ._schema import TemplateInfo

__all__ = ["PromptTemplates", "RenderedPrompt", "default_template_dir", "escape_delimiter"]

_CLOSING_TAG = re.compile(r"<(\s*)/(\s*document)", re.IGNORECASE)


def escape_delimiter(text: str) -> str:
    """``text`` with every would-be ``</document`` (any case, any spaces) written ``<\\/``."""
    if "/" not in text:
        return text
    return _CLOSING_TAG.sub(r"<\1\\/\2", text)


TEMPLATE_FILES = ("system.j2", "user.j2")
# The final pass over a long document's chunk summaries; taken from the shipped templates when
# a custom folder does not have them.
COMBINE_FILES = ("combine_system.j2", "combine_user.j2")
# The small embedded model's task: label sentences copied from the document (``_extractive``).
LABEL_FILES = ("label_system.j2", "label_user.j2")
# The configured model as the support judge (verify="llm").
VERIFY_FILES = ("verify_system.j2", "verify_user.j2")


def default_template_dir() -> Path:
    """The shipped templates: inside the installed package, else the source checkout's."""
    packaged = Path(str(resources.files("summarizer"))) / "prompts"
    if (packaged / "system.j2").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "prompts"


@dataclass(frozen=True)
class RenderedPrompt:
    system: str
    user: str
    template: TemplateInfo

    def messages(self) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user},
        ]


class PromptTemplates:
    """A loaded template folder, with its name and content hash."""

    def __init__(self, directory: str | Path | None = None) -> None:
        folder = Path(directory) if directory is not None else default_template_dir()
        missing = [name for name in TEMPLATE_FILES if not (folder / name).is_file()]
        if missing:
            raise TemplateError(
                f"template folder {folder} lacks {', '.join(missing)} "
                f"(a folder needs {' and '.join(TEMPLATE_FILES)})"
            )
        self.directory = folder
        search = [str(folder)]
        if directory is not None:
            search.append(str(default_template_dir()))
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(search),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            auto_reload=False,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        digest = hashlib.sha256()
        for name in (*TEMPLATE_FILES, *COMBINE_FILES, *LABEL_FILES, *VERIFY_FILES):
            path = folder / name if (folder / name).is_file() else default_template_dir() / name
            if path.is_file():
                digest.update(name.encode())
                digest.update(path.read_bytes())
        name = "default" if directory is None else folder.name
        self.info = TemplateInfo(name=name, sha256=digest.hexdigest())

    def render(self, document: Document, **variables: Any) -> RenderedPrompt:
        """Render both templates for ``document``; extra variables are passed through."""
        values = {
            "document": escape_delimiter(document.text),
            "sentences": document.sentences,
            **variables,
        }
        try:
            system = self._env.get_template("system.j2").render(values)
            user = self._env.get_template("user.j2").render(values)
        except jinja2.UndefinedError as exc:
            raise TemplateError(f"template in {self.directory}: {exc.message}") from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                f"template {exc.name or exc.filename} line {exc.lineno}: {exc.message}"
            ) from None
        return RenderedPrompt(system=system.strip(), user=user.strip(), template=self.info)

    def render_labels(self, sentences: Sequence[Any], speakers: Sequence[str]) -> RenderedPrompt:
        """The prompt that asks the small model to label sentences copied from the document."""
        return self._render_pair(LABEL_FILES, sentences=sentences, speakers=speakers)

    def render_verify(self, items: Sequence[dict[str, str]]) -> RenderedPrompt:
        """The prompt that asks the model whether each claim's evidence states it."""
        return self._render_pair(VERIFY_FILES, items=items)

    def _render_pair(self, files: tuple[str, str], **values: Any) -> RenderedPrompt:
        try:
            system = self._env.get_template(files[0]).render(values)
            user = self._env.get_template(files[1]).render(values)
        except jinja2.TemplateError as exc:
            raise TemplateError(f"template in {self.directory}: {exc}") from None
        return RenderedPrompt(system=system.strip(), user=user.strip(), template=self.info)

    def render_combine(
        self, parts: list[dict[str, Any]], write_language: str | None = None
    ) -> RenderedPrompt:
        """The prompt that merges the summaries of a long document's chunks (written in
        ``write_language`` when given, as ``render`` asks for the parts)."""
        values = {"parts": parts, "write_language": write_language}
        try:
            system = self._env.get_template(COMBINE_FILES[0]).render(values)
            user = self._env.get_template(COMBINE_FILES[1]).render(values)
        except jinja2.TemplateError as exc:
            raise TemplateError(f"combine template in {self.directory}: {exc}") from None
        return RenderedPrompt(system=system.strip(), user=user.strip(), template=self.info)
