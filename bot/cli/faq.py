"""`propdesk faq import DIR|FILE`, `faq export DIR`, `faq list`: the knowledge base as files.

One Markdown (or YAML) file per article; a re-import of a changed article adds a version,
an unchanged one stores nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.config import Settings
from bot.domain.errors import DomainError
from bot.domain.faq.parsing import dump_article
from bot.i18n import Translator

SUFFIXES = (".md", ".yaml", ".yml")


def add_parser(sub) -> None:
    faq = sub.add_parser("faq", help="FAQ articles (常见问题): import, export, list")
    actions = faq.add_subparsers(dest="action", required=True)
    importer = actions.add_parser("import", help="import a .md/.yaml file or every one in a folder")
    importer.add_argument("path", type=Path)
    exporter = actions.add_parser("export", help="write every current article to a folder")
    exporter.add_argument("path", type=Path)
    actions.add_parser("list", help="id, version, template mark and title of every article")


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in SUFFIXES)
    return [path]


async def run(args: argparse.Namespace, settings: Settings, t: Translator) -> int:
    from bot.bootstrap import open_services

    async with open_services(settings) as services:
        faq = services.faq
        assert faq is not None
        try:
            if args.action == "import":
                texts = [p.read_text("utf-8-sig") for p in _files(args.path)]
                for result in await faq.import_texts(texts):
                    key = "cli.faq_imported" if result.changed else "cli.faq_unchanged"
                    print(t.t(None, key, id=result.slug, version=result.version))
            elif args.action == "export":
                args.path.mkdir(parents=True, exist_ok=True)
                articles = await faq.articles()
                for article in articles:
                    (args.path / f"{article.slug}.md").write_text(dump_article(article), "utf-8")
                print(t.t(None, "cli.faq_exported", count=len(articles), dir=str(args.path)))
            else:
                for article in await faq.articles():
                    mark = " [template]" if article.template else ""
                    print(
                        f"{article.slug}\tv{article.version}{mark}\t{article.title_in(settings.default_language)}"
                    )
        except DomainError as error:
            print(f"propdesk: {t.t(None, error.key, **error.params)}", file=sys.stderr)
            return 2
        except OSError as error:
            print(f"propdesk: {error}", file=sys.stderr)
            return 2
    return 0
