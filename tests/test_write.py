"""The output directory is replaced whole, and nothing is written outside it."""
import pytest

from katalog.errors import UsageError
from katalog.outputs import CopiedFile, OutputFile
from katalog.engine.write import check_output_directory, write_site


def test_replaces_the_whole_tree(tmp_path):
    out = tmp_path / "site"
    write_site(out, [OutputFile("a/index.html", b"1"), OutputFile("stale.html", b"x")], [])
    source = tmp_path / "doc.pdf"
    source.write_bytes(b"%PDF")
    assert write_site(out, [OutputFile("a/index.html", b"2")], [CopiedFile("files/doc.pdf", source)]) == 2
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        ".katalog-inovasi", "a/index.html", "files/doc.pdf"]
    assert (out / "a/index.html").read_bytes() == b"2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.pdf", "site"]


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "a/../../x", "a\\..\\x", ""])
def test_refuses_paths_outside_the_output(tmp_path, path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.html").write_bytes(b"old")
    with pytest.raises(ValueError):
        write_site(out, [OutputFile(path, b"bad")], [])
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert (out / "keep.html").read_bytes() == b"old"


def test_output_directory_checks(tmp_path):
    (tmp_path / "content").mkdir()
    with pytest.raises(UsageError, match="would overwrite"):
        check_output_directory(tmp_path, protected=[tmp_path / "content"])
    with pytest.raises(UsageError, match="would overwrite"):
        check_output_directory(tmp_path / "content" / "site", protected=[tmp_path / "content"])
    check_output_directory(tmp_path / "site", protected=[tmp_path / "content"])  # does not exist yet
    write_site(tmp_path / "site", [OutputFile("index.html", b"x")], [])
    check_output_directory(tmp_path / "site", protected=[tmp_path / "content"])  # made by a build
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("x")
    with pytest.raises(UsageError, match="did not make"):
        check_output_directory(tmp_path / "other", protected=[])


def test_unwritable_output_is_a_usage_error(tmp_path):
    (tmp_path / "a-file").write_text("x")  # no folder can be made under a file, not even by root
    with pytest.raises(UsageError, match="cannot create the output directory .*: File exists"):
        write_site(tmp_path / "a-file" / "site", [OutputFile("index.html", b"x")], [])


def test_unchanged_files_are_linked_from_the_last_build(tmp_path):
    out = tmp_path / "site"
    write_site(out, [OutputFile("same.html", b"same"), OutputFile("edited.html", b"old")], [])
    before = {name: (out / name).stat() for name in ("same.html", "edited.html")}
    write_site(out, [OutputFile("same.html", b"same"), OutputFile("edited.html", b"new"),
                     OutputFile("added.html", b"added")], [])
    same = (out / "same.html").stat()
    assert (same.st_ino, same.st_mtime_ns) == (before["same.html"].st_ino, before["same.html"].st_mtime_ns)
    assert same.st_nlink == 1  # the old directory is gone, and with it the second link
    assert (out / "edited.html").stat().st_ino != before["edited.html"].st_ino
    assert [(out / name).read_bytes() for name in ("same.html", "edited.html", "added.html")] == [
        b"same", b"new", b"added"]


def test_a_link_in_the_old_output_is_never_carried_over(tmp_path):
    out = tmp_path / "site"
    write_site(out, [OutputFile("index.html", b"x")], [])
    elsewhere = tmp_path / "elsewhere.html"
    page = b"p" * len(str(elsewhere))  # as long as the link itself, and the same as the file it points to
    elsewhere.write_bytes(page)
    (out / "page.html").symlink_to(elsewhere)
    write_site(out, [OutputFile("index.html", b"x"), OutputFile("page.html", page)], [])
    assert not (out / "page.html").is_symlink()
    assert (out / "page.html").stat().st_ino != elsewhere.stat().st_ino
    assert (out / "page.html").read_bytes() == page

