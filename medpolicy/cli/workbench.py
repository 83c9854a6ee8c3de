"""The analyst's and integrator's commands: ``query`` (SPARQL), ``topics``, ``site`` and ``serve``.

Each is a click command object added to the ``medpolicy`` group by ``medpolicy.cli``; heavy imports
(pyoxigraph, Jinja2, FastAPI, uvicorn) happen inside the commands.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from medpolicy.cli.support import errors
from medpolicy.errors import InputError
from medpolicy.kb.arguments import check_clause_filters

__all__ = ["COMMANDS", "check_clause_filters", "search_output"]


_CTX = {"help_option_names": ["-h", "--help"]}
_LANG = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of labels."
)


def search_output(
    text: str, policy: str | None, kind: str | None, topic: str | None, fmt: str, lang: str, color: bool
) -> str:
    """``clauses --search``: matching clauses with the hit highlighted (bold in a terminal, 【】 otherwise)."""
    from medpolicy.kb.views import clause_json
    from medpolicy.query.search import highlight, search

    hits = search(text, policy, kind, topic)
    if fmt == "json":
        return json.dumps(
            [{**clause_json(h.clause), "hits": [f.model_dump() for f in h.fields]} for h in hits],
            ensure_ascii=False,
            indent=2,
        )
    before, after = ("\x1b[1;33m", "\x1b[0m") if color else ("【", "】")
    lines = []
    for h in hits:
        c = h.clause
        lines.append(f"{c.policy} {c.section} [{c.id.rsplit('/', 1)[-1]}] ({c.kind}, {c.check}, {c.topic})")
        shown = {f.field: f for f in h.fields}
        main = "text" if lang == "zh" else "gloss"
        value = shown[main] if main in shown else None
        lines.append(
            "  "
            + (highlight(value.value, value.spans, before, after) if value else (c.text if lang == "zh" else c.gloss))
        )
        for f in h.fields:
            if f.field != main:
                lines.append(f"    {f.field}: {highlight(f.value, f.spans, before, after)}")
    unit = "条" if lang == "zh" else "clauses"
    lines.append(f"\n{len(hits)} {unit}")
    return "\n".join(lines)


@click.command("query", context_settings=_CTX)
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.Path(dir_okay=False), help="Read the query from a .rq file.")
@click.option("--named", "named", help="Run a named query of queries/ (see --list).")
@click.option("--list", "list_named", is_flag=True, help="List the named queries.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@_LANG
@errors
def query_command(
    sparql: str | None, file: str | None, named: str | None, list_named: bool, fmt: str, lang: str
) -> None:
    """Run a SPARQL query over the whole knowledge base (pyoxigraph).

    Every policy is a named graph <https://w3id.org/medpolicy/graph/ID> (notice + shapes); the ontology, topics,
    taxonomies and common shapes are in the default graph, which queries see as the union of all graphs.
    The KB's prefixes (mp:, mpt:, mpx:, skos:, dcterms:, …) are predeclared. JSON and CSV follow the W3C
    SPARQL 1.1 results formats.
    """
    from medpolicy.query import named_queries, named_query, run_query

    if list_named:
        from medpolicy.render.common import table

        rows = [[q.name, q.title if lang == "zh" else q.title_en, " ".join(q.columns)] for q in named_queries()]
        if fmt == "json":
            click.echo(
                json.dumps([q.model_dump(exclude={"text"}) for q in named_queries()], ensure_ascii=False, indent=2)
            )
        else:
            click.echo(table(["name", "标题" if lang == "zh" else "title", "columns"], rows, max_width=60))
        return
    if sum(x is not None for x in (sparql, file, named)) != 1:
        raise click.UsageError("give exactly one of SPARQL, --file FILE or --named NAME (see --list)")
    if named is not None:
        text = named_query(named).text
    elif file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the query: {exc}", file=file) from exc
    else:
        text = sys.stdin.read() if sparql == "-" else str(sparql)
    result = run_query(text or "")
    if result.kind == "construct":
        click.echo(result.ntriples, nl=False)
        return
    if fmt == "json":
        click.echo(result.to_json())
    elif fmt == "csv":
        click.echo(result.to_csv(), nl=False)
    elif result.kind == "ask":
        click.echo("true" if result.boolean else "false")
    else:
        from medpolicy.render.common import table

        rows = [["" if v is None else v for v in row.values()] for row in result.values()]
        click.echo(table(result.variables, rows, max_width=50))
        click.echo(f"\n{len(rows)} {'行' if lang == 'zh' else 'rows'}")


@click.command("topics", context_settings=_CTX)
@click.option("--all", "show_all", is_flag=True, help="Also topics no clause is on.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_LANG
@errors
def topics_command(show_all: bool, fmt: str, lang: str) -> None:
    """The shared topic scheme: id, zh/en label, and the number of clauses per policy."""
    from medpolicy.kb.topics import topics

    rows = topics(used_only=not show_all)
    if fmt == "json":
        click.echo(json.dumps([r.model_dump() for r in rows], ensure_ascii=False, indent=2))
        return
    from medpolicy.render.common import table

    policies = list(rows[0].counts) if rows else []
    head = ["id", "主题" if lang == "zh" else "label", *policies, "合计" if lang == "zh" else "total"]
    body = [
        [r.id, r.label if lang == "zh" else r.label_en, *(r.counts[p] or "·" for p in policies), r.total] for r in rows
    ]
    click.echo(table(head, body, max_width=40))
    click.echo(f"\n{len(rows)} {'个主题' if lang == 'zh' else 'topics'}")


@click.command("serve", context_settings=_CTX)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@errors
def serve_command(host: str, port: int, workers: int) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) and the applicant web form at /."""
    import uvicorn

    click.echo(f"medpolicy: serving http://{host}:{port}/ (API docs: /docs); Ctrl-C stops", err=True)
    uvicorn.run(
        "medpolicy.service.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="warning"
    )


@click.command("site", context_settings=_CTX)
@click.argument("outdir", type=click.Path(file_okay=False))
@errors
def site_command(outdir: str) -> None:
    """Write a static, self-contained bilingual site into OUTDIR: annotated notices, topics, diffs, search.

    Open OUTDIR/index.html in a browser; nothing is loaded from the network.
    """
    from medpolicy.render.site import build_site

    try:
        summary = build_site(Path(outdir))
    except OSError as exc:
        raise InputError(f"cannot write the site: {exc.strerror or exc}", file=outdir) from exc
    click.echo(
        f"{outdir}: {summary.pages} pages — {len(summary.policies)} policies, {len(summary.diffs)} diffs, "
        f"{summary.placed}/{summary.clauses} clauses placed in their source text"
    )
    for clause in summary.unplaced:
        click.echo(f"  not located in the source text: {clause}", err=True)


COMMANDS: dict[str, click.Command] = {
    "query": query_command,
    "topics": topics_command,
    "serve": serve_command,
    "site": site_command,
}
