"""A sign-off is a signed statement; every field, the signature and the dates are checked."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from pipeline.errors import LeafletError
from pipeline.model.review import Review
from pipeline.review import leaflet_review, ssh
from pipeline.review.reviewers import Reviewer, load_reviewers
from pipeline.review.signoff import Statement, Subject, check, check_date, parse, write

TODAY = dt.date(2026, 12, 1)
SUBJECT = Subject("muscle-twitching", "hi", "1.0.0", "sha256:english", "sha256:translation", dt.date(2026, 11, 1))


def keypair(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key, ssh.key_blob((folder / f"{name}.pub").read_text())


@pytest.fixture
def signer(tmp_path):
    key, public = keypair(tmp_path, "sharma")
    reviewer = Reviewer("a.sharma@riverside.example", "Dr A. Sharma", "Medical translator, Hindi", ("hi",), public)
    return key, reviewer


def signed(tmp_path, key, statement: Statement) -> Path:
    path = tmp_path / "locales" / "hi" / "muscle-twitching.signoff"
    write(path, tmp_path, statement, ssh.sign(statement.text().encode(), key))
    return path


def statement(reviewer: Reviewer, **changes) -> Statement:
    fields = dict(domain="muscle-twitching", locale="hi", version="1.0.0", reviewer=reviewer.id, name=reviewer.name,
                  role=reviewer.role, date="2026-11-20", english="sha256:english", translation="sha256:translation")
    fields.update(changes)
    return Statement(**fields)


def test_a_genuine_signoff_is_accepted_with_the_clinics_name_and_role(tmp_path, signer):
    key, reviewer = signer
    path = signed(tmp_path, key, statement(reviewer))
    review = check(path, tmp_path, SUBJECT, (reviewer,), TODAY)
    assert review == Review(True, "Dr A. Sharma", "Medical translator, Hindi", "2026-11-20")


@pytest.mark.parametrize("edit, reason", [
    (("name: Dr A. Sharma", "name: Dr A. Nobody"), "does not match"),
    (("role: Medical translator, Hindi", "role: Chief of medicine"), "does not match"),
    (("date: 2026-11-20", "date: 2026-11-21"), "does not match"),
    (("translation: sha256:translation", "translation: sha256:forged"), "does not match"),
    (("locale: hi", "locale: ta"), "it signs off muscle-twitching in ta, not muscle-twitching in hi"),
])
def test_any_edit_of_a_signed_statement_is_caught(tmp_path, signer, edit, reason):
    key, reviewer = signer
    path = signed(tmp_path, key, statement(reviewer))
    path.write_text(path.read_text().replace(*edit))
    review = check(path, tmp_path, SUBJECT, (reviewer,), TODAY)
    assert review.is_draft and reason in review.why_draft


def test_a_translator_cannot_sign_with_a_key_of_their_own(tmp_path, signer):
    _, reviewer = signer
    forger_key, _ = keypair(tmp_path, "forger")
    path = signed(tmp_path, forger_key, statement(reviewer))
    review = check(path, tmp_path, SUBJECT, (reviewer,), TODAY)
    assert review.is_draft and "does not match the sign-off's text and the reviewer's key" in review.why_draft


def test_a_signer_missing_from_the_reviewers_list_or_outside_their_languages_is_refused(tmp_path, signer):
    key, reviewer = signer
    path = signed(tmp_path, key, statement(reviewer))
    assert "is not in the clinic's reviewers list" in check(path, tmp_path, SUBJECT, (), TODAY).why_draft
    tamil_only = Reviewer(reviewer.id, reviewer.name, reviewer.role, ("ta",), reviewer.key)
    assert "may sign off ta, not hi" in check(path, tmp_path, SUBJECT, (tamil_only,), TODAY).why_draft


def test_a_name_or_role_the_clinic_changed_since_needs_a_new_signoff(tmp_path, signer):
    key, reviewer = signer
    path = signed(tmp_path, key, statement(reviewer))
    promoted = Reviewer(reviewer.id, reviewer.name, "Lead medical translator", reviewer.signs, reviewer.key)
    assert "name or role differs" in check(path, tmp_path, SUBJECT, (promoted,), TODAY).why_draft


@pytest.mark.parametrize("subject, reason", [
    (Subject("muscle-twitching", "hi", "1.0.1", "sha256:english", "sha256:translation", dt.date(2026, 11, 1)),
     "it signs off version 1.0.0, the document is now 1.0.1"),
    (Subject("muscle-twitching", "hi", "1.0.0", "sha256:new-english", "sha256:translation", dt.date(2026, 11, 1)),
     "the English changed since it was signed off"),
    (Subject("muscle-twitching", "hi", "1.0.0", "sha256:english", "sha256:new", dt.date(2026, 11, 1)),
     "the translations changed since they were signed off"),
])
def test_a_signoff_of_older_content_is_stale(tmp_path, signer, subject, reason):
    key, reviewer = signer
    path = signed(tmp_path, key, statement(reviewer))
    review = check(path, tmp_path, subject, (reviewer,), TODAY)
    assert review.is_draft and reason in review.why_draft


@pytest.mark.parametrize("value, reason", [
    ("2999-12-31", "in the future"), ("0001-01-01", "before the document existed"),
    ("2026-10-31", "before the document existed"), ("2026-02-30", "not a real day"),
    ("2026-11-20 <b>x</b>", "not written YYYY-MM-DD"),
])
def test_dates_are_checked(value, reason):
    assert reason in check_date(value, dt.date(2026, 11, 1), TODAY)
    assert check_date("2026-11-20", dt.date(2026, 11, 1), TODAY) is None


def test_a_validly_signed_future_date_is_still_refused(tmp_path, signer):
    key, reviewer = signer
    path = signed(tmp_path, key, statement(reviewer, date="2999-12-31"))
    assert "in the future" in check(path, tmp_path, SUBJECT, (reviewer,), TODAY).why_draft


@pytest.mark.parametrize("text, reason", [
    ("no signature here\n", "holds no signature"),
    ("leaflets sign-off 1\nname: x\n-----BEGIN SSH SIGNATURE-----\nx\n", "lacks"),
    ("leaflets sign-off 1\nsurprise: x\n-----BEGIN SSH SIGNATURE-----\nx\n", "not one of its fields"),
    ("leaflets sign-off 9\n-----BEGIN SSH SIGNATURE-----\n", "first line"),
])
def test_a_malformed_signoff_file_says_what_is_wrong(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse(text)


def test_no_signoff_file_is_a_draft_saying_so(tmp_path, signer):
    review = check(tmp_path / "missing.signoff", tmp_path, SUBJECT, (signer[1],), TODAY)
    assert review.is_draft and "no sign-off recorded" in review.why_draft


def test_a_signoff_that_links_outside_is_not_read(tmp_path, signer):
    (tmp_path / "x.signoff").symlink_to("/etc/passwd")
    review = check(tmp_path / "x.signoff", tmp_path, SUBJECT, (signer[1],), TODAY)
    assert review.is_draft and "leads outside" in review.why_draft and "root:" not in review.why_draft


def test_a_leaflet_is_reviewed_only_when_its_words_its_layouts_and_the_english_are():
    ok = Review(True, "Dr A. Sharma", "Medical translator, Hindi", "2026-11-20")
    clinician = Review(True, "Dr C. Lin", "Consultant", "2026-11-19")
    draft = Review(False, why_draft="no sign-off recorded (locales/en/muscle-twitching.signoff)")
    reviews = {("muscle-twitching", "hi"): ok, ("layouts", "hi"): ok, ("muscle-twitching", "en"): clinician,
               ("layouts", "en"): clinician}
    assert leaflet_review(reviews, "muscle-twitching", "hi") == ok
    assert leaflet_review(reviews, "muscle-twitching", "en") == clinician
    source_draft = leaflet_review({**reviews, ("muscle-twitching", "en"): draft}, "muscle-twitching", "hi")
    assert source_draft.is_draft and source_draft.draft_of == "source" and "en/muscle-twitching" in source_draft.why_draft
    layouts_draft = leaflet_review({**reviews, ("layouts", "hi"): draft}, "muscle-twitching", "hi")
    assert layouts_draft.is_draft and layouts_draft.draft_of == "translation"


def test_the_reviewers_file_is_checked(tmp_path, signer):
    _, reviewer = signer
    path = tmp_path / "reviewers.yaml"
    path.write_text(f"reviewers:\n  - id: {reviewer.id}\n    name: {reviewer.name}\n    role: {reviewer.role}\n"
                    f"    signs: [hi]\n    key: {reviewer.key} sharma@laptop\n")
    assert load_reviewers(path, tmp_path) == (reviewer,)
    path.write_text("reviewers:\n  - id: not an id\n    name: X <b>\n    role: R\n    signs: [hi]\n    key: ssh-rsa xx\n")
    with pytest.raises(LeafletError) as info:
        load_reviewers(path, tmp_path)
    message = str(info.value)
    assert "reviewers.yaml:2: reviewers.id: 'not an id' must be an email-like id" in message
    assert "reviewers.name: write plain text" in message and "reviewers.key: not an SSH public key" in message
    assert load_reviewers(tmp_path / "none.yaml", tmp_path) == ()
