import pytest

from tests.media.clips import make_clip


@pytest.fixture
def config(base_config, tmp_path):
    return {**base_config, "MEDIA_STORAGE_PATH": str(tmp_path / "media-store")}


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def clip(clip_dir):
    """Factory of cached tiny clips by name."""
    made = {}
    recipes = {
        "plain": dict(),
        "rotated": dict(rotation=90, seconds=1.2),
        "silent": dict(audio=False, seconds=1.2),
        "hd": dict(width=1920, height=1080, seconds=0.4, fps=5, audio=False),
        "long": dict(seconds=3, fps=5, audio=False),
        "big": dict(width=320, height=240, seconds=1.5, fps=10, audio=False, lossless=True),
    }

    def get(name: str):
        if name not in made:
            made[name] = make_clip(clip_dir / f"{name}.mp4", **recipes[name])
        return made[name]

    return get

from tests.contests.conftest import create_contest  # noqa: E402,F401  (the contests factory, for submissions with videos)
