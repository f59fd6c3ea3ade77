"""A throw-away MediaWiki for tests.

The harness installs Debian's MediaWiki (``/usr/share/mediawiki``) into a
private directory that holds its own ``LocalSettings.php``, SQLite database,
caches and uploads.  The system installation is never modified: MediaWiki is
told where its settings live through the ``MW_CONFIG_FILE`` environment
variable, and PHP's built-in web server serves the read-only code directory
with a small router script.

Building the wiki (``install.php``, creating users, importing the XML fixture
dumps, refreshing link tables, warming the localisation cache) takes a few
seconds, so the result is kept as a *template* directory in a cache keyed by a
hash of the fixture files and this module.  Every test session copies the
template to a fresh working directory, so edits made by tests never leak into
the next run.

Typical use::

    template = build_template(FIXTURES_DIR)
    wiki = MediaWikiServer.from_template(template, tmp_path / "wiki")
    wiki.start()
    ...  # wiki.api_url, wiki.bot, wiki.users
    wiki.stop()

Set ``ARENA_MEDIAWIKI_CACHE`` to choose the cache directory (default
``~/.cache/arena/mediawiki``) and ``MEDIAWIKI_DIR`` to use a MediaWiki code
directory other than ``/usr/share/mediawiki``.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

MEDIAWIKI_DIR = Path(os.environ.get("MEDIAWIKI_DIR", "/usr/share/mediawiki"))
DB_NAME = "arenawiki"
SITE_NAME = "Arena Test Wiki"
ADMIN = ("Admin", "Admin-password-2026")

#: Accounts created before the fixture import, so that imported revisions are
#: attributed to local users (``importDump.php`` only prefixes unknown names).
#: The registration timestamps are written into the database afterwards.
USERS: dict[str, dict] = {
    "Alice": {"password": "Alice-password-2026", "registered": "20250105093000"},
    "Bob": {"password": "Bob-password-2026", "registered": "20250210120000"},
    "Carol": {"password": "Carol-password-2026", "registered": "20241120081500"},
    "Dalia": {"password": "Dalia-password-2026", "registered": "20250301170000"},
    "Historian": {"password": "Historian-password-2026", "registered": "20251231230000"},
    "ArenaBot": {"password": "ArenaBot-password-2026", "registered": "20260101000000", "bot": True},
}

BOT_USER = "ArenaBot"
BOT_APP_ID = "arena"
#: createBotPassword.php requires exactly 32 characters.
BOT_PASSWORD = "arenabotpasswordfortests00000000"
BOT_GRANTS = "basic,highvolume,editpage,editprotected,createeditmovepage"

EXTENSIONS = ("Cite", "ParserFunctions", "TextExtracts", "CategoryTree")

LOCAL_SETTINGS = r"""<?php
# Settings for the Arena test wiki.  Paths are relative to this file so that
# the directory can be copied freely; the server URL comes from the
# environment because the port changes between runs.
if ( !defined( 'MEDIAWIKI' ) ) {
	exit;
}
$arenaRoot = __DIR__;

$wgSitename = "%(sitename)s";
$wgMetaNamespace = "Project";
$wgServer = getenv( 'ARENA_MW_SERVER' ) ?: 'http://127.0.0.1';
$wgCanonicalServer = $wgServer;
$wgScriptPath = "";
$wgArticlePath = "/wiki/$1";
$wgUsePathInfo = true;
$wgResourceBasePath = $wgScriptPath;

$wgDBtype = "sqlite";
$wgDBname = "%(dbname)s";
$wgDBserver = "";
$wgDBuser = "";
$wgDBpassword = "";
$wgSQLiteDataDir = "$arenaRoot/data";

$wgMainCacheType = CACHE_NONE;
$wgSessionCacheType = CACHE_DB;
# No parser cache: pages are rendered at import time, before the pages they
# link to exist, and a cached rendering would keep those links red.
$wgParserCacheType = CACHE_NONE;
$wgMessageCacheType = CACHE_NONE;
$wgCacheDirectory = "$arenaRoot/cache";
$wgLocalisationCacheConf['store'] = 'files';
$wgUploadDirectory = "$arenaRoot/images";
$wgUploadPath = "/images";
$wgTmpDirectory = "$arenaRoot/tmp";
$wgEnableUploads = false;
$wgUseInstantCommons = false;
$wgPingback = false;
$wgEnableEmail = false;
$wgLanguageCode = "en";
$wgLocaltimezone = "UTC";
$wgSecretKey = "%(secret)s";
$wgUpgradeKey = "%(upgrade)s";
$wgAuthenticationTokenVersion = "1";
$wgShowExceptionDetails = true;

# Deterministic behaviour for tests: jobs are run by the harness, no rate
# limits or login throttles, bot passwords on, anonymous editing off.
$wgJobRunRate = 0;
$wgRateLimits = [];
$wgPasswordAttemptThrottle = [];
$wgAccountCreationThrottle = [];
$wgEnableBotPasswords = true;
$wgGroupPermissions['*']['edit'] = false;
$wgGroupPermissions['*']['createpage'] = false;
$wgGroupPermissions['*']['createtalk'] = false;
$wgAPIMaxLagThreshold = 7;

