"""Parameter values (``mp:commitment`` / ``mp:indicatorValue``): each checked node by node and converted to its
parameter's unit (``mp:normalizedValue``). A value that cannot be used is marked invalid with the reason, so its
clause fails; a unit that does not convert is an :class:`~medpolicy.errors.InputError`."""

from __future__ import annotations

import math
from decimal import Decimal

from rdflib import RDF, Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import XSD
from rdflib.term import Node

from medpolicy.errors import InputError
from medpolicy.kb.namespaces import MP
from medpolicy.kb.units import convert
from medpolicy.validation.facts import MAX_EXPONENT, typed_problem
from medpolicy.validation.prepared import Prepared, node_name, printable

__all__ = ["check_parameter_values"]

# units whose values are amounts (counts, durations, money): a negative value makes no sense
_AMOUNT_UNITS = ("count", "second", "yuan", "workday")


def _rounded(value: float) -> Literal:
    return Literal(Decimal(f"{value:.12g}"), datatype=XSD.decimal)


# -- parameter values ----------------------------------------------------------------------------------------------


def _attached(data: Graph) -> set[Node]:
    """Value nodes the shapes read: an application's commitments and its products' indicator values."""
    nodes: set[Node] = set()
    for app in data.subjects(RDF.type, MP.Application):
        nodes.update(data.objects(app, MP.commitment))
        for product in data.objects(app, MP.product):
            nodes.update(data.objects(product, MP.indicatorValue))
    return nodes


def _is_amount(code: str) -> bool:
    """Whether a unit code measures an amount (a count, a duration, money), which cannot be negative."""
    for base in _AMOUNT_UNITS:
        try:
            convert(1, code, base)
        except InputError:
            continue
        return True
    return False


def _invalid(prepared: Prepared, node: Node, param: Node, zh: str, en: str) -> None:
    prepared.note(node, zh, en)
    prepared.invalid[node] = str(param)


def _infer_variants(data: Graph, policy: Graph, prepared: Prepared) -> None:
    """A product that names no alternative but gives values only for the parameters of one alternative has chosen
    that alternative (noted)."""
    for product in set(data.objects(None, MP.product)):
        if data.value(product, MP.selectedVariant) is not None:
            continue
        variants = {
            policy.value(param, MP.variant)
            for value in data.objects(product, MP.indicatorValue)
            for param in data.objects(value, MP.forParameter)
        } - {None}
        if len(variants) == 1:
            variant = next(iter(variants))
            data.add((product, MP.selectedVariant, variant))
            prepared.note(
                product,
                f"产品未注明所选模式，按所给指标取值读作“{variant}”",
                f"the product names no alternative; read as the one its values are given for ({variant})",
            )


def check_parameter_values(data: Graph, policy: Graph, prepared: Prepared) -> None:
    _infer_variants(data, policy, prepared)
    chosen: dict[Node, set[str]] = {}
    for product, variant in data.subject_objects(MP.selectedVariant):
        chosen.setdefault(product, set()).add(str(variant))
    attached = _attached(data)
    for node, param in list(data.subject_objects(MP.forParameter)):
        if (param, RDF.type, MP.Parameter) not in policy:
            prepared.note(
                node, f"参数 {param} 不属于本政策，已忽略", f"parameter {param} is not in this policy; ignored"
            )
            continue
        variant = policy.value(param, MP.variant)
        owners = set(data.subjects(MP.indicatorValue, node))
        inactive = variant is not None and owners and not any(str(variant) in chosen.get(o, set()) for o in owners)
        if inactive:
            data.add((node, MP.inactiveVariant, Literal(True)))
        params = set(data.objects(node, MP.forParameter))
        if len(params) > 1:
            _invalid(
                prepared,
                node,
                param,
                "同一取值对应多个参数，请为每个参数分别给出取值",
                f"one value is given for {len(params)} parameters; give each parameter its own value",
            )
        elif node not in attached:
            _invalid(
                prepared,
                node,
                param,
                "取值未挂在申报上（mp:commitment 或产品的 mp:indicatorValue），未核查",
                "the value is not attached to the application (mp:commitment or the product's mp:indicatorValue), "
                "so it cannot be checked",
            )
        else:
            _check_value(data, policy, prepared, node, param)
        if inactive:  # an alternative the product did not choose: not checked, so it cannot fail
            prepared.invalid.pop(node, None)


