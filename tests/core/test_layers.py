"""The floors of the portal, and imports only downwards (DESIGN.md "Layout"): a test that reads
every import of the project's code and fails on an arrow upwards or sideways that the domain
does not call for. Lazy imports inside functions count too."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# floor of each app; an app may import its own floor's apps only as LATERAL allows
FLOORS = {
    "cppcc_portal.core": 0,
    "cppcc_portal.accounts": 0,
    "cppcc_portal.audit": 0,
    "cppcc_portal.notifications": 0,
    "members": 1,  # the organisation and the ledger
    "proposals": 2,
    "opinions": 2,
    "consultations": 2,
    "stations": 2,
    "news": 3,
    "api": 4,
    "dashboard": 4,
    "cppcc_portal": 5,  # settings, urls, celery, wsgi: the wiring sees everything
}
# the parts use each other only where the domain says so
LATERAL = {
    ("proposals", "opinions"),  # a not-registered proposal becomes a report (DOMAIN §2.3)
    ("stations", "opinions"),  # a resident's opinion becomes a report (§6)
    ("stations", "proposals"),  # … or a proposal (§6)
}
FOUNDATION = {name for name, floor in FLOORS.items() if floor == 0}


def app_of(module: str) -> str | None:
    """The app a dotted module name belongs to (the longest FLOORS key that prefixes it)."""
    best = None
    for name in FLOORS:
        if (module == name or module.startswith(name + ".")) and (
            best is None or len(name) > len(best)
        ):
            best = name
    return best


def module_of(path: Path, root: Path = ROOT) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def imports(path: Path, root: Path = ROOT):
    tree = ast.parse(path.read_text(), str(path))
    package = module_of(path, root).rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                yield node.lineno, f"{base}.{node.module}" if node.module else base
            elif node.module:
                yield node.lineno, node.module


def project_files():
    for top in FLOORS:
        if "." in top:
            continue
        base = ROOT / top
        if base.is_dir():
            for path in base.rglob("*.py"):
                if "migrations" not in path.parts:
                    yield path


def forbidden_arrows(files, root: Path = ROOT):
    found = []
    for path in files:
        source = app_of(module_of(path, root))
        for line, target_module in imports(path, root):
            target = app_of(target_module)
            if source is None or target is None or source == target:
                continue
            if source in FOUNDATION and target in FOUNDATION:
                continue
            low, high = FLOORS[target], FLOORS[source]
            if low < high or (low == high and (source, target) in LATERAL):
                continue
            found.append(f"{path.relative_to(root)}:{line}: {source} → {target}")
    return found


def test_imports_go_only_downwards():
    arrows = forbidden_arrows(project_files())
    assert not arrows, "imports against the floors:\n" + "\n".join(arrows)


def test_the_check_sees_an_upward_arrow(tmp_path):
    """The test itself can fail: a foundation module importing an app is caught, relative
    imports are resolved, and an allowed arrow passes."""
    assert app_of("cppcc_portal.core.views") == "cppcc_portal.core"
    assert app_of("cppcc_portal.urls") == "cppcc_portal"
    assert app_of("opinions.services") == "opinions"
    probe = tmp_path / "cppcc_portal" / "core" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("from dashboard import views\nfrom ..accounts import roles\n")
    part = tmp_path / "stations" / "probe.py"
    part.parent.mkdir()
    part.write_text("from opinions import services\nfrom news.models import Notice\n")
    assert forbidden_arrows([probe, part], root=tmp_path) == [
        "cppcc_portal/core/probe.py:1: cppcc_portal.core → dashboard",
        "stations/probe.py:2: stations → news",
    ]
