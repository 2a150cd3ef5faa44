// Package cache keeps recently used values in memory.
package cache

import "time"

// Entry is one cached value.
type Entry struct {
	// Valid is false once the entry was evicted.
	Valid bool
	Key   string `json:"key"` // cache key, as sent by the client
	Kind  uint8

	// Expiry bookkeeping.
	ExpiresAt int64 // unix nanoseconds
	Hits      uint32
	Value     *Blob
	Pinned    bool // never evicted
	Size      int64
}

// Blob is the stored payload.
type Blob struct {
	Data        []byte
	ContentType string
	StoredAt    time.Time
}

// Expired reports whether the entry is past its expiry time.
func (e *Entry) Expired(now time.Time) bool { return e.ExpiresAt < now.UnixNano() }
