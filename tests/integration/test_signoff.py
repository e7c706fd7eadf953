"""Sign-offs no one can forge: reviewers sign with their own SSH keys, the clinic lists whose
keys count, and `make release` publishes only what verifies; anything else names its reason."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import polib
import pytest
from pypdf import PdfReader

from pipeline.cli import main
from testkit import DOC, catalog, set_translation

CLINICIAN = ("c.lin@riverside.example", "Dr C. Lin", "Consultant neurologist", "[en]")
TRANSLATOR = ("a.rao@riverside.example", "Dr Asha Rao", "Medical translator, Hindi (ITI member)", "[hi]")


@pytest.fixture(autouse=True)
def in_the_checkout(scratch, monkeypatch):
    """Run from the project folder, as staff do: paths in messages are then relative."""
    monkeypatch.chdir(scratch.root)


def run(scratch, *args) -> int:
    return main(["--root", str(scratch.root), *args])


def keypair(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


@pytest.fixture
def keys(scratch, tmp_path):
    """Throw-away keys for a clinician and a translator, listed in the scratch project's reviewers."""
    folder = tmp_path / "keys"
    folder.mkdir()
    made = {name: keypair(folder, name) for name in ("clinician", "translator", "forger")}
    lines = ["reviewers:"]
    for (rid, name, role, signs), key in ((CLINICIAN, made["clinician"]), (TRANSLATOR, made["translator"])):
        public = key.with_suffix(".pub").read_text().strip()
        lines += [f"  - id: {rid}", f"    name: {name}", f"    role: {role}", f"    signs: {signs}", f"    key: {public}"]
    scratch.reviewers_file.write_text("\n".join(lines) + "\n")
    return made


def approve(scratch, keys, locale: str, who: str, *extra: str) -> int:
    return run(scratch, "approve", "--langs", locale, "--key", str(keys[who]), *extra)


def sign_everything(scratch, keys) -> None:
    assert approve(scratch, keys, "en", "clinician", "--date", "2026-11-26") == 0
    assert approve(scratch, keys, "hi", "translator", "--date", "2026-11-27") == 0


def text_of(pdf) -> str:
    return " ".join(" ".join((page.extract_text() or "") for page in PdfReader(pdf).pages).split())


def test_release_refuses_the_shipped_drafts_naming_every_reason(scratch, capsys):
    set_translation(catalog(scratch, "es"), "risks.heading", "")
    set_translation(catalog(scratch, "es"), "poster.prevention.sleep", "Duerma 7-9 horas al día")
    assert run(scratch, "release", "--langs", "en hi es") == 1
    err = capsys.readouterr().err
    en = err[err.index("en muscle-twitching: not ready"):err.index("hi muscle-twitching: not ready")]
    assert "no sign-off recorded (locales/en/muscle-twitching.signoff)" in en
    hi = err[err.index("hi muscle-twitching: not ready"):err.index("es muscle-twitching: not ready")]
    assert "no sign-off recorded (locales/hi/muscle-twitching.signoff)" in hi and "locales/hi/layouts.signoff" in hi
    es = err[err.index("es muscle-twitching: not ready"):]
    assert "1 untranslated string(s)" in es and "numbers [poster.prevention.sleep]" in es
    assert "release refused for 3 leaflet(s)" in err
    assert not list((scratch.output / "release").glob("*/*.pdf"))


def test_genuine_signoffs_are_released_with_the_clinics_names_and_dates(scratch, keys, capsys):
    sign_everything(scratch, keys)
    out = capsys.readouterr().out
    assert "signed off muscle-twitching in hi: locales/hi/muscle-twitching.signoff" in out
    assert run(scratch, "release", "--langs", "en hi", "-j", "1") == 0
    release = scratch.output / "release"
    leaflet = text_of(release / "hi" / f"{DOC}-leaflet.pdf")
    assert "Dr Asha Rao" in leaflet and "2026-11-27" in leaflet and "1.0.0" in leaflet
    assert "not yet reviewed" not in leaflet and "Draft" not in leaflet
    english = text_of(release / "en" / f"{DOC}-leaflet.pdf")
    assert "Dr C. Lin" in english and "2026-11-26" in english and "not yet reviewed" not in english
    index = (release / "index.html").read_text(encoding="utf-8")
    assert 'class="badge released"' in index
    assert "signed off by Dr Asha Rao (Medical translator, Hindi (ITI member)) on 2026-11-27" in index
    assert not (scratch.output / "hi").exists(), "a release writes only into output/release/"


def test_a_leaflet_no_longer_ready_is_withdrawn_from_the_release_folder(scratch, keys, capsys):
    """A refused release left last week's Hindi PDFs in output/release/ after the translation
    they were signed off for was edited: a print shop taking the folder would print them."""
    sign_everything(scratch, keys)
    assert run(scratch, "release", "--langs", "en hi", "-j", "1") == 0
    release = scratch.output / "release"
    assert (release / "hi" / f"{DOC}-leaflet.pdf").is_file()
    set_translation(catalog(scratch, "hi"), "risks.heading", "जोखिम")
    capsys.readouterr()
    assert run(scratch, "release", "--langs", "en hi", "-j", "1") == 1
    err = capsys.readouterr().err
    assert "hi muscle-twitching: not ready to release" in err and "en muscle-twitching: not ready" not in err
    assert "withdrawn from output/release/: 7 PDF(s)" in err
    assert not list((release / "hi").rglob("*.pdf")) and not list((release / "hi").rglob("*.png"))
    assert (release / "en" / f"{DOC}-leaflet.pdf").is_file()  # what is still ready stays released
    index = (release / "index.html").read_text(encoding="utf-8")
    assert f"hi/{DOC}-leaflet.pdf" not in index


