"""Notices a result carries about its input: what was left out or capped so it could be assessed.

A valid case is always assessed; where it holds something the pipeline cannot use as it is,
the result says what was done, in both languages, without repeating any of the case's text.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from careplanner._plural import plural
from careplanner.models import Language


class Notice(BaseModel):
    """Something the worker must know about the input, e.g. a scale that could not be scored."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    scale: str | None = None
    text: dict[Language, str]


def self_tie_notice(count: int) -> tuple[Notice, ...]:
    if not count:
        return ()
    return (
        Notice(
            code="self_tie_left_out",
            text={
                "en": plural("{count} {count|tie names|ties name}", {"count": count}).format(
                    count=count
                )
                + " a contact with the client's own id; they were left "
                "out of the support map. Give the contact an id of its own.",
                "zh-CN": f"{count} 条联系指向与服务对象本人相同编号的联系人，已从支持网络图中略去；"
                "请为该联系人另设编号。",
            },
        ),
    )


def session_notice(index: int, part: str) -> Notice:
    """A delivered session the plan built again from the intake could not hold whole."""
    texts = {
        "stage": (
            f"sessions[{index}] was left out: its stage is not in the plan built again from "
            "the assessment.",
            f"sessions[{index}] 已略去：其阶段不在按评估重新生成的计划中。",
        ),
        "interventions": (
            f"sessions[{index}]: interventions its stage no longer holds were left out; the "
            "rest of the record is kept.",
            f"sessions[{index}]：该阶段已不含的介入措施已略去，其余记录保留。",
        ),
    }
    en, zh = texts[part]
    return Notice(code="session_left_out", text={"en": en, "zh-CN": zh})


def capped_notice(over: tuple[str, float]) -> Notice:
    fact, value = over
    return Notice(
        code="fact_capped",
        text={
            "en": f"{fact} is {value:g}, more than the rules read; the rules used their maximum "
            "(the network measures keep the full count).",
            "zh-CN": f"{fact} 为 {value:g}，超过规则可读取的上限；"
            "规则按上限计算（网络指标保留实际数值）。",
        },
    )


def adjustment_notice(index: int) -> Notice:
    """A recorded plan adjustment the plan built again from the assessment could not take."""
    return Notice(
        code="adjustment_left_out",
        text={
            "en": f"adjustments[{index}] was left out: the plan built again from the assessment "
            "has no such stage, or already holds the need.",
            "zh-CN": f"adjustments[{index}] 已略去："
            "按评估重新生成的计划中没有该阶段，或已包含该需要。",
        },
    )
