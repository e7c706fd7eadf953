"""SSH signatures (`ssh-keygen -Y sign` / `-Y verify`), the scheme git uses to sign commits.

A reviewer signs with the SSH key they already have (a file, or a key held by ssh-agent or a
hardware token); the clinic lists the public keys it trusts. The signature is OpenSSH's own
format (SSHSIG), bound to a namespace so a sign-off signature cannot be passed off as, say, a
signed git commit, and verified by OpenSSH itself against an allowed-signers list made for
the one reviewer the sign-off names. Nothing cryptographic is written by hand here.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from ..errors import LeafletError, display_path
from ..tools import require_tool

NAMESPACE = "leaflets-signoff@v1"
KEY_RE = re.compile(r"^(?P<type>ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521)|ssh-rsa|sk-ssh-ed25519@openssh\.com|"
                    r"sk-ecdsa-sha2-nistp256@openssh\.com) (?P<blob>[A-Za-z0-9+/]{40,2000}={0,3})(?: .{0,200})?$")
SIGNATURE_RE = re.compile(r"-----BEGIN SSH SIGNATURE-----\n[A-Za-z0-9+/=\n]{40,20000}-----END SSH SIGNATURE-----\n?")
TIMEOUT = 30  # seconds; a passphrase prompt or a hardware token's touch may take a while


def _ssh_keygen() -> str:
    return require_tool("ssh-keygen", "openssh-client")


def key_blob(public_key: str) -> str:
    """`type blob` of a public key line, without its comment: what identifies the key."""
    match = KEY_RE.match(public_key.strip())
    if match is None:
        raise ValueError("not an SSH public key line such as 'ssh-ed25519 AAAAC3Nz...'")
    return f"{match['type']} {match['blob']}"


def public_key(key: Path) -> str:
    """The public key of a signing key: read from a `.pub` file, or derived from the private key
    file (OpenSSH may ask for its passphrase)."""
    if key.suffix == ".pub" or (key.is_file() and key.stat().st_size < 4096 and
                                key.read_text(errors="replace").startswith(("ssh-", "ecdsa-", "sk-"))):
        text = key.read_text(encoding="utf-8", errors="replace")
    else:
        result = subprocess.run([_ssh_keygen(), "-y", "-f", str(key)], capture_output=True, text=True,
                                timeout=TIMEOUT)
        if result.returncode != 0:
            raise LeafletError(f"cannot read the key: {result.stderr.strip()[:300]}", display_path(key))
        text = result.stdout
    try:
        return key_blob(text.splitlines()[0] if text.strip() else "")
    except ValueError as exc:
        raise LeafletError(f"cannot use the key: {exc}", display_path(key)) from None


def sign(data: bytes, key: Path) -> str:
    """An armored SSH signature of `data` made with `key` (a private key file, or a public key
    whose private half ssh-agent holds)."""
    if not key.exists():
        raise LeafletError("the key file does not exist; give your SSH key, e.g. --key ~/.ssh/id_ed25519",
                           display_path(key))
    result = subprocess.run([_ssh_keygen(), "-Y", "sign", "-q", "-f", str(key), "-n", NAMESPACE], input=data,
                            capture_output=True, timeout=TIMEOUT)
    signature = result.stdout.decode("ascii", "replace")
    if result.returncode != 0 or not SIGNATURE_RE.fullmatch(signature):
        why = result.stderr.decode("utf-8", "replace").strip()[:300] or "no signature came back"
        raise LeafletError(f"ssh-keygen could not sign with this key: {why}", display_path(key))
    return signature


def verify(data: bytes, signature: str, principal: str, public: str) -> str | None:
    """None when `signature` is `public`'s signature of `data` in our namespace; else why not."""
    if not SIGNATURE_RE.fullmatch(signature):
        return "the signature block is malformed"
    if not re.fullmatch(r"[A-Za-z0-9._@+-]{1,100}", principal):
        return "the reviewer id is malformed"
    with tempfile.TemporaryDirectory(prefix="leaflets-verify-") as tmp:
        allowed = Path(tmp) / "allowed_signers"
        allowed.write_text(f'{principal} namespaces="{NAMESPACE}" {key_blob(public)}\n', encoding="utf-8")
        sig = Path(tmp) / "signoff.sig"
        sig.write_text(signature, encoding="ascii")
        result = subprocess.run([_ssh_keygen(), "-Y", "verify", "-f", str(allowed), "-I", principal, "-n", NAMESPACE,
                                 "-s", str(sig)], input=data, capture_output=True, timeout=TIMEOUT)
    if result.returncode == 0:
        return None
    return "the signature does not match the sign-off's text and the reviewer's key"
