"""Read the fixture XML dumps directly, to derive expected values
independently of the MediaWiki API."""
from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

NS = "{http://www.mediawiki.org/xml/export-0.11/}"


@dataclasses.dataclass(frozen=True)
class DumpRevision:
    timestamp: datetime
    user: str
    comment: str
    text: str

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


def read_dumps(directory: Path) -> dict[str, list[DumpRevision]]:
    """title -> revisions, oldest first."""
    pages: dict[str, list[DumpRevision]] = {}
    for path in sorted(Path(directory).glob("*.xml")):
        for page in ET.parse(path).getroot().iter(f"{NS}page"):
            title = page.findtext(f"{NS}title")
            revs = pages.setdefault(title, [])
            for rev in page.iter(f"{NS}revision"):
                revs.append(DumpRevision(
                    datetime.strptime(rev.findtext(f"{NS}timestamp"), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc),
                    rev.findtext(f"{NS}contributor/{NS}username"),
                    rev.findtext(f"{NS}comment") or "",
                    rev.findtext(f"{NS}text") or "",
                ))
            revs.sort(key=lambda r: r.timestamp)
    return pages
