"""The Teams app package: what the council's IT team uploads must install, and must offer only what the bot does.

The filled manifest is checked against Microsoft's own schema (shipped in the pinned npm package
`@microsoft/app-manifest`, run by `tests/e2e/validate_manifest.mjs`); the icons are read back from the
zip; and every command the manifest offers is put to the bot's own command registry as a plain member.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from bot.app import build_registries
from dfbot.package import PLACEHOLDER_APP_ID, PackageError, PackageOptions, build_package, main
from infra.config import Settings
from programme.access import Viewer

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = ROOT / "tests" / "e2e" / "validate_manifest.mjs"
SCHEMA_PACKAGE = ROOT / "node_modules" / "@microsoft" / "app-manifest"
APP_ID = "5d1f9a0c-7b2e-4c61-9a3f-2e8b6c4d1a07"
HOST = "dfbot.example.gov.uk"


def settings(**env: str) -> Settings:
    values = {"MicrosoftAppId": APP_ID, "PUBLIC_BASE_URL": f"https://{HOST}"} | env
    return Settings(_env_file=None, **values)


@pytest.fixture
def package(tmp_path) -> tuple[Path, dict]:
    out = tmp_path / "digital-first-bot.zip"
    manifest = build_package(out, settings())
    return out, manifest


# ---- reading PNGs back, without an imaging library ------------------------------------------------


def read_png(data: bytes) -> tuple[int, int, int, list[list[tuple[int, ...]]]]:
    """(width, height, colour type, rows of pixels) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        assert (
            zlib.crc32(kind + body) & 0xFFFFFFFF == struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])[0]
        )
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND"
    width, height, depth, colour_type, _comp, _filter, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, "expected 8-bit RGB or RGBA, not interlaced"
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, up_left = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 0xFF
        rows.append([tuple(line[x * channels : (x + 1) * channels]) for x in range(width)])
        previous = line
    return width, height, colour_type, rows


# ---- the package --------------------------------------------------------------------------------


def test_the_zip_holds_the_manifest_and_both_icons_at_its_root(package):
    out, _ = package
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}


def test_the_colour_icon_is_192_square_and_opaque(package):
    out, _ = package
    with zipfile.ZipFile(out) as zf:
        width, height, colour_type, rows = read_png(zf.read("color.png"))
    assert (width, height) == (192, 192)
    if colour_type == 6:
        assert all(px[3] == 255 for row in rows for px in row), "the colour icon has a full-bleed background"
    assert len({px[:3] for row in rows for px in row}) > 2, "a glyph on the background, not a flat square"


def test_the_colour_icon_background_is_the_accent_colour(package):
    out, manifest = package
    with zipfile.ZipFile(out) as zf:
        _, _, _, rows = read_png(zf.read("color.png"))
    accent = tuple(int(manifest["accentColor"][i : i + 2], 16) for i in (1, 3, 5))
    assert rows[0][0][:3] == rows[191][191][:3] == accent


def test_the_outline_icon_is_32_square_white_on_transparent(package):
    out, _ = package
    with zipfile.ZipFile(out) as zf:
        width, height, colour_type, rows = read_png(zf.read("outline.png"))
    assert (width, height) == (32, 32)
    assert colour_type == 6, "the outline icon needs an alpha channel"
    pixels = [px for row in rows for px in row]
    assert all(px[:3] == (255, 255, 255) for px in pixels), "white only: the shape is in the alpha channel"
    assert all(rows[y][x][3] == 0 for y, x in ((0, 0), (0, 31), (31, 0), (31, 31))), "transparent background"
    opaque = sum(1 for px in pixels if px[3] == 255)
    clear = sum(1 for px in pixels if px[3] == 0)
    assert opaque > 50 and clear > 400, "a visible glyph on a mostly transparent square"


def test_the_icons_are_what_make_icons_draws(tmp_path):
    """The committed PNGs are the script's output, so anyone can change and redraw them."""
    subprocess.run(
        [sys.executable, str(ROOT / "manifest" / "make_icons.py"), str(tmp_path)], check=True, capture_output=True
    )
    for icon in ("color.png", "outline.png"):
        assert (tmp_path / icon).read_bytes() == (ROOT / "manifest" / icon).read_bytes(), (
            f"{icon} differs from make_icons.py's"
        )


def test_the_same_settings_build_the_same_zip(tmp_path):
    build_package(tmp_path / "a.zip", settings())
    build_package(tmp_path / "b.zip", settings())
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


