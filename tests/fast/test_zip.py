"""The zip writer: the same bytes for the same files, and zipfile's bytes
whenever zlib compresses (the corpus downloads and every .docx use it)."""

import io
import os
import zipfile

import pytest

from build_scripts.fast.zip import deflate, read_entries, stored, write_zip, zip_by_zipfile, zip_fast, zip_files, zlib_deflate


def test_zip_is_deterministic_and_lists_the_given_names(generated):
    files = {name: data for name, data in generated.files.items() if name.endswith(".md")}
    files["catalog.json"] = generated.files["catalog.json"]
    data = zip_files(files)
    assert data == zip_files(dict(reversed(list(files.items()))))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(files)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
        assert all(archive.read(name) == content for name, content in files.items())
    assert any(name.startswith("zh-Hant/speeches/") for name in files)


@pytest.mark.parametrize("name", ["../x.md", "/etc/x", "a/../../x", "a\\b.md", "", "dir/"])
def test_zip_refuses_paths_outside_the_folder(name):
    with pytest.raises(ValueError):
        zip_files({name: b"x"})


def test_zip_is_byte_for_byte_what_zipfile_writes(generated):
    """zip_files writes its records itself (zipfile's per-entry overhead is a
    tenth of its time): the bytes must stay zipfile's, name encoding included."""
    files = {name: data for name, data in generated.files.items() if name.endswith(".md")}
    cases = [
        files,
        {},
        {"a": b""},
        {"中文/名字.md": "中".encode() * 500, "b.txt": os.urandom(3000), "é.md": b"x", "z/y.md": "文字 text"},
    ]
    for files in cases:
        for level in (1, 6, 9, 0, None):
            fast = zip_fast(files, zlib_deflate(level))
            assert fast is not None and fast == zip_by_zipfile(files, level)
        # ISA-L's DEFLATE (the default): the same records, other compressed bytes.
        with zipfile.ZipFile(io.BytesIO(zip_files(files))) as fast, zipfile.ZipFile(
            io.BytesIO(zip_by_zipfile(files, 1))
        ) as slow:
            assert fast.testzip() is None
            fields = ("filename", "flag_bits", "compress_type", "date_time", "external_attr", "CRC", "file_size")
            assert [[getattr(i, f) for f in fields] for i in fast.infolist()] == [
                [getattr(i, f) for f in fields] for i in slow.infolist()
            ]
            assert all(fast.read(name) == slow.read(name) for name in fast.namelist())
    assert zip_files(cases[3], level=1) == zip_by_zipfile(cases[3], 1)


def test_zip_leaves_to_zipfile_what_it_would_write_otherwise():
    # zipfile cuts a name at a NUL; an archive past 65,535 entries needs ZIP64 records.
    assert zip_fast({"a\x00b.md": b"x"}, zlib_deflate(1)) is None
    assert zip_files({"a\x00b.md": b"x"}) == zip_by_zipfile({"a\x00b.md": b"x"}, None)
    many = {f"{i}.md": b"" for i in range(65_536)}
    assert zip_fast(many, zlib_deflate(1)) is None


def test_stored_and_compressed_entries_read_back_and_are_written_again_as_they_were():
    text = "在城市工作领导小组会议上讲话".encode("utf-8") * 20
    entries = [deflate("a.xml", text), stored("b/c.xml", text), stored("empty", b"")]
    archive = write_zip(entries)
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        assert z.testzip() is None
        assert [(i.filename, i.compress_type) for i in z.infolist()] == [
            ("a.xml", zipfile.ZIP_DEFLATED), ("b/c.xml", zipfile.ZIP_STORED), ("empty", zipfile.ZIP_STORED)
        ]
        assert z.read("b/c.xml") == z.read("a.xml") == text
    assert read_entries(archive) == entries
    assert write_zip(read_entries(archive)) == archive