def test_a_translator_cannot_forge_a_signoff(scratch, keys, capsys):
    """The old attack: edit the translation, write reviewed and a name. A signature made with a
    key the clinic does not list, or any edit of a signed sign-off, is refused with the reason."""
    sign_everything(scratch, keys)
    signoff = scratch.signoff_file("hi", DOC)
    genuine = signoff.read_text()
    for forged in (genuine.replace("name: Dr Asha Rao", "name: Dr A. Nobody"),
                   genuine.replace("date: 2026-11-27", "date: 2999-12-31 <b>tampered</b>"),
                   genuine.replace("role: Medical translator", "role: Chief medical translator")):
        signoff.write_text(forged)
        assert run(scratch, "release", "--langs", "hi") == 1
        err = capsys.readouterr().err
        assert "does not match the sign-off's text and the reviewer's key" in err, err
    signoff.write_text(genuine)
    # The translator's own key, not the clinic's: ssh-keygen makes a valid signature, it just isn't theirs.
    assert run(scratch, "approve", "--langs", "hi", "--key", str(keys["forger"])) == 1
    assert "this key is not one the clinic lists in sources/reviewers.yaml" in capsys.readouterr().err


def test_a_changed_translation_returns_to_draft_and_prints_the_draft_mark(scratch, keys, capsys):
    sign_everything(scratch, keys)
    set_translation(catalog(scratch, "hi"), "poster.prevention.sleep", "हर दिन कम से कम 6-8 घंटे सोएँ")
    assert run(scratch, "release", "--langs", "hi") == 1
    assert "the translations changed since they were signed off" in capsys.readouterr().err
    assert run(scratch, "build", "--langs", "hi", "-j", "1") == 0
    assert "not yet reviewed by a qualified medical translator" in text_of(scratch.output / "hi" / f"{DOC}-poster.pdf")


def test_a_change_to_the_english_undoes_the_clinicians_and_the_translations_signoff(scratch, keys, capsys):
    """The worst case the issue names: the English made stronger after sign-off still released
    as reviewed. Now the English sign-off covers its content, and each translation's sign-off
    the English it was reviewed against."""
    sign_everything(scratch, keys)
    source = scratch.document_file(DOC)
    source.write_text(source.read_text().replace("Most muscle twitches are harmless.", "Muscle twitches are "
                                                 "always harmless: never a cause for concern.", 1))
    assert run(scratch, "release", "--langs", "en hi") == 1
    err = capsys.readouterr().err
    assert "locales/en/muscle-twitching.signoff: the English changed since it was signed off" in err
    hi = err[err.index("hi muscle-twitching: not ready"):]
    assert "locales/hi/muscle-twitching.signoff: the English changed since it was signed off" in hi
    assert run(scratch, "build", "--langs", "en", "-j", "1") == 0
    assert "not yet reviewed by a qualified clinician" in text_of(scratch.output / "en" / f"{DOC}-poster.pdf")


def test_a_signed_translation_of_unsigned_english_says_so(scratch, keys, capsys):
    assert approve(scratch, keys, "hi", "translator", "--date", "2026-11-27") == 0
    assert run(scratch, "build", "--langs", "hi", "-j", "1") == 0
    text = text_of(scratch.output / "hi" / f"{DOC}-leaflet.pdf")
    assert "Dr Asha Rao" not in text, "not reviewed as a whole: no reviewer line"
    po = polib.pofile(str(catalog(scratch, "hi", "layouts")))
    notice = po.find("Draft: the English original is not yet reviewed by a qualified clinician.", msgctxt="status")
    assert re.sub(r"\s", "", notice.msgstr) in re.sub(r"\s", "", text)


def test_approve_refuses_what_is_not_ready_and_dates_that_cannot_be(scratch, keys, capsys):
    po = polib.pofile(str(catalog(scratch, "hi")), wrapwidth=79)
    next(e for e in po if e.msgctxt == "about.heading").flags.append("fuzzy")
    po.save()
    assert approve(scratch, keys, "hi", "translator") == 1
    assert "muscle-twitching in hi cannot be signed off yet" in capsys.readouterr().err
    for date, reason in (("2999-12-31", "in the future"), ("0001-01-01", "before the document existed"),
                         ("yesterday", "not written YYYY-MM-DD")):
        assert approve(scratch, keys, "en", "clinician", "--date", date) == 1
        assert reason in capsys.readouterr().err
    assert approve(scratch, keys, "en", "translator") == 1
    assert "Dr Asha Rao may sign off hi" in capsys.readouterr().err
    assert not list(scratch.locales.glob("*/*.signoff"))


def test_approve_with_the_key_held_by_ssh_agent(scratch, keys, tmp_path, capsys):
    """A reviewer whose key lives in ssh-agent (or a hardware token) gives its public half."""
    agent = subprocess.run(["ssh-agent", "-s"], capture_output=True, text=True, check=True).stdout
    env = dict(re.findall(r"(SSH_AUTH_SOCK|SSH_AGENT_PID)=([^;]+);", agent))
    import os
    try:
        subprocess.run(["ssh-add", "-q", str(keys["clinician"])], env={**os.environ, **env}, check=True,
                       capture_output=True)
        public_only = tmp_path / "agent-only.pub"
        public_only.write_text(keys["clinician"].with_suffix(".pub").read_text())
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        try:
            assert run(scratch, "approve", "--langs", "en", "--key", str(public_only)) == 0
        finally:
            for k, v in old.items():
                os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
        assert f"date: {dt.date.today().isoformat()}" in scratch.signoff_file("en", DOC).read_text()
    finally:
        subprocess.run(["kill", env["SSH_AGENT_PID"]], check=False)
