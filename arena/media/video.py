"""Video work with PyAV (the FFmpeg bindings): probe a file, and turn an original into a streamable
H.264 + AAC MP4 (at most ``max_height`` lines, rotation applied, faststart), a poster image and a
short silent preview loop — in one decoding pass."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

import av


class NotAVideo(Exception):
    """The file is not a container with a video stream FFmpeg can decode."""


@dataclass
class Probe:
    duration: float
    width: int
    height: int
    fps: float | None
    video_codec: str
    audio_codec: str | None
    rotation: int  # counter-clockwise degrees to turn the picture for display: 0, 90, 180 or 270

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def display_size(self) -> tuple[int, int]:
        return (self.height, self.width) if self.rotation in (90, 270) else (self.width, self.height)


def probe(path: str | Path) -> Probe:
    """Open the file by its content (never its name) and decode one video frame."""
    try:
        with av.open(str(path), "r") as container:
            if not container.streams.video:
                raise NotAVideo("no video stream")
            stream = container.streams.video[0]
            first = None
            for frame in container.decode(stream):
                first = frame
                break
            if first is None:
                raise NotAVideo("no decodable video frame")
            if container.duration is not None:
                duration = container.duration / av.time_base
            elif stream.duration is not None and stream.time_base:
                duration = float(stream.duration * stream.time_base)
            else:
                duration = 0.0
            rate = stream.average_rate or stream.guessed_rate
            audio = container.streams.audio[0].codec_context.name if container.streams.audio else None
            return Probe(duration=round(duration, 3), width=first.width, height=first.height,
                         fps=round(float(rate), 3) if rate else None, video_codec=stream.codec_context.name,
                         audio_codec=audio, rotation=int(round(first.rotation or 0)) % 360)
    except NotAVideo:
        raise
    except (av.FFmpegError, ValueError, IndexError, OSError) as exc:
        raise NotAVideo(str(exc)) from exc


def target_size(width: int, height: int, max_height: int) -> tuple[int, int]:
    """Keep the aspect ratio, never upscale, even dimensions (H.264 with 4:2:0 needs them)."""
    if height > max_height:
        width, height = width * max_height / height, max_height
    return max(2, int(round(width / 2)) * 2), max(2, int(round(height / 2)) * 2)


_ROTATE = {90: ["transpose=cclock"], 180: ["hflip", "vflip"], 270: ["transpose=clock"]}


def _graph(stream, rotation: int, size: tuple[int, int]):
    graph = av.filter.Graph()
    nodes = [graph.add_buffer(template=stream)]
    for spec in _ROTATE.get(rotation, []) + [f"scale={size[0]}:{size[1]}", "format=yuv420p"]:
        name, _, args = spec.partition("=")
        nodes.append(graph.add(name, args or None))
    nodes.append(graph.add("buffersink"))
    graph.link_nodes(*nodes).configure()
    return graph


def _video_stream(output, rate: Fraction, size: tuple[int, int], time_base, crf: str):
    stream = output.add_stream("libx264", rate=rate, options={"preset": "veryfast", "crf": crf})
    stream.width, stream.height = size
    stream.pix_fmt = "yuv420p"
    stream.codec_context.time_base = time_base
    stream.thread_count = 0
    return stream


def transcode(source: str | Path, folder: Path, facts: Probe, *, max_height: int = 720,
              preview_seconds: float = 3, progress: Callable[[int], None] | None = None) -> dict[str, Path]:
    """Write ``video.mp4``, ``poster.jpg`` and ``preview.mp4`` into ``folder`` (temporary names the
    caller moves into place). Returns the paths by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"video": folder / "video.mp4", "poster": folder / "poster.jpg", "preview": folder / "preview.mp4"}
    width, height = facts.display_size
    size = target_size(width, height, max_height)
    preview_size = target_size(width, height, min(240, max_height))
    poster_at = min(1.0, facts.duration / 2) if facts.duration else 0.0
    with av.open(str(source), "r") as src:
        in_v = src.streams.video[0]
        in_v.thread_type = "AUTO"
        in_a = src.streams.audio[0] if src.streams.audio else None
        rate = in_v.average_rate or in_v.guessed_rate or Fraction(25)
        graph = _graph(in_v, facts.rotation, size)
        faststart = {"movflags": "+faststart"}
        with av.open(str(paths["video"]), "w", format="mp4", options=faststart) as out, \
                av.open(str(paths["preview"]), "w", format="mp4", options=faststart) as prev:
            out_v = _video_stream(out, rate, size, in_v.time_base, "23")
            prev_v = _video_stream(prev, rate, preview_size, in_v.time_base, "30")
            out_a = None
            if in_a is not None:
                out_a = out.add_stream("aac", rate=48000, layout="stereo")
                out_a.bit_rate = 128_000
            state = {"last": None, "first": None, "prev_last": None, "poster": False, "pct": -1}

            def emit(frame):
                if frame.pts is None:
                    return
                if state["first"] is None:
                    state["first"] = frame.pts
                frame.pts -= state["first"]
                if state["last"] is not None and frame.pts <= state["last"]:
                    return  # a non-increasing timestamp would be refused by the muxer
                state["last"] = frame.pts
                seconds = float(frame.pts * in_v.time_base)
                if not state["poster"] and seconds >= poster_at:
                    frame.to_image().save(paths["poster"], "JPEG", quality=85)
                    state["poster"] = True
                for packet in out_v.encode(frame):
                    out.mux(packet)
                if seconds < preview_seconds:
                    small = frame.reformat(width=preview_size[0], height=preview_size[1])
                    small.pts = frame.pts
                    for packet in prev_v.encode(small):
                        prev.mux(packet)
                if progress and facts.duration:
                    pct = min(99, int(seconds * 100 / facts.duration))
                    if pct >= state["pct"] + 5:
                        state["pct"] = pct
                        progress(pct)

            streams = [s for s in (in_v, in_a) if s is not None]
            for packet in src.demux(*streams):
                try:
                    frames = packet.decode()
                except av.FFmpegError:
                    continue  # a damaged packet: skip it, as players do
                for frame in frames:
                    if packet.stream is in_v:
                        graph.push(frame)
                        _drain(graph, emit)
                    elif out_a is not None:
                        frame.pts = None
                        for out_packet in out_a.encode(frame):
                            out.mux(out_packet)
            graph.push(None)
            _drain(graph, emit)
            for stream, container in ((out_v, out), (prev_v, prev), (out_a, out)):
                if stream is not None:
                    for packet in stream.encode(None):
                        container.mux(packet)
    if state["last"] is None:
        raise NotAVideo("no decodable video frame")
    if not state["poster"]:
        raise NotAVideo("no frame for a poster")
    return paths


def _drain(graph, emit) -> None:
    while True:
        try:
            frame = graph.pull()
        except (av.BlockingIOError, av.EOFError):
            return
        emit(frame)
