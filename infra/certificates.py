"""A certificate credential read from a file: the private key, the certificate, its thumbprints and expiry.

Many councils' tenants block client secrets for app registrations, so the bot's Bot Framework
credential (BOT_CERTIFICATE_PATH) and the delegated Graph sign-in (GRAPH_CERTIFICATE_PATH) may each be
a certificate instead. The file is what Key Vault and `openssl` export: a PEM holding the private key
and the certificate, or a PKCS#12 (.pfx/.p12). Every problem names the setting to fix, and the expiry
comes from the certificate itself, so admins are warned before it lapses without anyone having to
type a date in.

A leaf module like `infra.config`: it imports nothing of the project, so `bot/`, `graph/`, `services/`
and the start-up checks all read certificates the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12


class CertificateProblem(ValueError):
    """Why a certificate credential cannot be used, naming the setting to change."""


@dataclass(frozen=True)
class CertificateCredential:
    path: Path
    private_key_pem: str  # unencrypted PKCS#8 PEM, as MSAL and botbuilder take it (kept in memory only)
    certificate_pem: str
    thumbprint: str  # SHA-1, upper-case hex: what Entra's "Certificates & secrets" page shows
    thumbprint_sha256: str
    not_after: datetime  # UTC
    subject: str

    def __repr__(self) -> str:  # never the key
        return (
            f"CertificateCredential(path={str(self.path)!r}, thumbprint={self.thumbprint!r}, "
            f"not_after={self.not_after:%Y-%m-%d})"
        )

    def msal_credential(self) -> dict[str, str]:
        """MSAL's `client_credential` for a certificate: MSAL computes the SHA-256 thumbprint from the
        public certificate and signs the client assertion with PS256 (its recommended form)."""
        return {"private_key": self.private_key_pem, "public_certificate": self.certificate_pem}


def load_certificate(
    path: str | Path, password: str = "", *, setting: str, password_setting: str
) -> CertificateCredential:
    """Read a PEM (private key + certificate) or PKCS#12 file; raise CertificateProblem naming `setting`
    (the path) or `password_setting` (the password)."""
    file = Path(str(path).strip()).expanduser()
    if not str(path).strip():
        raise CertificateProblem(f"{setting} is empty.")
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise CertificateProblem(f"{setting}: there is no file {file}.") from None
    except OSError as exc:
        raise CertificateProblem(f"{setting}: {file} cannot be read ({exc.strerror or type(exc).__name__}).") from None
    secret = password.encode("utf-8") if password else None
    if b"-----BEGIN" in data:
        key, cert = _from_pem(data, secret, file, setting, password_setting)
    else:
        key, cert = _from_pkcs12(data, secret, file, setting, password_setting)
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise CertificateProblem(f"{setting}: the private key in {file} is neither RSA nor EC, which Entra ID accepts.")
    if key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo):
        raise CertificateProblem(f"{setting}: the private key in {file} does not belong to its certificate.")
    return CertificateCredential(
        path=file,
        private_key_pem=key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii"),
        certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        thumbprint=cert.fingerprint(hashes.SHA1()).hex().upper(),  # noqa: S303 - Entra's thumbprint is SHA-1
        thumbprint_sha256=cert.fingerprint(hashes.SHA256()).hex().upper(),
        not_after=cert.not_valid_after_utc,
        subject=cert.subject.rfc4514_string(),
    )


def _from_pem(data: bytes, secret: bytes | None, file: Path, setting: str, password_setting: str):
    certs = x509.load_pem_x509_certificates(data) if b"-----BEGIN CERTIFICATE-----" in data else []
    if not certs:
        raise CertificateProblem(
            f"{setting}: {file} holds no certificate (give a PEM with the private key and the certificate, or a .pfx)."
        )
    if b"PRIVATE KEY-----" not in data:
        raise CertificateProblem(
            f"{setting}: {file} holds no private key (give a PEM with the private key and the certificate, or a .pfx)."
        )
    try:
        key = serialization.load_pem_private_key(data, password=secret)
    except TypeError:  # encrypted without a password, or a password for an unencrypted key
        if secret:
            key = serialization.load_pem_private_key(data, password=None)
        else:
            raise CertificateProblem(
                f"{password_setting}: the private key in {file} is encrypted; set {password_setting}."
            ) from None
    except ValueError:
        raise CertificateProblem(
            f"{password_setting}: the private key in {file} could not be decrypted (wrong password?) or read."
        ) from None
    return key, certs[0]


def _from_pkcs12(data: bytes, secret: bytes | None, file: Path, setting: str, password_setting: str):
    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        hint = f"wrong {password_setting}?" if secret else f"set {password_setting} if it has a password"
        raise CertificateProblem(
            f"{setting}: {file} is neither a PEM nor a PKCS#12 file that opens ({hint})."
        ) from None
    if key is None or cert is None:
        raise CertificateProblem(f"{setting}: {file} must hold both the private key and the certificate.")
    return key, cert


def days_left(credential: CertificateCredential, now: datetime | None = None) -> float:
    now = now or datetime.now(UTC)
    return (credential.not_after - now).total_seconds() / 86400
