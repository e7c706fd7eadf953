"""Reads and writes stay inside the checkout, follow no planted link, and leave readable files."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys

import pytest

from pipeline.errors import LeafletError
from pipeline.files import FILE_MODE, make_folder, read_bytes, read_text, remove, write_atomically


def test_a_written_file_has_the_mode_the_umask_gives(tmp_path):
    target = tmp_path / "out" / "x.pdf"
    write_atomically(target, b"data", tmp_path)
    assert target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == FILE_MODE == 0o666 & ~_umask()
    assert FILE_MODE & 0o044, "a colleague (group) and the web server (others) can read outputs"
    assert not list(target.parent.glob(".*.tmp"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_link_to_outside_is_refused_for_reading_with_its_path(tmp_path):
    inside = tmp_path / "project"
    inside.mkdir()
    (inside / "catalog.po").symlink_to("/etc/passwd")
    with pytest.raises(LeafletError) as info:
        read_bytes(inside / "catalog.po", inside, 1000, "catalog")
    assert "leads outside" in str(info.value) and "catalog.po" in str(info.value)
    assert "root:" not in str(info.value)


def test_a_link_inside_the_checkout_is_followed(tmp_path):
    (tmp_path / "real.txt").write_text("hello")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    assert read_text(tmp_path / "alias.txt", tmp_path, 100) == "hello"


def test_a_device_is_refused_before_any_read(tmp_path):
    (tmp_path / "zero.po").symlink_to("/dev/zero")
    with pytest.raises(LeafletError, match="leads outside"):
        read_bytes(tmp_path / "zero.po", tmp_path, 1000)
    with pytest.raises(LeafletError, match="not a regular file"):
        read_bytes(__import__("pathlib").Path("/dev/zero"), __import__("pathlib").Path("/dev"), 1000)


def test_a_folder_where_a_file_should_be_is_named(tmp_path):
    (tmp_path / "x.po").mkdir()
    with pytest.raises(LeafletError, match="is a folder"):
        read_bytes(tmp_path / "x.po", tmp_path, 1000, "catalog")


def test_a_file_larger_than_the_limit_is_refused_unread(tmp_path):
    (tmp_path / "big").write_bytes(b"x" * 2000)
    with pytest.raises(LeafletError, match="2,000 bytes, more than the 1,000 allowed"):
        read_bytes(tmp_path / "big", tmp_path, 1000)


def test_a_planted_temporary_link_is_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = tmp_path / "project"
    folder.mkdir()
    for name in ("x.po.tmp", ".x.po.tmp"):
        (folder / name).symlink_to(victim)
    write_atomically(folder / "x.po", b"new", folder)
    assert victim.read_text() == "precious" and (folder / "x.po").read_bytes() == b"new"


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "x.pdf").symlink_to(victim)
    write_atomically(folder / "x.pdf", b"new", folder)
    assert victim.read_text() == "precious" and not (folder / "x.pdf").is_symlink()


def test_an_output_folder_that_links_elsewhere_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / "output").symlink_to(elsewhere)
    with pytest.raises(LeafletError, match="leads outside"):
        write_atomically(project / "output" / "en" / "x.pdf", b"x", project)
    with pytest.raises(LeafletError, match="leads outside"):
        make_folder(project / "output", project)
    with pytest.raises(LeafletError, match="leads outside"):
        remove(project / "output" / "x.pdf", project)
    assert not list(elsewhere.iterdir())


def test_a_read_only_folder_is_one_clear_line(tmp_path, monkeypatch):
    """A read-only file system (EROFS) as the kernel reports it; root ignores chmod, so it is simulated."""
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(LeafletError) as info:
        write_atomically(tmp_path / "x.pdf", b"x", tmp_path)
    assert str(info.value).endswith("x.pdf: cannot write: the folder is not writable (read-only, or owned by "
                                    "someone else); make it writable")


def test_a_full_disk_is_one_clear_line_and_leaves_no_half_file(tmp_path):
    """A file-size limit (ulimit -f) stands in for a full disk: the write fails with EFBIG."""
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "from pipeline.files import write_atomically\n"
        "from pipeline.errors import LeafletError\n"
        "root = Path(sys.argv[1])\n"
        "(root / 'x.pdf').write_bytes(b'old')\n"
        "try:\n"
        "    write_atomically(root / 'x.pdf', b'x' * 5000, root)\n"
        "except LeafletError as exc:\n"
        "    print(exc)\n")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True)
    assert "cannot write: the disk is full" in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "x.pdf").read_bytes() == b"old", "the old file is kept whole"
    assert not list(tmp_path.glob(".*.tmp"))
