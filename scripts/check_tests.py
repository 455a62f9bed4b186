#!/usr/bin/env python
"""Fail on tests that cannot fail: `… or True`, `assert True` (or any constant), a test with
no assertion at all, and a skip or xfail without a reason. `make test` runs it first.

A test "asserts" when its body has an `assert`, `pytest.raises`/`warns`/`fail`, Playwright's
`expect(…)`, a query-count check, or calls a helper (anywhere under tests/) that does — found
by a fixpoint over every function defined in the test tree, so `assert_survives_bad_input(…)`
or a module's own `_check(…)` count as assertions.

    python scripts/check_tests.py [tests/]
"""

import ast
import sys
from pathlib import Path

ASSERTING_CALLS = {
    "raises",
    "warns",
    "fail",
    "expect",
    "assertNumQueries",
    "django_assert_num_queries",
    "django_assert_max_num_queries",
    "assertRaises",
    "assertEqual",
    "assertTrue",
    "assertFalse",
    "assertIn",
    "assertContains",
    "assertRedirects",
}
SKIPS = {"skip", "skipif", "xfail"}


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _calls(fn) -> set[str]:
    return {_name(n.func) for n in ast.walk(fn) if isinstance(n, ast.Call)}


def _fixture_names(fn) -> set[str]:
    return {a.arg for a in fn.args.args + fn.args.kwonlyargs}


def _has_assert(fn) -> bool:
    return any(isinstance(n, ast.Assert) for n in ast.walk(fn))


def _functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _is_test(fn, parents) -> bool:
    if not fn.name.startswith("test"):
        return False
    return all(isinstance(p, ast.ClassDef) and p.name.startswith("Test") for p in parents)


def _top_functions(tree):
    """Module-level test functions and methods of Test* classes, with their parents."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node, []
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    yield item, [node]


def _skip_problems(path, tree):
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if id(node) in called:  # judged with its call, which has the arguments
            continue
        # pytest.mark.skip / skipif / xfail used as a decorator or in pytestmark
        target = node.func if isinstance(node, ast.Call) else node
        if isinstance(target, ast.Attribute) and target.attr in SKIPS:
            owner = target.value
            is_mark = isinstance(owner, ast.Attribute) and owner.attr == "mark"
            is_call = isinstance(owner, ast.Name) and owner.id == "pytest"
            if not (is_mark or is_call):
                continue
            has_reason = isinstance(node, ast.Call) and (
                any(k.arg in {"reason", "msg"} for k in node.keywords)
                or (
                    target.attr in {"skip", "xfail"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and node.args[0].value.strip()
                )
            )
            if not has_reason:
                yield f"{path}:{node.lineno}: {target.attr} without a reason"


def check(root: Path) -> list[str]:
    files = sorted(root.rglob("*.py"))
    trees = {path: ast.parse(path.read_text(), str(path)) for path in files}

    # helpers that assert, directly or through other helpers (and fixtures that assert)
    defs: dict[str, list] = {}
    for tree in trees.values():
        for fn in _functions(tree):
            defs.setdefault(fn.name, []).append(fn)
    asserting = set(ASSERTING_CALLS)
    changed = True
    while changed:
        changed = False
        for name, fns in defs.items():
            if name in asserting:
                continue
            if any(_has_assert(fn) or _calls(fn) & asserting for fn in fns):
                asserting.add(name)
                changed = True

    problems = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.BoolOp)
                and isinstance(node.op, ast.Or)
                and any(isinstance(v, ast.Constant) and v.value is True for v in node.values)
            ):
                problems.append(f"{path}:{node.lineno}: `or True` makes the check pass always")
            if (
                isinstance(node, ast.Assert)
                and isinstance(node.test, ast.Constant)
                and node.test.value
            ):
                problems.append(f"{path}:{node.lineno}: `assert {node.test.value!r}`")
        problems += _skip_problems(path, tree)
        if not path.name.startswith("test_"):
            continue
        for fn, parents in _top_functions(tree):
            if not _is_test(fn, parents):
                continue
            uses = _calls(fn) | _fixture_names(fn)
            if _has_assert(fn) or uses & asserting:
                continue
            problems.append(f"{path}:{fn.lineno}: {fn.name} asserts nothing")
    return problems


def main(argv):
    root = Path(argv[1] if len(argv) > 1 else "tests")
    problems = check(root)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} test(s) that cannot fail", file=sys.stderr)
        return 1
    print(f"check_tests: {root} ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