# ---- placeholders ---------------------------------------------------------------------------------


def test_every_placeholder_is_filled_from_the_settings(package):
    out, manifest = package
    with zipfile.ZipFile(out) as zf:
        assert b"{{" not in zf.read("manifest.json")
    assert manifest["id"] == manifest["bots"][0]["botId"] == manifest["webApplicationInfo"]["id"] == APP_ID
    assert manifest["webApplicationInfo"]["resource"] == f"api://{HOST}/{APP_ID}"
    assert manifest["validDomains"] == [HOST]
    assert manifest["developer"]["privacyUrl"] == f"https://{HOST}/privacy"
    tabs = {t["entityId"]: t for t in manifest["staticTabs"]}
    assert tabs["dashboard"]["contentUrl"] == f"https://{HOST}/dashboard"
    assert manifest["configurableTabs"][0]["configurationUrl"] == f"https://{HOST}/dashboard/configure"
    assert manifest["configurableTabs"][0]["scopes"] == ["team", "groupChat"]


def test_the_host_is_lower_case_and_keeps_a_non_default_port(tmp_path):
    manifest = build_package(tmp_path / "p.zip", settings(PUBLIC_BASE_URL="https://Bots.Example.gov.uk:8443/"))
    assert manifest["validDomains"] == ["bots.example.gov.uk:8443"]
    assert manifest["webApplicationInfo"]["resource"] == f"api://bots.example.gov.uk:8443/{APP_ID}"


def test_without_an_app_id_a_local_package_uses_the_all_zero_id_and_warns(tmp_path):
    warnings: list[str] = []
    manifest = build_package(
        tmp_path / "p.zip", settings(MicrosoftAppId="", PUBLIC_BASE_URL="http://localhost:3978"), warn=warnings.append
    )
    assert manifest["id"] == manifest["bots"][0]["botId"] == PLACEHOLDER_APP_ID
    assert any("MicrosoftAppId" in w for w in warnings)


def test_without_an_app_id_a_package_for_a_public_host_is_refused_naming_the_variable(tmp_path):
    with pytest.raises(PackageError, match="MicrosoftAppId"):
        build_package(tmp_path / "p.zip", settings(MicrosoftAppId=""))
    assert not (tmp_path / "p.zip").exists()
    manifest = build_package(tmp_path / "p.zip", settings(MicrosoftAppId=""), PackageOptions(allow_placeholder=True))
    assert manifest["id"] == PLACEHOLDER_APP_ID


@pytest.mark.parametrize(
    "env, named",
    [
        ({"MicrosoftAppId": "not-a-guid"}, "MicrosoftAppId"),
        ({"PUBLIC_BASE_URL": "https://council.example/dfbot"}, "PUBLIC_BASE_URL"),
        ({"PUBLIC_BASE_URL": "council.example"}, "PUBLIC_BASE_URL"),
    ],
)
def test_bad_settings_are_refused_naming_the_variable(tmp_path, env, named):
    with pytest.raises(PackageError, match=named):
        build_package(tmp_path / "p.zip", settings(**env))


