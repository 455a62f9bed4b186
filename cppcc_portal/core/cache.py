"""The portal's cache backend: Django's Redis cache, except that `clear()` deletes only this
portal's keys. Django's own clear() is FLUSHDB, which also wipes every other instance that
shares the Redis database (CACHE_KEY_PREFIX exists to allow that) and, under parallel tests,
the cache of the other test workers."""

from django.core.cache.backends.redis import RedisCache

_GLOB = str.maketrans({c: f"\\{c}" for c in "*?[]\\"})


class PortalRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(None, write=True)
        pattern = f"{self.key_prefix.translate(_GLOB)}:*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True
