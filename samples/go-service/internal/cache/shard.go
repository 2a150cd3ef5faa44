package cache

import (
	"sync"
	"sync/atomic"
)

// shard is one lock-protected slice of the cache.
type shard struct {
	closed  bool
	mu      sync.RWMutex
	evicted bool
	items   map[string]*Entry
	hits    atomic.Int64
	misses  uint64 // updated with atomic.AddUint64
}

func (s *shard) miss() { atomic.AddUint64(&s.misses, 1) }