def _check_value(data: Graph, policy: Graph, prepared: Prepared, node: Node, param: Node) -> None:
    numbers = list(data.objects(node, MP.numericValue))
    answers = list(data.objects(node, MP.booleanValue))
    texts = list(data.objects(node, MP.textValue))
    units = list(data.objects(node, MP.unitCode))
    dates = list(data.objects(node, MP.dateValue))
    lows = list(data.objects(node, MP.minValue))
    highs = list(data.objects(node, MP.maxValue))
    if not numbers and not answers and not texts and not dates and not (lows and highs):
        _invalid(
            prepared,
            node,
            param,
            "未给出取值（数值、范围、日期、是否或文本）",
            "no value is given (a number, a range, a date, yes/no or a text)",
        )
        return
    for zh, en, values in (
        ("数值", "numbers", numbers),
        ("是否", "answers", answers),
        ("文本", "texts", texts),
        ("单位", "units", units),
        ("日期", "dates", dates),
        ("下限", "minimums", lows),
        ("上限", "maximums", highs),
    ):
        if len({v.toPython() if isinstance(v, Literal) else v for v in values}) > 1:
            shown = printable(", ".join(sorted(str(v) for v in values)))[:120]
            _invalid(
                prepared,
                node,
                param,
                f"给出了多个{zh}（{shown}），只应给出一个",
                f"{len(values)} {en} are given ({shown}); give one",
            )
            return
    typed = (
        (answers, MP.booleanValue, XSD.boolean, "不是 true 或 false", "is not true or false"),
        (dates, MP.dateValue, XSD.date, "不是日期 YYYY-MM-DD", "is not a date YYYY-MM-DD"),
    )
    for values, prop, rng, zh, en in typed:
        for value in values:
            problem = typed_problem(value, rng)
            if problem is not None and problem[1] is not None:  # a text that reads as a value of the type
                data.remove((node, prop, value))
                data.add((node, prop, problem[1]))
            elif problem is not None:
                shown = printable(str(value))[:60]
                _invalid(prepared, node, param, f"“{shown}” {zh}", f"{shown!r} {en}")
                return
    given = printable(str(units[0]))[:60] if units else ""
    for raw, derived in ((lows, MP.normalizedMin), (highs, MP.normalizedMax)):
        if raw:
            converted = _converted(prepared, node, param, raw[0], given, policy)
            if converted is None:
                return
            data.add((node, derived, _rounded(converted)))
    if lows and highs:
        prepared.original[node] = (f"{printable(str(lows[0]))[:20]}–{printable(str(highs[0]))[:20]}", given)
    if not numbers:
        return
    converted = _converted(prepared, node, param, numbers[0], given, policy, keep_original=True)
    if converted is not None:
        data.add((node, MP.normalizedValue, _rounded(converted)))


def _converted(
    prepared: Prepared,
    node: Node,
    param: Node,
    number: Node,
    given: str,
    policy: Graph,
    *,
    keep_original: bool = False,
) -> float | None:
    """``number`` (in the unit ``given``, or the parameter's unit) in the parameter's unit; None when unusable
    (the value node is then marked invalid with the reason)."""
    try:
        amount = Decimal(str(number.toPython())) if isinstance(number, Literal) else None
        if amount is None or not amount.is_finite():
            raise ValueError
    except (ValueError, ArithmeticError):
        shown = printable(str(number))[:60]
        _invalid(prepared, node, param, f"数值 {shown} 不是数字", f"value {shown} is not a number")
        return None
    if amount and abs(amount.adjusted()) > MAX_EXPONENT:
        _invalid(prepared, node, param, f"数值 {amount:.6g} 超出范围", f"value {amount:.6g} is out of range")
        return None
    target = str(policy.value(param, MP.unitCode) or "")
    if keep_original:
        prepared.original[node] = (f"{amount.normalize():f}", given)
    if amount < 0 and _may_not_be_negative(policy, param, given or target):
        _invalid(
            prepared,
            node,
            param,
            f"数值 {number} 为负数，该参数的取值不能为负",
            f"value {number} is negative; this parameter cannot be negative",
        )
        return None
    try:
        value = convert(amount, given or target, target)
    except InputError as exc:  # an unknown or incompatible unit is unusable input, not a threshold failure
        raise InputError(
            f"unit {given!r} of the value for {node_name(policy, param)}: {exc.message}; expected a unit that converts "
            f"to {target!r}",
            where=f"field {node_name(prepared.graph, node)} / mp:unitCode",
        ) from None
    if not math.isfinite(value):
        _invalid(prepared, node, param, f"数值 {amount:.6g} 超出范围", f"value {amount:.6g} is out of range")
        return None
    return value


def _may_not_be_negative(policy: Graph, param: Node, unit: str) -> bool:
    """A negative value is refused for an amount (count, duration, money), or when every threshold is ≥ 0 and
    the unit is a plain number or a ratio."""
    if _is_amount(unit):
        return True
    thresholds = [policy.value(param, MP.value)]
    values_list = policy.value(param, MP.valueList)
    if values_list is not None:
        thresholds = list(Collection(policy, values_list))
    numbers = [t.toPython() for t in thresholds if isinstance(t, Literal)]
    if not numbers or not all(isinstance(n, int | float | Decimal) and n >= 0 for n in numbers):
        return False
    try:
        convert(1, unit, "")
    except InputError:
        return False
    return True
