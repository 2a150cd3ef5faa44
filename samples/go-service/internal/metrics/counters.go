// Package metrics counts requests.
package metrics

import "sync/atomic"

// Counters are updated on every request from many goroutines.
type Counters struct {
	enabled  bool
	requests int64 // atomic: incremented per request
	errors   int64 // atomic
}

// Inc counts one request.
func (c *Counters) Inc() { atomic.AddInt64(&c.requests, 1) }

// Fail counts one error.
func (c *Counters) Fail() { atomic.AddInt64(&c.errors, 1) }
