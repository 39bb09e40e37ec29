"""`citizenbot kb ...` and `citizenbot dossier ...`: the knowledge base in and out (procedures,
FAQ entries, centres, hotlines, the national catalogue) and the dossier status sources."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path

from bot.cli_progress import progress
from bot.config import AppConfig
from bot.settings_sources import PROJECT_ROOT


def _cmd_kb_import(config: AppConfig, args) -> int:
    from knowledge.catalogue import import_file
    from knowledge.storage.db import Database

    async def main():
        db = Database(config.database_url)
        try:
            await db.migrate()
            # Table rows without their own verified_on date count as checked on the day
            # staff import them, unless --verified-on says otherwise.
            verified_on = args.verified_on or dt.date.today()
            return await import_file(db, Path(args.file), verified_on)
        finally:
            await db.close()

    with progress(f"importing {args.file}"):
        report = asyncio.run(main())
    linked = ""
    if report.linked is not None:
        total = report.created + report.updated
        linked = f"; {report.linked} of {total} linked to a current unit"
    print(
        f"Imported {report.created + report.updated} {report.kind} "
        f"({report.created} new, {report.updated} updated) from {args.file}{linked}"
    )
    return 0


def _cmd_kb_export(config: AppConfig, args) -> int:
    from knowledge.catalogue import export_file, export_kind
    from knowledge.storage.db import Database

    kind = export_kind(Path(args.file), args.kind)

    async def main():
        db = Database(config.database_url)
        try:
            await db.migrate()
            return await export_file(db, Path(args.file), kind)
        finally:
            await db.close()

    with progress(f"exporting {kind} to {args.file}"):
        count = asyncio.run(main())
    print(f"Exported {count} {kind} to {args.file}")
    return 0


def _cmd_kb_build_national(config: AppConfig, args) -> int:
    from knowledge.procedures.portal.crawl import build_files

    try:
        catalogue, size = build_files(
            Path(args.raw_dir),
            Path(args.out),
            crawl_git=Path(args.crawl_git) if args.crawl_git else None,
            songgio=[Path(p) for p in args.songgio],
            commune_listing=Path(args.commune_listing) if args.commune_listing else None,
            report=Path(args.report) if args.report else None,
        )
    except (OSError, ValueError) as exc:
        print(f"citizenbot: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {len(catalogue['procedures'])} procedures to {args.out} ({size} bytes)")
    return 0


def _cmd_dossier_import(config: AppConfig, args) -> int:
    from knowledge.dossiers.registry import LocalRegistry
    from knowledge.storage.db import Database

    async def main():
        db = Database(config.database_url)
        try:
            await db.migrate()
            return await LocalRegistry(db).import_csv(Path(args.file))
        finally:
            await db.close()

    report = asyncio.run(main())
    print(
        f"Imported {report.created + report.updated} dossiers ({report.created} new, "
        f"{report.updated} updated, {report.events} status changes) from {args.file}"
    )
    if report.ignored_columns:
        print(f"Ignored column(s), not stored: {', '.join(report.ignored_columns)}")
    return 0


def _cmd_dossier_simulate(config: AppConfig, args) -> int:
    from knowledge.dossiers.simulator import SAMPLE_DATA, serve_simulator

    data = Path(args.data) if args.data else SAMPLE_DATA
    try:
        asyncio.run(
            serve_simulator(data, args.host, args.port, on_ready=lambda b: print(b, flush=True))
        )
    except OSError as exc:
        print(f"citizenbot: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def add_knowledge_commands(sub: argparse._SubParsersAction) -> None:
    """`kb import|export|build-national` and `dossier import|simulate` under the main
    parser's subcommands."""
    kb = sub.add_parser("kb", help="knowledge base in and out").add_subparsers(
        dest="kb_command", required=True
    )
    kb_import = kb.add_parser(
        "import",
        help=".yml/.yaml: procedures (or FAQ entries: a top-level 'faq' list); "
        ".tsv/.csv: centres or hotlines (by header)",
    )
    kb_import.add_argument("file")
    kb_import.add_argument(
        "--verified-on",
        type=_iso_date,
        default=None,
        help="date YYYY-MM-DD for table rows without a verified_on value (default: today)",
    )
    kb_import.set_defaults(func=_cmd_kb_import)
    kb_export = kb.add_parser("export")
    kb_export.add_argument("file")
    kb_export.add_argument(
        "--kind",
        choices=("procedures", "centres", "hotlines", "faq"),
        default=None,
        help="what to export (default by extension: .yml procedures, .tsv/.csv centres; "
        "faq: the published FAQ entries, to a .yml file)",
    )
    kb_export.set_defaults(func=_cmd_kb_export)
    national = kb.add_parser(
        "build-national", help="the national catalogue from raw portal-crawl records"
    )
    national.add_argument("raw_dir", help="folder of <ministry>/<code>.json raw records")
    national.add_argument(
        "--crawl-git", help="the crawler's git repository, to date the crawl (default: raw_dir)"
    )
    national.add_argument(
        "--songgio", action="append", default=[], help="SongGio usage-weight JSON (repeatable)"
    )
    national.add_argument("--commune-listing", help="commune-centre listing extract (JSON)")
    national.add_argument(
        "--out", default=str(PROJECT_ROOT / "knowledge/data/national_catalogue.json.gz")
    )
    national.add_argument("--report", help="write the parse-quality report here (Markdown)")
    national.set_defaults(func=_cmd_kb_build_national)

    dossier = sub.add_parser("dossier", help="dossier status sources").add_subparsers(
        dest="dossier_command", required=True
    )
    dossier_import = dossier.add_parser(
        "import", help="CSV/TSV of dossiers (code,status,...) into the local registry"
    )
    dossier_import.add_argument("file")
    dossier_import.set_defaults(func=_cmd_dossier_import)
    simulate = dossier.add_parser(
        "simulate", help="run a provincial-style dossier API with made-up dossiers"
    )
    simulate.add_argument("--port", type=int, default=8090)
    simulate.add_argument("--host", default="127.0.0.1")
    simulate.add_argument(
        "--data", default=None, help="CSV/TSV of dossiers (default: the shipped sample)"
    )
    simulate.set_defaults(func=_cmd_dossier_simulate)
