"""A project's own templates come first and can replace one block of a default."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE
from pages import render_html

from publish.cli import main
from publish.templates import default_templates_dir


def test_override_one_block(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "article.html").write_text(
        '{% extends "!default/html/article.html" %}'
        "{% block footer %}<footer><p>Northside Clinic, 0161 000 0000</p></footer>{% endblock %}"
    )
    html = render_html(SAMPLE, templates)
    assert "<p>Northside Clinic, 0161 000 0000</p>" in html
    assert "Made with" not in html
    assert 'id="overcoming-challenges-p3-s5"' in html  # the rest of the default is kept


def test_cli_uses_templates_option(tmp_path: Path) -> None:
    templates = tmp_path / "mine"
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "style.css").write_text("body { color: #000; } /* house style */")
    out = tmp_path / "build"
    assert main(["build", str(SAMPLE), "--out", str(out), "--templates", str(templates), "-q"]) == 0
    page = (out / "cell-and-gene-therapy" / "cell-and-gene-therapy.html").read_text()
    assert "/* house style */" in page


def test_defaults_are_the_top_level_templates() -> None:
    assert (default_templates_dir() / "html" / "article.html").is_file()
