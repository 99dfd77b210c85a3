"""Libraries of thousands: worker processes, a Dask cluster, incremental rebuilds and batch
failures. Outputs are byte-identical however they were built."""

from __future__ import annotations

import hashlib
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

from publish.cli import main

TEMPLATE = (ROOT / "source" / "cell-and-gene-therapy-plain.md").read_text(encoding="utf-8")


def library(folder: Path, count: int) -> list[Path]:
    """`count` different articles: the plain sample under new titles, one sentence apart."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        text = TEMPLATE.replace(
            "title: Cell and Gene Therapy", f"title: Guide {n}, Cell and Gene Therapy", 1
        ).replace("\n---\n", f"\n---\nThis is guide number {n}.\n\n", 1)
        path = folder / f"guide-{n:02d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def tree(out: Path) -> dict[str, str]:
    """Every file under `out` and its hash."""
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(autouse=True)
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764288000")


def build(sources: list[Path], out: Path, *extra: str, formats: str = "html,pdf,epub") -> int:
    return main(["build", *map(str, sources), "-f", formats, "--out", str(out), "-q", *extra])


def test_worker_processes_build_what_one_process_builds(tmp_path: Path) -> None:
    sources = library(tmp_path / "src", 4)
    assert build(sources, tmp_path / "one", "--jobs", "1") == 0
    assert build(sources, tmp_path / "two", "--jobs", "2") == 0
    # a second pool forks from the same fork server, whose warmed font set it shares
    assert build(sources, tmp_path / "three", "--jobs", "2") == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two") == tree(tmp_path / "three")
    assert len(tree(tmp_path / "one")) == 4 * 4  # html, pdf, epub and the manifest


def test_a_rebuild_makes_only_what_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = library(tmp_path / "src", 20)
    out = tmp_path / "out"
    templates = tmp_path / "templates"
    assert build(sources, out, "--templates", str(templates)) == 0
    before = tree(out)
    capsys.readouterr()

    def rebuild(*extra: str) -> tuple[str, dict[str, str]]:
        code = main(
            [
                "build",
                *map(str, sources),
                "-f",
                "html,pdf,epub",
                "--out",
                str(out),
                "--templates",
                str(templates),
                *extra,
            ]
        )
        assert code == 0
        return capsys.readouterr().err, tree(out)

    err, after = rebuild()
    assert "publish: 20 unchanged, 0 rebuilt" in err and after == before

    sources[6].write_text(
        sources[6].read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
    )
    err, after = rebuild()
    assert "publish: 19 unchanged, 1 rebuilt" in err
    changed = {name.split("/")[0] for name in after if after[name] != before.get(name)}
    assert changed == {"guide-07"}

    # a project template for the page only: every page is rebuilt, no PDF or e-book
    (templates / "html").mkdir(parents=True)
    default = (ROOT / "templates" / "html" / "style.css").read_text(encoding="utf-8")
    (templates / "html" / "style.css").write_text(default + "\n/* local */\n", encoding="utf-8")
    before = after
    err, after = rebuild()
    assert "publish: 0 unchanged, 20 rebuilt" in err
    changed = {name for name in after if after[name] != before.get(name)}
    assert {name.rsplit(".", 1)[-1] for name in changed} == {"html", "json"}  # page, manifest
    assert sum(1 for name in changed if name.endswith(".html")) == 20

    before = after
    err, after = rebuild("--force")  # everything again, byte for byte the same
    assert "publish: 0 unchanged, 20 rebuilt" in err and after == before


def test_a_new_voice_renarrates_without_a_new_layout(tmp_path: Path) -> None:
    sources = library(tmp_path / "src", 1)
    out = tmp_path / "out"
    assert build(sources, out, "--voice", "tones", formats="pdf,audio") == 0
    before = tree(out)
    assert build(sources, out, "--voice", "tones", "--bitrate", "96", formats="pdf,audio") == 0
    after = tree(out)
    changed = {name.rsplit(".", 1)[-1] for name in after if after[name] != before.get(name)}
    assert "pdf" not in changed and "mp3" in changed


def test_bad_input_fails_its_article_and_the_rest_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = library(tmp_path / "src", 3)
    sources[1].write_text("---\ntitle: Broken\nlanguag: en\n---\nText.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert build(sources, out, "--jobs", "2", formats="html") == 2
    err = capsys.readouterr().err
    assert f"{sources[1]}:3: unknown front-matter key 'languag'; did you mean 'language'?" in err
    assert sorted(p.name for p in out.iterdir()) == ["guide-01", "guide-03"]


# ------------------------------------------------------------------ a real Dask cluster


@pytest.fixture
def cluster() -> object:
    import distributed  # a dependency of publish: a missing one fails, never skips

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
    ) as local:
        yield local


def test_a_dask_cluster_builds_what_one_process_builds(tmp_path: Path, cluster: object) -> None:
    sources = library(tmp_path / "src", 4)
    shelf = ("--library", "--base-url", "https://clinic.example/")  # written by the client
    assert build(sources, tmp_path / "one", "--jobs", "1", *shelf) == 0
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    assert build(sources, tmp_path / "dask", "--scheduler", address, *shelf) == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "dask")
    assert "catalog.xml" in tree(tmp_path / "dask")


def test_a_worker_killed_mid_batch_is_retried(
    tmp_path: Path, cluster: object, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = library(tmp_path / "src", 8)
    address = cluster.scheduler_address  # type: ignore[attr-defined]

    def kill_one() -> None:
        """Kill the process of a worker while it is building an article."""
        from distributed import Client

        with Client(address, set_as_default=False) as client:
            busy: list[str] = []
            deadline = time.monotonic() + 120
            while not busy and time.monotonic() < deadline:
                processing = client.processing()
                busy = [
                    w
                    for w, keys in processing.items()
                    if any("worker_task" in str(k) for k in keys)
                ]
                time.sleep(0.05)
            assert busy, "no worker ever ran a task"
            time.sleep(0.5)  # well inside the task, not at its start
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
        os.kill(pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_one)
    killer.start()
    code = main(
        [
            "build",
            *map(str, sources),
            "-f",
            "html,pdf",
            "--out",
            str(tmp_path / "out"),
            "--scheduler",
            address,
        ]
    )
    killer.join()
    assert code == 0
    err = capsys.readouterr().err
    assert "publish: 0 unchanged, 8 rebuilt" in err
    assert "retried after a worker died" in err  # the summary names what ran twice
    for source in sources:
        folder = tmp_path / "out" / source.stem
        assert sorted(p.suffix for p in folder.iterdir()) == [".html", ".json", ".pdf"]


def test_checking_a_batch_writes_one_index(tmp_path: Path) -> None:
    import json

    sources = library(tmp_path / "src", 2)
    out = tmp_path / "out"
    assert build(sources, out, formats="html") == 0
    code = main(["check", *map(str, sources), "-f", "html", "--no-build", "--out", str(out), "-q"])
    assert code in (0, 1)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["schema"] == "publish-index/1" and index["articles"] == 2
    first = index["rows"][0]
    assert first["slug"] == "guide-01" and first["report"] == "guide-01/report.html"
    assert set(first["checks"]) >= {"source", "readability", "html"}
    assert index["worst_grade"] == max(r["grade"] for r in index["rows"])
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="guide-02/report.html">' in page and '<a href="index.json">' in page


def test_workers_build_with_this_builds_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pool's fork server outlives a build; each task carries the client's environment."""
    import zipfile

    sources = library(tmp_path / "src", 2)
    out = tmp_path / "out"
    stamps = []
    for epoch in ("1764288000", "1767225600"):  # 2025-11-28, 2026-01-01
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        assert build(sources, out, "--jobs", "2", "--force", formats="epub") == 0
        with zipfile.ZipFile(out / "guide-01" / "guide-01.epub") as book:
            opf = book.read("EPUB/content.opf").decode()
        stamps.append(opf.split('property="dcterms:modified">', 1)[1][:10])
    assert stamps == ["2025-11-28", "2026-01-01"]


