// Package api holds the wire types of the HTTP API.
package api

import (
	"net/http"
	"time"

	"example.com/go-service/internal/cache"
)

// RequestInfo is logged for every request.
type RequestInfo struct {
	ID       [16]byte
	Method   string
	Cached   bool
	Received time.Time
	Status   int32
	Header   http.Header
	Entry    *cache.Entry
	Retried  bool
	Bytes    int64
}

// Point is part of the public API: positional literals of it exist in clients.
type Point struct {
	Flag bool
	X    int64
	Y    bool
}

// Origin uses a positional literal, so Point is never reordered automatically.
var Origin = Point{false, 0, false}