def test_make_package_works_from_a_fresh_shell_without_azure(tmp_path):
    """`make package` runs `python -m dfbot.package build/…zip` with nothing configured: it must not fail."""
    env = {k: v for k, v in os.environ.items() if k not in {"MicrosoftAppId", "MICROSOFT_APP_ID", "PUBLIC_BASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-m", "dfbot.package", str(tmp_path / "build" / "digital-first-bot.zip")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "MicrosoftAppId" in result.stderr  # the warning says what is missing
    assert (tmp_path / "build" / "digital-first-bot.zip").is_file()


def test_the_command_line_says_what_is_missing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MicrosoftAppId", "")
    monkeypatch.setenv("PUBLIC_BASE_URL", f"https://{HOST}")
    monkeypatch.chdir(tmp_path)
    from infra.config import get_settings

    get_settings.cache_clear()
    try:
        assert main([str(tmp_path / "p.zip")]) == 1
    finally:
        get_settings.cache_clear()
    assert "MicrosoftAppId is not set" in capsys.readouterr().err


# ---- the official schema --------------------------------------------------------------------------


def test_the_filled_manifest_is_valid_against_microsofts_schema(package, tmp_path):
    """The package as uploaded: the validator reads manifest.json and checks the icons beside it too."""
    out, manifest = package
    node = shutil.which("node")
    if not VALIDATOR.is_file():
        pytest.fail(
            f"{VALIDATOR.relative_to(ROOT)} is missing from the repository: it runs Microsoft's schema check.",
            pytrace=False,
        )
    missing = [
        what
        for what, there in (
            ("Node.js (node)", node is not None),
            ("node_modules/@microsoft/app-manifest", SCHEMA_PACKAGE.is_dir()),
        )
        if not there
    ]
    if missing:
        # Never skipped: in CI and locally alike, a manifest that was not validated is a failure.
        where = "in CI" if os.environ.get("CI", "").lower() == "true" else "on this machine"
        pytest.fail(
            f"cannot validate the manifest {where}: {' and '.join(missing)} missing. "
            "Run `make test`, which installs Node.js and the npm packages.",
            pytrace=False,
        )
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(unpacked)
    result = subprocess.run(
        [node, str(VALIDATOR), str(unpacked / "manifest.json")], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, (
        f"the package's manifest does not pass Microsoft's schema:\n{result.stdout}\n{result.stderr}"
    )
    assert f"/v{manifest['manifestVersion']}/" in result.stdout.replace("\\", "/")  # the schema of our version
    assert "warning" not in result.stderr, result.stderr  # e.g. a placeholder left unfilled


def test_the_manifest_is_on_the_newest_released_version_whose_schema_ships_in_the_pinned_package(package):
    """Microsoft's manifest reference lists every version the pinned package ships as generally available
    (devPreview aside): when the package is upgraded, move the manifest up after reading the change log."""
    _, manifest = package
    version = manifest["manifestVersion"]
    assert (
        manifest["$schema"]
        == f"https://developer.microsoft.com/json-schemas/teams/v{version}/MicrosoftTeams.schema.json"
    )
    schemas = SCHEMA_PACKAGE / "build" / "json-schemas" / "teams"
    if not schemas.is_dir():
        pytest.fail(
            "node_modules/@microsoft/app-manifest is not installed: run `make test`, which installs it.", pytrace=False
        )
    shipped = sorted(
        tuple(int(n) for n in d.name[1:].split("."))
        for d in schemas.iterdir()
        if re.fullmatch(r"v\d+\.\d+", d.name) and (d / "MicrosoftTeams.schema.json").is_file()
    )
    assert tuple(int(n) for n in version.split(".")) == shipped[-1], (
        f"manifestVersion {version}; the pinned package ships up to {'.'.join(map(str, shipped[-1]))}"
    )


# ---- the command list -----------------------------------------------------------------------------


def test_the_bot_is_in_personal_team_and_group_chat_scopes(package):
    _, manifest = package
    assert sorted(manifest["bots"][0]["scopes"]) == ["groupChat", "personal", "team"]


def test_the_app_can_be_added_to_a_private_or_shared_dlg_channel(package):
    """Teams lets an app into private and shared channels only when the manifest declares the channel
    features ("Apps for shared and private channels"); the DLG's channel is often private (issue 22)."""
    _, manifest = package
    assert manifest["supportsChannelFeatures"] == "tier1"


def test_personal_scope_has_no_command_list_because_it_has_the_welcome_card(package):
    _, manifest = package
    lists = manifest["bots"][0]["commandLists"]
    assert all("personal" not in cl["scopes"] for cl in lists)
    assert {scope for cl in lists for scope in cl["scopes"]} == {"team", "groupChat"}


@pytest.mark.parametrize("conversation_type", ["channel", "groupChat"])
def test_every_listed_command_is_one_the_bot_understands_for_a_plain_member(package, conversation_type):
    _, manifest = package
    commands, _actions = build_registries()
    member = Viewer(person_id=1, name="A member", conversation_type=conversation_type)
    titles = [c["title"] for cl in manifest["bots"][0]["commandLists"] for c in cl["commands"]]
    assert titles, "the team and group chat scopes offer commands"
    for title in titles:
        found = commands.match(title)
        assert found is not None, f"the manifest offers {title!r} but the bot does not understand it"
        command, _ = found
        assert command.visible_to(member), f"{title!r} is not a command a plain member may use"
    for cl in manifest["bots"][0]["commandLists"]:
        assert len(cl["commands"]) <= 10
        assert all(len(c["title"]) <= 32 and len(c["description"]) <= 128 for c in cl["commands"])
