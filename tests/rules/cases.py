"""The facts of the bundled example cases at intake, computed by the real pipeline.

Never copied by hand: `careplanner.assessment_facts` computes them from the example files
(careplanner/examples), so a change to a case, a scale or a measure shows in these tests.
"""

from __future__ import annotations

from careplanner import assessment_facts, load_case
from careplanner.facts import Facts


def intake_facts(example: str) -> Facts:
    """The facts of a bundled example's first assessment."""
    case = load_case(f"example:{example}")
    return assessment_facts(case, case.assessments[0])


#: The seed shidu mother at intake ([shidu-casework] sections 4.1-4.2.2): 68, her only son
#: died, low SSRS, mild depression, lonely, shut in, blames herself, a network that is only
#: her husband, no messaging app, a sister far away, the square-dance team given up.
SHIDU_MOTHER = intake_facts("shidu-mother")
#: A well-supported person living alone: sociable, online, no needs.
LIVING_ALONE_WELL = intake_facts("living-alone-well")
#: A person living alone in crisis: thoughts of death "more than half the days" (PHQ-9 item
#: 9 = 2), moderately severe depression, shut in, no messaging app, a son far away.
LIVING_ALONE_CRISIS = intake_facts("living-alone-crisis")
