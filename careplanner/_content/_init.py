"""Write the skeleton of a new overlay folder (``careplanner content init``)."""

from __future__ import annotations

import re
import secrets
from importlib import resources
from pathlib import Path

from careplanner._content._content import MANIFEST
from careplanner.errors import DataFileError

_NOT_ID = re.compile(r"[^a-z0-9]+")
_ID_LINE = re.compile(r"^id: .*$", re.MULTILINE)


def init_overlay(folder: str | Path, content_id: str | None = None) -> Path:
    """Create `folder` with a ``content.yaml`` naming a new overlay; return the file written.

    The file is ``_content/skeleton.yaml``: a guide to the overlay's layout, then the id and
    the first version.

    The id is `content_id`, else the folder's name followed by a random suffix, so that two
    organisations' overlays never share an id.

    Raises
    ------
    DataFileError
        `folder` exists and is not empty.

    Examples
    --------
    >>> import tempfile
    >>> written = init_overlay(Path(tempfile.mkdtemp()) / "our-agency", "our-agency")
    >>> written.read_text("utf-8").splitlines()[-2:]
    ['id: our-agency', 'version: 0.1.0']
    """
    target = Path(folder)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise DataFileError(str(target), "exists and is not an empty folder")
    name = content_id or f"{_NOT_ID.sub('-', target.name.lower()).strip('-') or 'overlay'}-"
    if content_id is None:
        name += secrets.token_hex(3)
    skeleton = resources.files("careplanner._content").joinpath("skeleton.yaml")
    text = _ID_LINE.sub(f"id: {name}", skeleton.read_text("utf-8"))
    target.mkdir(parents=True, exist_ok=True)
    manifest = target / MANIFEST
    manifest.write_text(text, encoding="utf-8")
    return manifest
