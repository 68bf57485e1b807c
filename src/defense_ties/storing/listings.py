"""The listing specs of every listed kind, kept in the cache folder (keyed by the package's
files) so that a listing command can be built without importing the kinds' models."""

from __future__ import annotations

import marshal
import sys

from ..core.listing import ListingSpec
from . import cache


def listing_specs(use_cache: bool = True) -> list[ListingSpec]:
    """From the cache folder when the package is unchanged, else from the declarations."""
    from .. import kinds

    if not use_cache or kinds.extra():
        return [d.listing() for d in kinds.registry() if d.listed]
    key = cache.digest(b"listings 2", sys.version.encode(), cache.package_stamp())
    path = cache.cache_dir() / f"listings-{key[:24]}.bin"
    blob = cache.read_blob(path)
    if blob is not None:
        try:
            return [ListingSpec.from_data(d) for d in marshal.loads(blob)]
        except Exception:  # of another layout: rebuild it  # noqa: BLE001
            pass
    specs = [d.listing() for d in kinds.registry() if d.listed]
    cache.write_blob(path, marshal.dumps([s.data() for s in specs]))
    return specs