# Arabic namespace names, so that the Arabic fixture page can be written
# the way it is on ar.wikipedia.org.
$wgNamespaceAliases['ملف'] = NS_FILE;
$wgNamespaceAliases['تصنيف'] = NS_CATEGORY;
$wgNamespaceAliases['قالب'] = NS_TEMPLATE;

$wgDefaultSkin = "vector";
wfLoadSkin( 'Vector' );
%(extensions)s
"""

ROUTER = r"""<?php
// Router for PHP's built-in web server: /wiki/Title goes to index.php,
// everything else (api.php, index.php/Title, load.php, ...) is served as is.
$path = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH );
if ( $path === '/' ) {
	$_SERVER['SCRIPT_NAME'] = '/index.php';
	require 'index.php';
	return true;
}
if ( strpos( $path, '/wiki/' ) === 0 ) {
	$_GET['title'] = rawurldecode( substr( $path, strlen( '/wiki/' ) ) );
	$_REQUEST['title'] = $_GET['title'];
	$_SERVER['SCRIPT_NAME'] = '/index.php';
	require 'index.php';
	return true;
}
return false;
"""


class HarnessError(RuntimeError):
    """The test wiki could not be built or started."""


@dataclasses.dataclass(frozen=True)
class BotCredentials:
    """A bot password as Special:BotPasswords would show it."""

    user: str
    app_id: str
    password: str

    @property
    def login_name(self) -> str:
        return f"{self.user}@{self.app_id}"


def fixture_files(fixtures_dir: Path) -> list[Path]:
    return sorted(Path(fixtures_dir).glob("*.xml"))


def template_key(fixtures_dir: Path) -> str:
    """Hash of everything that determines the template's content."""
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    version = MEDIAWIKI_DIR / "includes" / "Defines.php"
    if version.exists():
        digest.update(version.read_bytes())
    for path in fixture_files(fixtures_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def default_cache_dir() -> Path:
    configured = os.environ.get("ARENA_MEDIAWIKI_CACHE")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "arena" / "mediawiki"


def _run(args: list[str], *, env: dict, cwd: Path, log: Path) -> str:
    proc = subprocess.run(
        args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, timeout=600,
    )
    with log.open("a") as fh:
        fh.write(f"$ {' '.join(args)}\n{proc.stdout}\n")
    if proc.returncode != 0:
        raise HarnessError(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}")
    return proc.stdout


def _maintenance_env(root: Path, server: str = "http://127.0.0.1") -> dict:
    env = dict(os.environ)
    env["MW_CONFIG_FILE"] = str(root / "LocalSettings.php")
    env["ARENA_MW_SERVER"] = server
    return env


def run_maintenance(root: Path, script: str, *args: str, server: str = "http://127.0.0.1") -> str:
    """Run ``maintenance/<script>.php`` against the wiki living in ``root``."""
    return _run(
        ["php", str(MEDIAWIKI_DIR / "maintenance" / f"{script}.php"), *args],
        env=_maintenance_env(root, server), cwd=root, log=root / "maintenance.log",
    )


def build_template(fixtures_dir: Path, cache_dir: Path | None = None) -> Path:
    """Return a ready-made wiki directory for ``fixtures_dir``, building it if needed."""
    if shutil.which("php") is None or not (MEDIAWIKI_DIR / "maintenance" / "install.php").exists():
        raise HarnessError("MediaWiki is not installed; run scripts/install-mediawiki.sh")
    cache_dir = Path(cache_dir or default_cache_dir())
    target = cache_dir / template_key(fixtures_dir)
    if (target / "READY").exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    work = cache_dir / f"{target.name}.building-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        _build(work, fixtures_dir)
        (work / "READY").write_text("ok\n")
        try:
            work.rename(target)
        except OSError:
            # Another process finished first; use its copy.
            if not (target / "READY").exists():
                raise
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    _prune(cache_dir, keep=3)
    return target


def _prune(cache_dir: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently built templates."""
    built = sorted(
        (p for p in cache_dir.iterdir() if (p / "READY").exists()),
        key=lambda p: (p / "READY").stat().st_mtime, reverse=True,
    )
    for old in built[keep:]:
        shutil.rmtree(old, ignore_errors=True)


def _build(root: Path, fixtures_dir: Path) -> None:
    for sub in ("data", "cache", "images", "tmp", "install"):
        (root / sub).mkdir(parents=True)
    log = root / "maintenance.log"
    env = dict(os.environ)
    env.pop("MW_CONFIG_FILE", None)
    _run(
        [
            "php", str(MEDIAWIKI_DIR / "maintenance" / "install.php"),
            "--dbtype=sqlite", f"--dbpath={root / 'data'}", f"--dbname={DB_NAME}",
            f"--confpath={root / 'install'}", "--server=http://127.0.0.1", "--scriptpath=",
            "--lang=en", f"--pass={ADMIN[1]}", "--skins=Vector", SITE_NAME, ADMIN[0],
        ],
        env=env, cwd=root, log=log,
    )
    # The generated settings hard-code absolute paths; ours are relocatable.
    shutil.rmtree(root / "install")
    extensions = "\n".join(f"wfLoadExtension( '{name}' );" for name in EXTENSIONS)
    (root / "LocalSettings.php").write_text(LOCAL_SETTINGS % {
        "sitename": SITE_NAME, "dbname": DB_NAME, "secret": secrets.token_hex(32),
        "upgrade": secrets.token_hex(8), "extensions": extensions,
    })
    (root / "router.php").write_text(ROUTER)
    run_maintenance(root, "update", "--quick")

    for name, info in USERS.items():
        flags = ["--bot"] if info.get("bot") else []
        run_maintenance(root, "createAndPromote", *flags, name, info["password"])
    run_maintenance(
        root, "createBotPassword", f"--appid={BOT_APP_ID}", f"--grants={BOT_GRANTS}",
        BOT_USER, BOT_PASSWORD,
    )

    for dump in fixture_files(fixtures_dir):
        run_maintenance(root, "importDump", str(dump))
    # importDump.php fills pagelinks/templatelinks/categorylinks/imagelinks
    # as it goes (unless --no-updates), checked against a build without the
    # next three commands.  They are kept for pages that use a template
    # imported *after* them (a later dump file), whose links and categories
    # are only right after a refresh.  Recent changes, site statistics and
    # user edit counts are not maintained by the import at all.
    run_maintenance(root, "runJobs", "--maxjobs=10000")
    run_maintenance(root, "refreshLinks")
    run_maintenance(root, "runJobs", "--maxjobs=10000")
    run_maintenance(root, "rebuildrecentchanges")
    run_maintenance(root, "initSiteStats", "--update")
    run_maintenance(root, "initEditCount")
    run_maintenance(root, "rebuildLocalisationCache", "--lang=en,ar", "--force")

    db = sqlite3.connect(root / "data" / f"{DB_NAME}.sqlite")
    try:
        for name, info in USERS.items():
            db.execute(
                "UPDATE user SET user_registration = ? WHERE user_name = ?",
                (info["registered"], name),
            )
        db.commit()
    finally:
        db.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MediaWikiServer:
    """A private copy of the test wiki served by ``php -S``."""

    def __init__(self, root: Path, port: int | None = None):
        self.root = Path(root)
        self.port = port or free_port()
        self._proc: subprocess.Popen | None = None
        self._log = None

    @classmethod
    def from_template(cls, template: Path, root: Path, port: int | None = None) -> "MediaWikiServer":
        root = Path(root)
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(template, root)
        return cls(root, port)

    # URLs -----------------------------------------------------------------
    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"http://{self.host}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api.php"

    def article_url(self, title: str) -> str:
        from urllib.parse import quote

        return f"{self.base_url}/wiki/{quote(title.replace(' ', '_'))}"

    # Accounts -------------------------------------------------------------
    @property
    def users(self) -> dict[str, str]:
        """Ordinary accounts: name -> password."""
        return {name: info["password"] for name, info in USERS.items()}

    @property
    def admin(self) -> tuple[str, str]:
        return ADMIN

    @property
    def bot(self) -> BotCredentials:
        return BotCredentials(BOT_USER, BOT_APP_ID, BOT_PASSWORD)

    # Process control ------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 30) -> None:
        if self.running:
            return
        self._log = (self.root / "server.log").open("ab")
        env = _maintenance_env(self.root, self.base_url)
        self._proc = subprocess.Popen(
            ["php", "-S", self.host, "-t", str(MEDIAWIKI_DIR), str(self.root / "router.php")],
            cwd=MEDIAWIKI_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        url = f"{self.api_url}?action=query&meta=siteinfo&format=json"
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise HarnessError(f"php -S exited: see {self.root / 'server.log'}")
            try:
                with urllib.request.urlopen(url, timeout=5) as resp:
                    if resp.status == 200 and b'"sitename"' in resp.read():
                        return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise HarnessError(f"MediaWiki did not answer on {url} within {timeout}s")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def api_requests(self) -> int:
        """How many ``api.php`` requests this server has answered so far, read from its own log."""
        log = self.root / "server.log"
        if self._log is not None:
            self._log.flush()
        if not log.exists():
            return 0
        return len(re.findall(rb"\] 127\.0\.0\.1:\d+ \[\d{3}\]: (?:GET|POST) /api\.php", log.read_bytes()))

    def maintenance(self, script: str, *args: str) -> str:
        return run_maintenance(self.root, script, *args, server=self.base_url)

    def __enter__(self) -> "MediaWikiServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
