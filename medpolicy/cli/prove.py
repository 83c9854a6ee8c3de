"""``medpolicy prove``: the generated witnesses and near misses of each policy, and which clauses they prove.

A click command object, ``prove_command``, added to the ``medpolicy`` group by ``medpolicy.cli``; the work is
done by :mod:`medpolicy.proof`.
"""

from __future__ import annotations

import json

import click

from medpolicy.cli import options
from medpolicy.cli.support import errors

__all__ = ["prove_command"]


@click.command()
@click.option("--policy", "policies", multiple=True, help="Policy id (repeatable; default: every notice with shapes).")
@options.output_format("text", "json")
@errors
def prove_command(policies: tuple[str, ...], fmt: str) -> None:
    """Validate every generated witness and its near misses; list the clauses proven and those that are not.

    Exit 1 when a witness does not conform or a near miss changes other clauses than its own.
    """
    from medpolicy.kb.store import KnowledgeBase, local_name
    from medpolicy.validation.match import notices
    from medpolicy.validation.proof import prove

    kb = KnowledgeBase.default()
    proofs = [prove(kb, p) for p in (policies or notices(kb))]
    bad = any(not s.conforms for p in proofs for s in p.scopes) or any(not m.exact for p in proofs for m in p.mutations)
    if fmt == "json":
        click.echo(json.dumps([p.model_dump(mode="json") for p in proofs], ensure_ascii=False, indent=2))
    else:
        for p in proofs:
            exact = sum(1 for m in p.mutations if m.exact)
            conforming = sum(1 for s in p.scopes if s.conforms)
            click.echo(
                f"{p.policy}: {len(p.machine_checked)} clauses checked by machine, {len(p.proven)} proven "
                f"({p.ratio:.0%}); witnesses conforming {conforming}/{len(p.scopes)}; "
                f"mutations exact {exact}/{len(p.mutations)}"
            )
            for s in p.scopes:
                if not s.conforms:
                    click.echo(f"  witness of {local_name(s.scope or p.policy)} does not conform:")
                    for line in s.not_passing[:10]:
                        click.echo(f"    {line}")
            for m in p.mutations:
                if not m.exact:
                    click.echo(f"  mutation {m.id}: missed {m.missed[:5]} unexpected {m.unexpected[:3]}")
            for clause, why in p.unproven.items():
                click.echo(f"  not proven: {local_name(clause)} — {why}")
    raise SystemExit(1 if bad else 0)
