"""The build record: a broken or hostile one is set aside, never trusted, never fatal."""

from __future__ import annotations

import json

import pytest

from pipeline.builder.manifest import FORMAT, MANIFEST_NAME, FileHashes, Manifest


@pytest.mark.parametrize("content", [
    "[]", "null", "garbage{", '{"format": 2, "outputs": []}', '{"format": 2, "outputs": {"a.pdf": {"key": 5}}}',
    '{"format": 2, "outputs": {}, "files": {"x": "y"}}', "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")])
def test_a_manifest_of_the_wrong_shape_is_set_aside_and_everything_rebuilt(tmp_path, content):
    (tmp_path / MANIFEST_NAME).write_text(content, encoding="latin-1")
    manifest = Manifest.load(tmp_path, tmp_path, (tmp_path,))
    assert manifest.entries == {} and "could not be used" in manifest.notice and "set aside as" in manifest.notice
    assert not (tmp_path / MANIFEST_NAME).exists() and list(tmp_path.glob(f"{MANIFEST_NAME}.broken-*"))
    manifest.save()
    assert json.loads((tmp_path / MANIFEST_NAME).read_text())["format"] == FORMAT


def test_a_folder_named_like_the_manifest_is_set_aside(tmp_path):
    (tmp_path / MANIFEST_NAME).mkdir()
    manifest = Manifest.load(tmp_path, tmp_path, (tmp_path,))
    assert "could not be used" in manifest.notice
    manifest.save()
    assert (tmp_path / MANIFEST_NAME).is_file()


def test_a_manifest_that_is_a_link_is_not_read(tmp_path):
    (tmp_path / MANIFEST_NAME).symlink_to("/etc/passwd")
    manifest = Manifest.load(tmp_path, tmp_path, (tmp_path,))
    assert manifest.entries == {} and "could not be used" in manifest.notice


def test_a_good_manifest_round_trips(tmp_path):
    pdf = tmp_path / "en" / "x.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF")
    manifest = Manifest.load(tmp_path, tmp_path, (tmp_path,))
    assert manifest.notice == ""
    manifest.record(pdf, "key", [], tmp_path, 1.23, [["functional", "pagination", 2, "a heading alone"]])
    manifest.save()
    again = Manifest.load(tmp_path, tmp_path, (tmp_path,))
    assert again.is_fresh(pdf, "key", tmp_path) and not again.is_fresh(pdf, "other", tmp_path)
    assert again.seconds(pdf) == 1.2 and again.findings(pdf) == [["functional", "pagination", 2, "a heading alone"]]


def test_hashing_refuses_devices_and_files_outside_without_reading_them(tmp_path):
    hashes = FileHashes((tmp_path,))
    (tmp_path / "zero.po").symlink_to("/dev/zero")
    assert hashes(tmp_path / "zero.po") == "not-a-regular-file"
    (tmp_path / "passwd.po").symlink_to("/etc/passwd")
    assert hashes(tmp_path / "passwd.po") == "outside-the-checkout"
    assert hashes(tmp_path / "missing.po") is None
    (tmp_path / "ok.po").write_text("x")
    assert len(hashes(tmp_path / "ok.po")) == 64


def test_a_build_that_changes_nothing_leaves_the_manifest_unwritten(tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("a")
    first = Manifest.load(tmp_path, tmp_path, (tmp_path,))
    first.record(tmp_path / "out.pdf", "key", [source], tmp_path)
    first.save()
    written = (tmp_path / MANIFEST_NAME).stat().st_mtime_ns

    again = Manifest.load(tmp_path, tmp_path, (tmp_path,))
    assert again.hashes(source) is not None and again.is_fresh(tmp_path / "out.pdf", "key", tmp_path) is False
    again.save()  # nothing recorded, no new hash: not even read back
    assert (tmp_path / MANIFEST_NAME).stat().st_mtime_ns == written

    source.write_text("b")  # a new hash is worth keeping
    third = Manifest.load(tmp_path, tmp_path, (tmp_path,))
    third.hashes(source)
    third.save()
    assert json.loads((tmp_path / MANIFEST_NAME).read_text())["files"][str(source)][2] != \
        json.loads(json.dumps(first.hashes.cache))[str(source)][2]


def test_planning_looks_at_each_file_once_and_a_file_written_after_it_is_hashed_anew(tmp_path, monkeypatch):
    import os

    shared = tmp_path / "leaflet.css"
    shared.write_text("a", encoding="utf-8")
    hashes = FileHashes((tmp_path,))
    looked = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: looked.append(str(path)) or real_stat(path, *a, **k))
    with hashes.steady():
        first = {hashes(shared) for _ in range(25)}  # one edition after another asks about the stylesheet
    assert len(first) == 1 and looked.count(str(shared)) == 1
    shared.write_text("b", encoding="utf-8")  # a render writes, after planning
    assert hashes(shared) not in first
