"""EXPLAIN ANALYZE of every story query of each public page (and the admin list), on the
database DATABASE_URL names. For docs/benchmarks.md: run it on a database seeded with
`seed_articles --count 1000000` after `VACUUM ANALYZE`.

    DATABASE_URL=postgres://… .venv/bin/python bench/explain.py [--json FILE]

Each page is requested once through Django's test client (to warm per-process lookups),
then again with its SQL captured; every captured query that reads the article table is
run again under `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`. Printed per page: the slowest of
those queries, its execution time, the rows it read, and the scans of its plan (which index,
or a sequential scan). Nothing is written to the database (EXPLAIN ANALYZE of a SELECT).
"""

# A report for a person: printing is the point.
# ruff: noqa: T201

import argparse
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings.dev")
os.environ.setdefault("NEWSROOM_PAGE_CACHE", "false")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, ArticleAuthor, Tag  # noqa: E402
from authors.models import Author  # noqa: E402
from sections.models import Section  # noqa: E402

SCANS = ("Index Scan", "Index Only Scan", "Bitmap Index Scan", "Seq Scan")


def pages() -> dict[str, str]:
    published = Article.objects.published().order_by("-published_at", "-pk")
    article = published.filter(tags__isnull=False).first()
    tag_counts = Tag.objects.annotate(n=Count("tagged_articles"))
    busy_tag = tag_counts.order_by("-n").first()
    rare_tag = tag_counts.filter(n__gt=0).order_by("n").first()
    busiest = (ArticleAuthor.objects.values("author").annotate(n=Count("id"))
               .order_by("-n").values_list("author", flat=True).first())
    busy_author = Author.objects.get(pk=busiest)
    section = Section.objects.filter(is_active=True, parent__isnull=True).order_by("pk").first()
    newest_title_word = next(
        (w for w in (published.values_list("title", flat=True).first() or "").split()
         if len(w) >= 4), "الحكومة",
    )
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "section": section.get_absolute_url(),
        "section, page 250": section.get_absolute_url() + "?page=250",
        "author": busy_author.get_absolute_url(),
        "tag (most used)": busy_tag.get_absolute_url(),
        "tag (least used)": rare_tag.get_absolute_url(),
        "search (common word)": "/search/?" + urlencode({"q": "العام"}),
        "search (headline word)": "/search/?" + urlencode({"q": newest_title_word}),
        "search (nothing matches)": "/search/?" + urlencode({"q": "زلزلتوبيا"}),
        "feed": "/feed/",
        "section feed": section.get_absolute_url() + "feed/",
        "sitemap index": "/sitemap.xml",
        "sitemap, first file": "/sitemap-articles.xml",
        "sitemap, last file": None,  # filled in from the index below
        "news sitemap": "/news-sitemap.xml",
        "admin list": "/admin/articles/article/",
    }


def scans(plan: dict) -> list[str]:
    found = []
    node = plan.get("Node Type", "")
    if node in SCANS:
        where = plan.get("Index Name") or plan.get("Relation Name") or ""
        found.append(f"{node} {where}".strip())
    for child in plan.get("Plans", []):
        found += scans(child)
    return found


def explain(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        result = cursor.fetchone()[0]
    root = (json.loads(result) if isinstance(result, str) else result)[0]
    plan = root["Plan"]
    return {
        "ms": round(root["Execution Time"], 2),
        "planning_ms": round(root["Planning Time"], 2),
        "rows": plan.get("Actual Rows"),
        "buffers": plan.get("Shared Hit Blocks", 0) + plan.get("Shared Read Blocks", 0),
        "scans": sorted(set(scans(plan))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--markdown", action="store_true",
                        help="end with the summary as a Markdown table")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN ANALYZE needs PostgreSQL: set DATABASE_URL")

    client = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    editor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    staff.force_login(editor)
    urls = pages()
    index = client.get("/sitemap.xml").content.decode()
    last = index.rsplit("<loc>", 1)[-1].split("</loc>", 1)[0]
    urls["sitemap, last file"] = "/" + last.split("/", 3)[-1] if "://" in last else last

    n = Article.objects.count()
    print(f"{n:,} stories ({Article.objects.published().count():,} published), "
          f"PostgreSQL {connection.pg_version // 10000}")
    report = []
    for name, url in urls.items():
        who = staff if name.startswith("admin") else client
        who.get(url)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = who.get(url)
        wall_ms = (time.perf_counter() - started) * 1000
        # The admin list's own EXPLAIN (its row estimate) is not explained again.
        story_sql = [q["sql"] for q in captured.captured_queries
                     if "articles_article" in q["sql"] and not q["sql"].startswith("EXPLAIN")]
        plans = [dict(explain(sql), sql=sql) for sql in story_sql]
        slowest = max(plans, key=lambda p: p["ms"]) if plans else None
        record = {
            "page": name, "url": url, "status": response.status_code,
            "queries": len(captured.captured_queries), "story_queries": len(plans),
            "page_ms": round(wall_ms, 1), "story_sql_ms": round(sum(p["ms"] for p in plans), 2),
            "slowest": slowest,
        }
        report.append(record)
        print(f"\n{name}: {url}  [{response.status_code}] {record['queries']} queries, "
              f"page {record['page_ms']} ms in Django")
        if slowest:
            print(f"  slowest story query {slowest['ms']} ms ({slowest['rows']} rows, "
                  f"{slowest['buffers']} buffers): {', '.join(slowest['scans'])}")
            print(f"  all story queries: {record['story_sql_ms']} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    if args.markdown:
        print("\n| page | queries | slowest story query | rows | buffers | scans |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for r in report:
            worst = r["slowest"]
            if worst is None:
                print(f"| {r['page']} | {r['queries']} | - | - | - | no story query |")
                continue
            print(f"| {r['page']} | {r['queries']} | {worst['ms']} ms | {worst['rows']} | "
                  f"{worst['buffers']} | {', '.join(worst['scans'])} |")


if __name__ == "__main__":
    main()
