"""`dfbot package`: the Teams app package (manifest and icons) built into a zip; the work is `dfbot/package.py`.

`python -m dfbot.package OUT.zip` runs this same command (`dfbot.package.main`), so the options are defined once.
"""

from __future__ import annotations

from pathlib import Path

import typer

from dfbot.package import DEFAULT_DEVELOPER_NAME, PLACEHOLDER_APP_ID, PackageOptions, build

__all__ = ["package"]


def package(
    out: Path = typer.Argument(..., dir_okay=False, help="the zip to write, e.g. build/digital-first-bot.zip"),
    allow_placeholder: bool = typer.Option(
        False,
        "--allow-placeholder",
        help=f"build even without MicrosoftAppId, with the app id {PLACEHOLDER_APP_ID} (not installable)",
    ),
    app_version: str = typer.Option(
        None, help="the package version, three numbers (default: the dfbot version); raise it for every upload"
    ),
    developer_name: str = typer.Option(DEFAULT_DEVELOPER_NAME, help="publisher shown in Teams (at most 32 characters)"),
    website_url: str = typer.Option(None, help="support page (default: https://PUBLIC_HOST/)"),
    privacy_url: str = typer.Option(None, help="privacy notice (default: https://PUBLIC_HOST/privacy)"),
    terms_url: str = typer.Option(None, help="terms of use (default: https://PUBLIC_HOST/terms)"),
    manifest_dir: Path = typer.Option(
        None, file_okay=False, help="folder with manifest.json and the icons (default: manifest/)"
    ),
) -> None:
    """Build the Teams app package (manifest and icons, a zip) from manifest/ and MicrosoftAppId, PUBLIC_BASE_URL."""

    options = PackageOptions(
        allow_placeholder=allow_placeholder,
        app_version=app_version,
        developer_name=developer_name,
        website_url=website_url,
        privacy_url=privacy_url,
        terms_url=terms_url,
    )
    code = build(out, options, manifest_dir)
    if code:
        raise typer.Exit(code=code)
