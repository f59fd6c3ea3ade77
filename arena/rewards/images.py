"""Reward images: checked by their content (Pillow decodes them), stored under the instance folder
with a random name, re-encoded so nothing but pixels is kept."""

from __future__ import annotations

import io
import os
import uuid
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

from arena.core.errors import PayloadTooLarge, ValidationFailed

FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}
MAX_PIXELS = 4096 * 4096


def folder() -> Path:
    path = Path(current_app.instance_path) / current_app.config["REWARD_IMAGE_DIR"]
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(data: bytes) -> str:
    """Check ``data`` is a PNG, JPEG, WebP or GIF image within the size limit; return its file name."""
    if len(data) > current_app.config["REWARD_IMAGE_MAX_BYTES"]:
        raise PayloadTooLarge(_l("The image is larger than %(max)s bytes.",
                                 max=current_app.config["REWARD_IMAGE_MAX_BYTES"]))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            if kind not in FORMATS or probe.width * probe.height > MAX_PIXELS:
                raise ValueError(kind)
            probe.load()
            image = probe.copy()
    except (UnidentifiedImageError, ValueError, OSError, Image.DecompressionBombError):
        raise ValidationFailed({"image": _l("Upload a PNG, JPEG, WebP or GIF image.")}) from None
    name = f"{uuid.uuid4().hex}.{FORMATS[kind]}"
    out = io.BytesIO()
    image.save(out, format=kind)
    (folder() / name).write_bytes(out.getvalue())
    return name


def remove(name: str | None) -> None:
    if name and os.path.basename(name) == name:
        try:
            (folder() / name).unlink()
        except FileNotFoundError:
            pass
