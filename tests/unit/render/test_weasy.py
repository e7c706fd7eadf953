"""The hooks into WeasyPrint's internals are applied for a render and gone after it."""

from __future__ import annotations

from pipeline.render import weasy


def test_hooks_are_applied_only_inside_a_render():
    from weasyprint import layout
    from weasyprint.pdf import fonts, stream, tags

    originals = (layout.make_all_pages, fonts.Font.__init__, stream.Stream.show_text, tags._build_box_tree)
    with weasy.hooks():
        inside = (layout.make_all_pages, fonts.Font.__init__, stream.Stream.show_text, tags._build_box_tree)
        with weasy.hooks():  # re-entrant: an inner use leaves them in place
            assert (layout.make_all_pages, fonts.Font.__init__) == inside[:2]
        assert (layout.make_all_pages, fonts.Font.__init__) == inside[:2]
    assert all(a is not b for a, b in zip(originals, inside))
    assert (layout.make_all_pages, fonts.Font.__init__, stream.Stream.show_text, tags._build_box_tree) == originals


def test_a_weasyprint_the_hooks_were_not_checked_against_is_refused(monkeypatch):
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    try:
        weasy.require_version()
    except weasy.UnsupportedWeasyPrint as exc:
        assert "found 71.0" in str(exc) and "pyproject.toml pins 70.x" in str(exc)
    else:
        raise AssertionError("WeasyPrint 71 was accepted")
