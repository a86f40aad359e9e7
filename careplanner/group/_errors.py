"""The errors the group-work package raises.

Hierarchy::

    CareplannerError
    └── GroupError             group work cannot be done as asked (a record, a size, a pair)
        └── GroupDataError     a bundled or supplied group data file is malformed (also a
                               `careplanner.errors.DataFileError`)

Unknown ids (a member, a need, an answer code) raise `careplanner.errors.UnknownCodeError`,
which names the field and the allowed values. Cases and survey answers that break their
models raise `careplanner.errors.CaseValidationError` with every problem listed. Messages
carry ids and field names only, never a name, a note or an observation.
"""

from __future__ import annotations

from careplanner.errors import CareplannerError, DataFileError


class GroupError(CareplannerError):
    """Group work cannot be done as asked."""


class GroupDataError(GroupError, DataFileError):
    """A group data file is malformed; the message names the file and the field."""
