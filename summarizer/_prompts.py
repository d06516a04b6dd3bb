"""Step 2: the prompt. Render the Jinja templates (system and user) for one document.

Templates live in the repository's top-level ``prompts/`` folder and ship inside the wheel as
``summarizer/prompts``. A template folder holds ``system.j2`` and ``user.j2``; users may point
the library at their own folder. Rendering uses ``StrictUndefined`` and no autoescape.

The document is passed to the template as a *value*: Jinja never renders a value again, so a
document that contains ``{{ ... }}`` or ``{% ... %}`` comes through unchanged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from ._document import Document
from ._errors import TemplateError
from ._schema import TemplateInfo

__all__ = ["PromptTemplates", "RenderedPrompt", "default_template_dir"]

TEMPLATE_FILES = ("system.j2", "user.j2")


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
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        digest = hashlib.sha256()
        for name in TEMPLATE_FILES:
            digest.update(name.encode())
            digest.update((folder / name).read_bytes())
        name = "default" if directory is None else folder.name
        self.info = TemplateInfo(name=name, sha256=digest.hexdigest())

    def render(self, document: Document, **variables: Any) -> RenderedPrompt:
        """Render both templates for ``document``; extra variables are passed through."""
        values = {
            "document": document.text,
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
