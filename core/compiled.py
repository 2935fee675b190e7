"""Querysets compiled to SQL once, then run with each call's ids and moments.

Building a query's SQL costs Django about twice what PostgreSQL takes to run it
(docs/benchmarks.md, "Faster misses"). `Compiled(build)` calls `build(now, *args)` once per
shape (language, database, list lengths) with stand-in values that no id or moment of ours
takes, and keeps the SQL, where each stand-in sits among the parameters, and the compiler;
a call swaps its own values (and the current moment) into the parameters. Only ids, lists of
ids and moments may vary between calls: anything else `build` reads must be the same for
every call with the same shape.

`objects()` gives model instances as the queryset would (select_related and deferred fields
included), through Django's own iterable; articles/cards.py reads card rows with it.
"""

import copy
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation

_SENTINEL_ID = -(10**15)
_SENTINEL_NOW = datetime(1901, 2, 3, 4, 5, 6, 789123, tzinfo=UTC)
MAX_SHAPES = 256


def _fits(value) -> bool:
    return not isinstance(value, int) or -(2**63) <= value < 2**63


class Plan(NamedTuple):
    queryset: object
    compiler: object
    sql: str
    params: tuple
    slots: list  # [(param position, "now" or index into the call's flat values)]


class Compiled:
    """`build(now, *args)`, a queryset from the readers' door, compiled once per shape."""

    def __init__(self, build, prepare=None):
        self.build = build
        self.prepare = prepare or (lambda queryset: queryset)  # e.g. .values(...)
        self._plans = {}

    def plan(self, args, using=DEFAULT_DB_ALIAS) -> Plan | None:
        """The compiled plan for this shape of `args`; None when Django should build the
        query itself: it can match nothing (an empty IN), or an id is beyond what a database
        integer holds (a hostile address), which Django answers with no rows."""
        if not all(_fits(v) for a in args for v in (a if isinstance(a, list) else [a])):
            return None
        shape = (
            translation.get_language(), using,
            tuple(len(a) if isinstance(a, list) else None for a in args),
        )
        plan = self._plans.get(shape)
        if plan is None:
            plan = self._compile(args, using)
            if plan is not None and len(self._plans) < MAX_SHAPES:
                self._plans[shape] = plan
        return plan

    def params(self, plan: Plan, args, using=DEFAULT_DB_ALIAS) -> list:
        """The plan's parameters with this call's values and moment."""
        moment = connections[using].ops.adapt_datetimefield_value
        now = moment(timezone.now())
        flat = [
            moment(v) if isinstance(v, datetime) else v
            for a in args for v in (a if isinstance(a, list) else [a])
        ]
        params = list(plan.params)
        for position, slot in plan.slots:
            params[position] = now if slot == "now" else flat[slot]
        return params

    def objects(self, *args, using=DEFAULT_DB_ALIAS) -> list:
        """The queryset's model instances for these values, as `list(queryset)` gives."""
        plan = self.plan(args, using)
        if plan is None:
            return list(self.prepare(self.build(timezone.now(), *args)))
        compiler = copy.copy(plan.compiler)
        compiler.connection = connections[using]  # this thread's (plans are per process)
        sql_and_params = (plan.sql, tuple(self.params(plan, args, using)))
        compiler.as_sql = lambda *a, **k: sql_and_params
        compiler.get_converters = lambda expressions: _converters(plan, expressions)
        queryset = plan.queryset._chain()
        queryset.query.get_compiler = lambda *a, **k: compiler
        return list(queryset)

    def _compile(self, args, using) -> Plan | None:
        connection = connections[using]
        stand_ins, moments, count = [], {}, 0
        for arg in args:
            if isinstance(arg, list):
                stand_ins.append([_SENTINEL_ID - count - i for i in range(len(arg))])
                count += len(arg)
            elif isinstance(arg, datetime):
                stand_in = _SENTINEL_NOW - timedelta(days=count + 1)
                moments[connection.ops.adapt_datetimefield_value(stand_in)] = count
                stand_ins.append(stand_in)
                count += 1
            else:
                stand_ins.append(_SENTINEL_ID - count)
                count += 1
        queryset = self.prepare(self.build(_SENTINEL_NOW, *stand_ins))
        compiler = queryset.query.get_compiler(using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        now = connection.ops.adapt_datetimefield_value(_SENTINEL_NOW)
        slots = []
        for position, value in enumerate(params):
            if value == now:
                slots.append((position, "now"))
            elif isinstance(value, datetime | str) and value in moments:
                slots.append((position, moments[value]))
            elif isinstance(value, int) and _SENTINEL_ID - count < value <= _SENTINEL_ID:
                slots.append((position, _SENTINEL_ID - value))
        return Plan(queryset, compiler, sql, tuple(params), slots)


def _converters(plan: Plan, expressions) -> dict:
    """The converters of these columns of the plan, worked out on its first run (Django's
    iterable asks on every run; they depend only on the columns, as articles/cards.py's)."""
    cached = plan.compiler.__dict__.setdefault("_object_converters", {})
    key = tuple(map(id, expressions))  # the plan's own select: the same objects every run
    if key not in cached:
        cached[key] = plan.compiler.get_converters(expressions)
    return cached[key]
