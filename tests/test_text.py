import pytest

from katalog.content.text import MAX_FILE_BYTES, TextRefused, read_text, shown


def test_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff---\r\ntitle: x\r\n---\r\n".encode("utf-8"))
    assert read_text(path) == "---\ntitle: x\n---\n"


@pytest.mark.parametrize("data, line, message", [
    ("ok\nCaf\xe9\n".encode("latin-1"), 2, "not UTF-8 (byte 0xe9 at offset 6)"),
    ("a\n".encode("utf-16"), 1, "not UTF-8 (byte 0xff at offset 0)"),
    (b"a\n\xc0\xaf", 2, "not UTF-8 (byte 0xc0 at offset 2)"),
    (b"a\nb\x00c", 2, "control character \\u0000 is not allowed"),
    ("a\u202eb".encode(), 1, "bidirectional control character \\u202e is not allowed"),
    (b"a\rb", 1, "control character \\u000d is not allowed"),
])
def test_refused(tmp_path, data, line, message):
    path = tmp_path / "a.md"
    path.write_bytes(data)
    with pytest.raises(TextRefused) as refused:
        read_text(path)
    assert (refused.value.line, refused.value.message) == (line, message)


def test_size_limit(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"a" * MAX_FILE_BYTES)
    assert len(read_text(path)) == MAX_FILE_BYTES
    path.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    with pytest.raises(TextRefused, match="more than the limit of 1 MiB"):
        read_text(path)


def test_shown_escapes_invisible_characters():
    assert shown("dlh\u200b x\u00a0") == "dlh\\u200b x\\u00a0"
