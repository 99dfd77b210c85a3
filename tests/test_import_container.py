"""The .docx reader against packages that lie: zip headers that understate a part's size (a
zip bomb, or a damaged part), and packages missing a part. Sizes are counted as parts inflate,
so a lie is refused before the bytes it hides are in memory."""

from __future__ import annotations

import importlib.util
import random
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import docx_fixtures as word
import pytest
from conftest import ROOT

from publish.cli import main
from publish.errors import SourceError
from publish.imports import container
from publish.imports.container import open_package

PICTURE = "word/media/image1.png"


def _bench() -> ModuleType:
    """bench/import_memory.py, whose lying headers the benchmark and these tests share."""
    spec = importlib.util.spec_from_file_location(
        "import_memory", ROOT / "bench" / "import_memory.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _bench()


def run_import(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["import", *args])
    return code, capsys.readouterr().err


def parts_of(docx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(docx) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def repack(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def with_part(
    path: Path, handout: Path, name: str, size: int, claimed: int, body: bytes = bytes(4096)
) -> Path:
    """The handout with one more part of `size` bytes (`body` again and again), whose
    headers claim `claimed`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts_of(handout).items():
            archive.writestr(part, data)
        bench.write_part(archive, name, size, body)
    bench.understate(path, name, claimed)
    return path


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return word.handout(tmp_path_factory.mktemp("honest") / "handout.docx")


@pytest.fixture(scope="module")
def lying_bomb(tmp_path_factory: pytest.TempPathFactory, handout: Path) -> Path:
    """A handout with a 'scan' of about 3 MB that inflates past MAX_UNPACKED while its
    headers say 4 KB: the header checks pass it, and it packs only about 100 to 1 (4 bytes of
    noise in every 800), under MAX_RATIO, so it is the total that stops it."""
    rng = random.Random(27)
    body = b"".join(rng.randbytes(4) + bytes(796) for _ in range(50))  # past deflate's window
    size = container.MAX_UNPACKED + 16 * 1024 * 1024
    path = tmp_path_factory.mktemp("bomb") / "scan.docx"
    return with_part(path, handout, "word/media/scan.tiff", size, 4096, body)


def assert_refused(said: str, path: Path, out: Path, message: str) -> None:
    assert message in said, said
    assert said.count("\n") == 1 and said.startswith(f"{path}: "), said
    assert "Traceback" not in said
    assert not out.exists()


# ------------------------------------------------------------------------- lying headers


def test_a_lying_zip_header_is_refused_before_its_bytes_are_in_memory(lying_bomb: Path) -> None:
    """The bomb's part is counted as it inflates and dropped a chunk at a time: refusing it
    takes a few MB, not the 316 MB it inflates to (zipfile alone inflates it whole, then
    finds the CRC wrong and calls it damaged)."""
    tracemalloc.start()
    try:
        with pytest.raises(SourceError) as refused:
            open_package(lying_bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.code for d in refused.value.diagnostics] == ["import-zip-bomb"]
    assert peak < 32 * 1024 * 1024, f"{peak:,} bytes traced"


def test_a_lying_zip_header_gets_one_clear_error_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lying_bomb: Path
) -> None:
    out = tmp_path / "source"
    code, said = run_import(capsys, str(lying_bomb), "--out", str(out))
    assert code == 2
    assert_refused(
        said,
        lying_bomb,
        out,
        f"the package unpacks to more than {container.MAX_UNPACKED:,} bytes from "
        f"{lying_bomb.stat().st_size:,}; that is not a document but a zip bomb, so nothing "
        "was read",
    )


def test_a_part_that_inflates_past_the_ratio_is_a_bomb_whatever_its_header_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], handout: Path
) -> None:
    """40 MB of zeros, well under MAX_UNPACKED, but 1,000 times its packed size."""
    bomb = with_part(tmp_path / "zeros.docx", handout, "word/media/zeros.bin", 40 << 20, 4096)
    out = tmp_path / "source"
    code, said = run_import(capsys, str(bomb), "--out", str(out))
    assert code == 2
    assert_refused(said, bomb, out, "word/media/zeros.bin unpacks to more than 200 times its ")
    assert "zip bomb, so nothing was read" in said


def test_a_header_that_understates_a_part_is_refused_not_cut_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], handout: Path
) -> None:
    """Headers that claim half of word/document.xml, with the CRC of that half: zipfile
    alone would hand over the half and call it the document."""
    document = parts_of(handout)["word/document.xml"]
    half = len(document) // 2
    cut = repack(tmp_path / "cut.docx", parts_of(handout))
    bench.understate(cut, "word/document.xml", half, zlib.crc32(document[:half]))
    with zipfile.ZipFile(cut) as archive:
        assert archive.read("word/document.xml") == document[:half]  # the lie works on zipfile
    out = tmp_path / "source"
    code, said = run_import(capsys, str(cut), "--out", str(out))
    assert code == 2
    assert_refused(
        said,
        cut,
        out,
        f"the package is damaged (word/document.xml unpacks to {len(document):,} bytes, not "
        f"the {half:,} its header says); save it again",
    )


def test_a_part_packed_in_a_way_word_never_uses_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], handout: Path
) -> None:
    """bzip2 inflates a chunk at a time without bound, and no .docx uses it."""
    odd = tmp_path / "bzip2.docx"
    with zipfile.ZipFile(odd, "w", zipfile.ZIP_BZIP2) as archive:
        for name, data in parts_of(handout).items():
            archive.writestr(name, data)
    out = tmp_path / "source"
    code, said = run_import(capsys, str(odd), "--out", str(out))
    assert code == 2
    assert_refused(said, odd, out, "is packed in a way Word never uses")


# ------------------------------------------------------------------------- missing parts


def without(handout: Path, path: Path, *names: str) -> Path:
    return repack(path, {n: d for n, d in parts_of(handout).items() if n not in names})


MISSING: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "picture": (
        lambda h, p: without(h, p, PICTURE),
        (
            f"{PICTURE} is named by word/document.xml but missing from the package, so its "
            "picture was left out; insert the picture again in Word"
        ),
    ),
    "styles": (
        lambda h, p: without(h, p, "word/styles.xml"),
        (
            "word/styles.xml is named by word/document.xml but missing from the package, so "
            "headings and other styles may have come in as plain paragraphs; check them"
        ),
    ),
    "numbering": (
        lambda h, p: without(h, p, "word/numbering.xml"),
        (
            "word/numbering.xml is named by word/document.xml but missing from the package, so "
            "numbered lists may have come in as plain paragraphs; check them"
        ),
    ),
    "content-types": (
        lambda h, p: without(h, p, "[Content_Types].xml"),
        (
            "the package has no [Content_Types].xml, which Word needs to open it; the import went "
            "on without it"
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(MISSING))
def test_a_missing_part_the_document_can_do_without_is_a_note(
    tmp_path: Path, handout: Path, name: str
) -> None:
    make, note = MISSING[name]
    package = open_package(make(handout, tmp_path / f"no-{name}.docx"))
    assert package.notes == [note]
    assert "word/document.xml" in package.parts


@pytest.mark.parametrize("name", ["styles", "numbering", "content-types"])
def test_a_docx_missing_a_part_it_can_do_without_still_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], handout: Path, name: str
) -> None:
    docx = MISSING[name][0](handout, tmp_path / "handout.docx")
    out = tmp_path / "source"
    code, said = run_import(capsys, str(docx), "--out", str(out))
    assert code == 0, said
    assert "Traceback" not in said and "internal error" not in said
    assert "Clean hands stop germs from spreading." in (out / "handout.md").read_text()


def test_a_docx_missing_its_picture_imports_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], handout: Path
) -> None:
    make, note = MISSING["picture"]
    docx = make(handout, tmp_path / "handout.docx")
    out = tmp_path / "source"
    code, said = run_import(capsys, str(docx), "--out", str(out))
    assert code == 0, said
    assert f"{docx}: {note}" in said.splitlines()
    assert "Clean hands stop germs from spreading." in (out / "handout.md").read_text()


def test_a_document_naming_a_relationship_it_lacks_is_refused_as_damaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], handout: Path
) -> None:
    """With no word/_rels/document.xml.rels, the picture's r:embed leads nowhere; the reader
    cannot go on, so the refusal says which relationship is missing."""
    docx = without(handout, tmp_path / "norels.docx", "word/_rels/document.xml.rels")
    out = tmp_path / "source"
    code, said = run_import(capsys, str(docx), "--out", str(out))
    assert code == 2
    assert_refused(said, docx, out, "the package is damaged (word/document.xml refers to ")
    assert "missing from word/_rels/document.xml.rels); save it again" in said


# ------------------------------------------------------------------------- honest documents


def test_an_honest_document_reads_whole_and_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], handout: Path
) -> None:
    package = open_package(handout)
    assert package.parts == parts_of(handout)
    assert package.notes == []
    out = tmp_path / "source"
    code, said = run_import(capsys, str(handout), "--out", str(out))
    assert code == 0, said
    assert sorted(p.name for p in out.iterdir()) == ["handout-images", "handout.md"]
    assert "Clean hands stop germs from spreading." in (out / "handout.md").read_text()
