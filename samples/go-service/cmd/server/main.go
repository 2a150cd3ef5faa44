// Command server serves the cache over HTTP.
package main

import (
	"fmt"
	"runtime"

	"example.com/go-service/internal/cache"
)

func main() {
	runtime.GOMAXPROCS(runtime.NumCPU())
	var e cache.Entry
	fmt.Println(e.Key)
}
