"""A safe wrapper around durable_rules (unmaintained since 2020) for one screening at a time.

Each :class:`RuleEngine` owns its host and rulesets and frees them on close; nothing is shared between two
engines in one process. The wrapper handles the engine's known defects:

- a host starts two timer threads that re-arm forever (one more pair per host: issue 137 memory growth):
  our host never starts them — all actions run synchronously inside ``assert_fact``;
- exceptions raised inside rule actions are swallowed into the state (issues 58, 305): every action is
  wrapped, the exception is recorded and re-raised by :meth:`RuleEngine.assert_fact` as :class:`RuleError`;
- asserting an identical fact twice raises (issue 250), and a ruleset raises a false
  ``MessageObservedException`` after ~46,000 stored facts (issue 376): we post *events*, which the engine
  does not store, each with a unique sequence number; what must persist lives in the state;
- its C core holds at most 1,024 states per ruleset (measured here: ``MemoryError`` at the 1,025th state
  id), each state costs ~100 KB that ``delete_ruleset`` does not give back (measured: ~10 MB left per
  screening of 100 states): callers keep the number of state ids small (bucket their keys), messages are
  spread over shards of at most ``max_sids`` states and ``shard_size`` messages, and :func:`isolated` runs a
  whole screening in a child process so that repeated screenings do not grow the caller's memory;
- a state object may hold at most 255 properties (measured: error 302 at the 256th): callers keep large
  per-state data in one JSON string;
- a message no rule matches raises ``MessageNotHandledException``: each ruleset gets a catch-all rule;
- ruleset definitions are mutated by the engine (``run`` is deleted): they are deep-copied first.
"""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Callable
from typing import Any

from durable.engine import Host

from medpolicy.errors import MedpolicyError

__all__ = ["RuleEngine", "RuleError", "isolated"]

Action = Callable[[Any], None]


class RuleError(MedpolicyError):
    """An error raised inside a rule action, or by the rule engine itself."""


class _Host(Host):  # type: ignore[misc]
    """A durable_rules host without the background dispatch threads; actions are looked up by name."""

    def __init__(self, actions: dict[str, Action]) -> None:
        self._named_actions = actions
        super().__init__()

    def _run(self) -> None:  # the base class starts two self-re-arming timer threads here
        return None

    def get_action(self, action_name: str) -> Action:
        if action_name not in self._named_actions:
            raise RuleError(f"rule action {action_name!r} is not defined")
        return self._named_actions[action_name]


