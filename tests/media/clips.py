"""Tiny test clips made with PyAV (a moving test pattern, an optional tone)."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import av


def _frame(width: int, height: int, index: int) -> av.VideoFrame:
    frame = av.VideoFrame(width, height, "yuv420p")
    for n, plane in enumerate(frame.planes):
        row = bytes(((x + index * 8 + n * 60) % 256) for x in range(plane.line_size))
        plane.update(row * plane.height)
    return frame


def make_clip(path: Path, *, width: int = 64, height: int = 48, seconds: float = 1.5, fps: int = 10,
              audio: bool = True, rotation: int = 0, lossless: bool = False) -> Path:
    """An H.264 (+ AAC) MP4; ``rotation`` is written as display-matrix rotation, as phones do;
    ``lossless`` makes a large original (as a phone's high bitrate does), larger than its transcode."""
    with av.open(str(path), "w", format="mp4") as out:
        video = out.add_stream("libx264", rate=fps, options={"preset": "ultrafast", **({"qp": "0"} if lossless else {})})
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        if rotation:
            video.set_display_rotation(rotation)
        sound = out.add_stream("aac", rate=48000, layout="mono") if audio else None
        frames = int(seconds * fps)
        for i in range(frames):
            for packet in video.encode(_frame(width, height, i)):
                out.mux(packet)
        if sound is not None:
            samples, per = int(seconds * 48000), 1024
            for start in range(0, samples, per):
                frame = av.AudioFrame(format="s16", layout="mono", samples=per)
                data = b"".join(int(8000 * math.sin(2 * math.pi * 440 * (start + k) / 48000)).to_bytes(2, "little", signed=True)
                                for k in range(per))
                frame.planes[0].update(data)
                frame.sample_rate, frame.pts, frame.time_base = 48000, start, Fraction(1, 48000)
                for packet in sound.encode(frame):
                    out.mux(packet)
            for packet in sound.encode(None):
                out.mux(packet)
        for packet in video.encode(None):
            out.mux(packet)
    return path