def test_a_parallel_build_leaves_no_temporary_files(tmp_path: Path) -> None:
    """Workers share one font configuration each; its folder of copied faces, the task
    folders and the fork server's warm-up folder all go when the build ends."""
    import subprocess
    import sys

    sources = library(tmp_path / "src", 3)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    environment = dict(os.environ, TMPDIR=str(scratch))
    command = [sys.executable, "-m", "publish", "build", *map(str, sources), "-q"]
    for jobs in ("1", "2"):
        done = subprocess.run(
            [*command, "-f", "html,pdf,epub", "--out", str(tmp_path / jobs), "--jobs", jobs],
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in scratch.iterdir()) == []


def test_documents_with_the_same_faces_share_a_font_configuration() -> None:
    from publish.render.print import _font_config

    faces = ('@font-face { font-family: "A"; src: url(a.ttf) }',)
    assert _font_config(faces) is _font_config(faces)
    assert _font_config(faces) is not _font_config(())


def test_a_batch_keeps_each_articles_outcome_not_its_findings(tmp_path: Path) -> None:
    from publish.pipeline import build_all
    from publish.settings import BuildOptions

    sources = library(tmp_path / "src", 2)
    seen = []
    result = build_all(
        sources,
        BuildOptions(out_dir=tmp_path / "out", quiet=True),
        progress=lambda done, total, item: seen.append(sum(len(c.findings) for c in item.checks)),
    )
    assert seen and all(n > 0 for n in seen)  # reported in full as each article finishes
    kept = [c for a in result.articles for c in a.checks]
    assert kept and all(not c.findings and c.status for c in kept)


def test_checking_an_unchanged_build_checks_it_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A current folder is not rebuilt, but `publish check` still checks what is in it: a
    check that checked nothing would be no pass."""
    sources = library(tmp_path / "src", 1)
    out = tmp_path / "out"
    command = ["check", *map(str, sources), "-f", "html", "--out", str(out)]
    assert main(command) == 0
    first = capsys.readouterr().out
    (out / "guide-01" / "report.json").unlink()
    assert main(command) == 0
    again = capsys.readouterr().out
    assert "PASS gate html" in first and "PASS gate html" in again
    assert (out / "guide-01" / "report.json").is_file()