class RuleEngine:
    """One screening's rulesets: post events (routed by ``sid``), collect what the actions record."""

    def __init__(
        self,
        rulesets: dict[str, dict[str, Any]],
        actions: dict[str, Action],
        *,
        shard_size: int = 20000,
        max_sids: int = 1000,
    ) -> None:
        self._errors: list[BaseException] = []
        self._actions = {name: self._guard(name, func) for name, func in actions.items()}
        self._actions["_ignore"] = lambda c: None
        self._host = _Host(self._actions)
        self._definitions = rulesets
        self._shard_size = shard_size
        self._max_sids = max_sids
        self._sid_counts: dict[str, int] = {}
        self._shards: dict[str, list[str]] = {}
        self._counts: dict[str, int] = {}
        self._sid_shard: dict[tuple[str, str], str] = {}
        self._seq = itertools.count()
        self._tag = uuid.uuid4().hex[:8]
        self._closed = False
        for name in rulesets:
            self._shards[name] = []
            self._new_shard(name)

    def _guard(self, name: str, func: Action) -> Action:
        def run(c: Any) -> None:
            try:
                func(c)
            except BaseException as exc:  # recorded here, re-raised after the assert returns
                self._errors.append(RuleError(f"rule action {name!r} failed: {type(exc).__name__}: {exc}"))
                raise

        return run

    def _new_shard(self, name: str) -> str:
        """Register one more shard of ruleset ``name``.

        durable_rules registers a ruleset named ``<x>$state`` as the statechart ``<x>``: such a shard is registered
        with the suffix and posted to without it, and gets no catch-all rule (the engine would read it as one
        more state); a statechart must answer every event in every state itself.
        """
        chart = name.endswith("$state")
        base = name[: -len("$state")] if chart else name
        shard = f"{base}_{self._tag}_{len(self._shards[name])}"
        definition = copy.deepcopy(self._definitions[name])
        if not chart:
            definition["_catch_all"] = {"all": [{"m": {"$ex": {"_seq": 1}}}], "run": "_ignore"}
        self._host.set_rulesets({f"{shard}$state" if chart else shard: definition})
        self._shards[name].append(shard)
        self._counts[shard] = 0
        self._sid_counts[shard] = 0
        return shard

    def _shard_for(self, name: str, sid: str) -> str:
        key = (name, sid)
        if key not in self._sid_shard:
            current = self._shards[name][-1]
            if self._counts[current] >= self._shard_size or self._sid_counts[current] >= self._max_sids:
                current = self._new_shard(name)
            self._sid_shard[key] = current
            self._sid_counts[current] += 1
        return self._sid_shard[key]

    def post(self, ruleset: str, fact: dict[str, Any]) -> None:
        """Post one event; ``fact['sid']`` (a string) selects the state it joins."""
        if self._closed:
            raise RuleError("the rule engine is closed")
        sid = str(fact.get("sid", "0"))
        shard = self._shard_for(ruleset, sid)
        body = {**fact, "sid": sid, "_seq": next(self._seq)}
        try:
            self._host.post(shard, body)
        except RuleError:
            raise
        except Exception as exc:
            if self._errors:
                raise self._errors[0] from exc
            raise RuleError(f"rule engine error on {ruleset}: {type(exc).__name__}: {exc}") from exc
        self._counts[shard] += 1
        state = self._host.get_state(shard, sid)
        if self._errors or "exception" in state:
            error = self._errors[0] if self._errors else RuleError(str(state["exception"])[:300])
            raise error

    def state(self, ruleset: str, sid: str) -> dict[str, Any]:
        """The state of ``sid`` (what the actions stored), without the engine's bookkeeping keys."""
        shard = self._sid_shard.get((ruleset, str(sid)))
        if shard is None:
            return {}
        state: dict[str, Any] = self._host.get_state(shard, str(sid))
        return {k: v for k, v in state.items() if k not in {"sid", "id", "$s"}}

    def sids(self, ruleset: str) -> list[str]:
        return [sid for (name, sid) in self._sid_shard if name == ruleset]

    def close(self) -> None:
        """Free the engine's rulesets (their memory lives in the C extension)."""
        if self._closed:
            return
        import durable_rules_engine

        for shards in self._shards.values():
            for shard in shards:
                ruleset = self._host._ruleset_directory.get(shard)
                if ruleset is not None:
                    durable_rules_engine.delete_ruleset(ruleset._handle)
        self._host._ruleset_directory.clear()
        self._host._ruleset_list.clear()
        self._closed = True

    def __enter__(self) -> RuleEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _child(conn: Any, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        conn.send(("ok", func(*args)))
    except BaseException as exc:  # sent back to the parent, raised there
        conn.send(("error", exc if isinstance(exc, MedpolicyError) else RuleError(f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def isolated(func: Callable[..., Any], *args: Any, timeout: float = 3600.0) -> Any:
    """Run ``func(*args)`` in a child process and return its (picklable) result.

    The rule engine's C core keeps memory after its rulesets are deleted; a child process returns all of it
    when it exits, so a long-running caller can screen again and again without growing.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, func, args), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            process.kill()
            raise RuleError(f"the screening did not finish within {timeout:.0f} s")
        status, value = parent.recv()
    except EOFError as exc:
        raise RuleError(f"the screening process ended without a result (exit code {process.exitcode})") from exc
    finally:
        process.join(5)
        parent.close()
    if status == "error":
        raise value
    return value
