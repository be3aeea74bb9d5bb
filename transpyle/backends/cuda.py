"""CUDA backend: render kernel descriptions into CUDA C through Jinja2 templates.

The templates live in ``transpyle/kernels/templates/*.cu.j2``. The environment uses
``StrictUndefined`` (a misspelt or missing parameter is an error, never an empty string) and
delimiters that cannot be confused with C++:

====================  ==========  ==================================================
what                  delimiters  why not Jinja's defaults
====================  ==========  ==================================================
statements            ``<% %>``   ``{% %}`` is fine in C++ but looks like it
expressions           ``<< >>``   ``{{ }}`` is a C++ brace initialiser
comments              ``<# #>``   ``{# #}`` would swallow ``{#`` in macros
====================  ==========  ==================================================

Because ``<<`` opens an expression, templates never use the C++ shift operator ``<<``; they
multiply instead. Sizes that decide register allocation (filter width, tile height, channels)
are rendered as ``constexpr`` values so that loops over them unroll and arrays stay in registers.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import jinja2

from transpyle.errors import TranspileError

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "kernels" / "templates"


@dataclass(frozen=True, slots=True)
class KernelSource:
    """Rendered CUDA C: the ``extern "C"`` entry point's name and the translation unit."""

    name: str
    source: str
    filename: str


class KernelDescription(Protocol):
    """What every kernel description offers the backend."""

    @property
    def template(self) -> str: ...

    @property
    def kernel_name(self) -> str: ...

    def context(self) -> dict[str, Any]: ...


def _environment(loader: jinja2.BaseLoader | None) -> jinja2.Environment:
    return jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        block_start_string="<%",  # the delimiters: see the module's docstring
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
    )


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared environment that loads ``templates/*.cu.j2``."""
    return _environment(jinja2.FileSystemLoader(str(TEMPLATE_DIR)))


def render_string(text: str, context: Mapping[str, Any], *, origin: str = "<string>") -> str:
    """Render template text (tests and one-off snippets) with the backend's rules."""
    try:
        return _environment(None).from_string(text).render(**context)
    except jinja2.UndefinedError as exc:
        raise _undefined_error(origin, exc) from exc


def render(template: str, context: Mapping[str, Any]) -> str:
    """Render ``templates/<template>`` with ``context``; a missing name is a TranspileError."""
    try:
        tmpl = environment().get_template(template)
    except jinja2.TemplateNotFound as exc:
        raise TranspileError(
            None, f"CUDA template {template!r} not found in {TEMPLATE_DIR}"
        ) from exc
    try:
        return tmpl.render(**context)
    except jinja2.UndefinedError as exc:
        raise _undefined_error(template, exc) from exc


def _undefined_error(origin: str, exc: jinja2.UndefinedError) -> TranspileError:
    return TranspileError(
        None,
        f"template {origin}: {exc.message}",
        hint="the kernel description does not provide every parameter the template uses",
    )


def emit(desc: KernelDescription) -> KernelSource:
    """Render one kernel description into CUDA C."""
    source = render(desc.template, {"kernel_name": desc.kernel_name, **desc.context()})
    return KernelSource(desc.kernel_name, source, f"{desc.kernel_name}.cu")
