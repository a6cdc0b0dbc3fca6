"""The secrets and names of a class: the teacher's key, join codes, students' secrets and
nicknames. Keys and secrets come from `secrets` and are compared in constant time; a student's
secret is kept only as its SHA-256."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

# Join codes: letters and digits nobody mixes up when a code is projected or read aloud (no
# 0/O, 1/I/L, 2/Z, 5/S, 8/B), six of them: 25^6, about 2.4e8 codes.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
KEY_BYTES = 24  # 192 bits
NICKNAME_MAX = 24


def new_teacher_key() -> str:
    return secrets.token_urlsafe(KEY_BYTES)


def key_is_valid(key: str) -> bool:
    """A key a teacher may set (--teacher-key): long enough to be a secret, URL-safe."""
    return (
        isinstance(key, str)
        and 22 <= len(key) <= 200
        and all(c.isalnum() or c in "-_" for c in key)
        and key.isascii()
    )


def same_secret(given: str | None, expected: str) -> bool:
    """Constant-time comparison of two secrets (a wrong one tells nothing by its timing)."""
    if not isinstance(given, str):
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text) -> str | None:
    """A join code as typed (any case, spaces or dashes): the code, or None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = "".join(c for c in text.upper() if c not in " -\t")
    return code if len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code) else None


def new_student_secret() -> tuple[str, str]:
    """(the secret the student's browser keeps, what the database keeps of it)."""
    secret = secrets.token_urlsafe(KEY_BYTES)
    return secret, secret_hash(secret)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def nickname(text) -> tuple[str, str] | str:
    """(the nickname as shown, the key nicknames are compared by) or the reason it is refused.
    Any script; 1 to 24 characters after tidying; no control characters."""
    if not isinstance(text, str):
        return "a nickname is 1 to 24 characters"
    shown = " ".join(unicodedata.normalize("NFC", text).split())
    if not shown or len(shown) > NICKNAME_MAX:
        return f"a nickname is 1 to {NICKNAME_MAX} characters"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in shown):
        return "a nickname cannot hold control or invisible characters"
    return shown, unicodedata.normalize("NFKC", shown).casefold()
