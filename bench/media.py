"""Video processing speed: processing time divided by clip duration for a 30-second 480p clip with
sound (the goal is at most 1.0 — a video is ready no later than it takes to watch it).

    .venv/bin/python -m bench.media [--seconds 30] [--height 480]

The clip is generated first (not timed); then the same steps the ``media.process_video`` task runs
are timed: the probe, and the one-pass transcode to H.264 + AAC MP4 ≤ 720p with poster and preview.
Not a test; it asserts nothing. Write the figure, with the command, into your notes."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--height", type=int, default=480)
    parser.add_argument("--fps", type=int, default=30)
    args = parser.parse_args()

    from arena.media import video
    from tests.media.clips import make_clip

    width = args.height * 4 // 3 // 2 * 2
    with tempfile.TemporaryDirectory() as tmp:
        clip = make_clip(Path(tmp) / "clip.mp4", width=width, height=args.height, seconds=args.seconds,
                         fps=args.fps, audio=True)
        started = time.perf_counter()
        facts = video.probe(clip)
        outputs = video.transcode(clip, Path(tmp) / "out", facts)
        elapsed = time.perf_counter() - started
        out = video.probe(outputs["video"])
    print(f"clip: {width}x{args.height} {args.fps} fps, {facts.duration:.1f} s, audio {facts.audio_codec}")
    print(f"output: {out.width}x{out.height} {out.video_codec}+{out.audio_codec}, {out.duration:.1f} s")
    print(f"cpus: {os.cpu_count()}  processing: {elapsed:.2f} s  ratio (processing / duration): "
          f"{elapsed / facts.duration:.3f}  (goal <= 1.0)")


if __name__ == "__main__":
    main()
