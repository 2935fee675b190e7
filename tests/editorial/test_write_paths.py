"""No admin module or view writes a model itself: writes go through a service.

The scan reads the source (ast) of every admin module (admin.py, admin/*.py), every views
module (views.py, views/*.py), and every other function of our apps that takes a request,
and lists each call of .save(), .create(), .update(), .delete() and their bulk and
get-or-create relatives. Django's ModelAdmin.save_model / delete_model (for simple content
such as tags, sections and authors) run in Django, not in our modules, so they are not seen.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITES = {
    "save", "create", "update", "delete", "get_or_create", "update_or_create",
    "bulk_create", "bulk_update",
}
# (path, source of the call) -> why it is allowed. Empty: every write goes through a service.
ALLOWED: dict[tuple[str, str], str] = {}


def our_modules():
    for init in sorted(ROOT.glob("*/__init__.py")):
        if init.parent.name in {"tests", "bench"}:
            continue
        for path in sorted(init.parent.rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def is_view_module(relative: Path) -> bool:
    return relative.name in {"admin.py", "views.py"} or bool(
        {"admin", "views"} & set(relative.parts[:-1])
    )


def takes_request(function) -> bool:
    names = [arg.arg for arg in function.args.posonlyargs + function.args.args]
    if names[:1] in (["self"], ["cls"]):
        names = names[1:]
    return names[:1] == ["request"]


def write_calls(source: str, relative: Path) -> list[tuple[int, str]]:
    """(line, call) of each model-write-shaped call in what `relative` runs for a request."""
    tree = ast.parse(source)
    if is_view_module(relative):
        scopes = [tree]
    else:
        scopes = [
            node for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and takes_request(node)
        ]
    found = set()
    for scope in scopes:
        for node in ast.walk(scope):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in WRITES):
                found.add((node.lineno, ast.unparse(node)))
    return sorted(found)


def scan() -> dict[tuple[str, str], int]:
    found = {}
    for path in our_modules():
        relative = path.relative_to(ROOT)
        for line, call in write_calls(path.read_text(), relative):
            found[(str(relative), call)] = line
    return found


def test_no_admin_module_or_view_writes_a_model():
    found = scan()

    unexplained = {f"{path}:{line}: {call}" for (path, call), line in found.items()
                   if (path, call) not in ALLOWED}
    assert unexplained == set()
    assert set(ALLOWED) <= set(found), "an allowed write is gone: drop it from ALLOWED"


def test_the_scan_reads_the_desk_and_the_readers_views():
    """A glob gone wrong would pass the test above by reading nothing."""
    scanned = {
        str(path.relative_to(ROOT)) for path in our_modules()
        if is_view_module(path.relative_to(ROOT))
    }

    assert {
        "editorial/admin/workflow.py", "editorial/admin/articles.py", "editorial/views.py",
        "images/admin.py", "articles/admin.py", "authors/admin.py", "sections/admin.py",
        "sitesettings/admin.py", "public/views.py",
    } <= scanned


def test_the_scan_finds_each_kind_of_write():
    """Writes on managers, querysets and instances, in an admin module and in a request
    handler elsewhere; a helper that takes no request, outside admin and views, is not read."""
    admin_source = '''
class StoryAdmin:
    def save_model(self, request, obj, form, change):
        obj.save()
        Article.objects.create(title="x")
        Article.objects.filter(pk=1).update(status="published")
        EditSession.objects.filter(article=obj).delete()
        EditSession.objects.get_or_create(article=obj)
'''
    elsewhere = '''
def library_images(request):
    Image.objects.bulk_create([])

def rebuild(article):
    article.save()
'''

    in_admin = [call for _line, call in write_calls(admin_source, Path("x/admin.py"))]
    in_view = [call for _line, call in write_calls(elsewhere, Path("x/editor.py"))]

    assert in_admin == [
        "obj.save()", "Article.objects.create(title='x')",
        "Article.objects.filter(pk=1).update(status='published')",
        "EditSession.objects.filter(article=obj).delete()",
        "EditSession.objects.get_or_create(article=obj)",
    ]
    assert in_view == ["Image.objects.bulk_create([])"]
